package org.dancelens.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dancelens.core.TaskContext;
import org.dancelens.core.VideoFrame;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.video.PatternVideoWriter;
import org.dancelens.video.VideoSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dancelens evaluate} with a closed-form frame classifier (softmax of the channel means) on segments of a
 * generated video: the test works out each segment's prediction from the decoded frames itself, labels three
 * segments with it and one with another label, so accuracy must be exactly 3/4.
 */
class EvaluateCliTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final IsolatedData data = new IsolatedData();



    @Test
    void metricsMatchPredictionsWorkedOutFromTheFrames() throws Exception {
        Path video = TestMedia.generated("classify-64x48.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 40, 25).gop(10));
        List<VideoFrame> frames = new ArrayList<>();
        try (VideoSource src = VideoSource.open(video)) {
            src.read(0, 40, frames::add, TestMedia.NO_DAMAGE, TaskContext.NONE);
        }
        org.dancelens.testsupport.TestRgbMeans.install(dir, "rgb", 0.02);
        List<String> labels = List.of("red", "green", "blue");
        StringBuilder manifest = new StringBuilder("video,label,start_s,end_s\n");
        for (int seg = 0; seg < 4; seg++) {
            double[] sum = new double[3];
            for (int f = seg * 10; f < seg * 10 + 10; f++) {
                double[] m = ClassifierKindsTest.channelMeans(frames.get(f));
                double[] p = ClassifierKindsTest.softmax(new double[] {m[0] / 0.02, m[1] / 0.02, m[2] / 0.02});
                for (int c = 0; c < 3; c++) {
                    sum[c] += p[c];
                }
            }
            int best = sum[0] >= sum[1] && sum[0] >= sum[2] ? 0 : sum[1] >= sum[2] ? 1 : 2;
            String truth = seg == 3 ? labels.get((best + 1) % 3) : labels.get(best);
            // segment seg covers frames [10 seg, 10 seg + 9]: times 0.4 seg to 0.4 seg + 0.36 s
            manifest.append(video).append(',').append(truth).append(',').append(0.4 * seg).append(',').append(0.4 * seg + 0.36).append('\n');
        }
        Files.writeString(dir.resolve("labels.csv"), manifest);

        CliRun r = CliRun.of("evaluate", "--manifest", dir.resolve("labels.csv").toString(), "--model", "rgb", "--models", dir.toString(),
                "--out", dir.resolve("eval").toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("rgb on 4 items: accuracy 0.750");
        JsonNode m = new ObjectMapper().readTree(dir.resolve("eval/metrics.json").toFile());
        assertThat(m.get("accuracy").asDouble()).isCloseTo(0.75, within(1e-12));
        assertThat(m.get("n").asInt()).isEqualTo(4);
        assertThat(m.at("/provenance/modelId").asText()).isEqualTo("rgb");
        assertThat(dir.resolve("eval/confusion.png")).exists();
        assertThat(dir.resolve("eval/report.html")).exists();
        assertThat(Files.readAllLines(dir.resolve("eval/confusion.csv")).get(0)).contains("red").contains("green").contains("blue");

        // a second run reuses the stored scores (same numbers)
        CliRun again = CliRun.of("evaluate", "--manifest", dir.resolve("labels.csv").toString(), "--model", "rgb", "--models", dir.toString(),
                "--out", dir.resolve("eval2").toString());
        assertThat(again.out()).contains("accuracy 0.750");
    }

    @Test
    void aManifestNamingAMissingVideoIsOneLine() throws Exception {
        Files.writeString(dir.resolve("bad.csv"), "video,label\nnot-there.mp4,waltz\n");
        CliRun r = CliRun.of("evaluate", "--manifest", dir.resolve("bad.csv").toString(), "--model", "x", "--out", dir.resolve("o").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains("bad.csv").contains("line 2");
    }
}
