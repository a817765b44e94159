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
                double[] m = org.dancelens.testsupport.TestRgbMeans.channelMeans(frames.get(f));
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

    /** The label the colour-means model gives frames {@code from..to} (inclusive) of the 40-frame video, worked out from the pixels. */
    private static String predicted(List<VideoFrame> frames, int from, int to) {
        double[] sum = new double[3];
        for (int f = from; f <= to; f++) {
            double[] m = org.dancelens.testsupport.TestRgbMeans.channelMeans(frames.get(f));
            double[] p = ClassifierKindsTest.softmax(new double[] {m[0] / 0.02, m[1] / 0.02, m[2] / 0.02});
            for (int c = 0; c < 3; c++) {
                sum[c] += p[c];
            }
        }
        return List.of("red", "green", "blue").get(sum[0] >= sum[1] && sum[0] >= sum[2] ? 0 : sum[1] >= sum[2] ? 1 : 2);
    }

    private CliRun evaluate(String rows) throws Exception {
        Files.writeString(dir.resolve("labels.csv"), "video,label,start_s,end_s\n" + rows);
        return CliRun.of("evaluate", "--manifest", dir.resolve("labels.csv").toString(), "--model", "rgb", "--models", dir.toString(),
                "--out", dir.resolve("eval").toString());
    }

    /**
     * The video is 40 frames at 25 fps: 1.6 s. A segment that starts at or after its end, or ends more than a frame
     * after it, is a typo or the wrong video: one sentence naming the line, before any model runs and before any report.
     * (Before, such a row was clamped to the last frame and scored, e.g. as correct.)
     */
    @Test
    void segmentsOutsideTheVideoAreAnErrorNamingTheLine() throws Exception {
        Path video = TestMedia.generated("classify-64x48.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 40, 25).gop(10));
        List<VideoFrame> frames = new ArrayList<>();
        try (VideoSource src = VideoSource.open(video)) {
            src.read(0, 40, frames::add, org.dancelens.testsupport.TestMedia.NO_DAMAGE, TaskContext.NONE);
        }
        org.dancelens.testsupport.TestRgbMeans.install(dir, "rgb", 0.02);
        String last = predicted(frames, 39, 39);
        String first = predicted(frames, 0, 9);
        Path manifest = dir.resolve("labels.csv");

        // Starts after the end (labelled as the last frame's prediction: clamped, it scored as correct).
        CliRun after = evaluate(video + "," + first + ",0,0.36\n" + video + "," + last + ",5,6\n");
        assertThat(after.code()).isEqualTo(2);
        assertThat(after.err().lines().toList()).hasSize(1);
        assertThat(after.err().strip()).isEqualTo("dancelens: The manifest " + manifest + " line 3 has start_s 5, at or after the end of"
                + " classify-64x48.mkv, which is 1.60 s long.");
        assertThat(dir.resolve("eval")).doesNotExist();

        // Starts exactly at the end, with no end_s.
        CliRun atTheEnd = evaluate(video + "," + last + ",1.6,\n");
        assertThat(atTheEnd.code()).isEqualTo(2);
        assertThat(atTheEnd.err().strip()).endsWith("line 2 has start_s 1.6, at or after the end of classify-64x48.mkv, which is 1.60 s long.");

        // Ends after the end: partly outside.
        CliRun partly = evaluate(video + "," + first + ",0,0.36\n\n" + video + "," + last + ",1.2,2.5\n");
        assertThat(partly.code()).isEqualTo(2);
        assertThat(partly.err().lines().toList()).hasSize(1);
        assertThat(partly.err().strip()).isEqualTo("dancelens: The manifest " + manifest + " line 4 has end_s 2.5, after the end of"
                + " classify-64x48.mkv, which is 1.60 s long (an empty end_s means to the end).");
        assertThat(dir.resolve("eval")).doesNotExist();

        // Empty and reversed segments are the manifest's own errors, also one line naming the line.
        CliRun reversed = evaluate(video + "," + first + ",0.8,0.4\n");
        assertThat(reversed.code()).isEqualTo(2);
        assertThat(reversed.err().strip()).isEqualTo("dancelens: The manifest " + manifest + " line 2 has start_s 0.8 not before end_s 0.4.");
        CliRun empty = evaluate(video + "," + first + ",,0\n");
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err().strip()).contains("line 2 has end_s 0 and no start_s");
        assertThat(dir.resolve("eval")).doesNotExist();
    }

    /** A segment ending at the video's end, or within a frame after it (a rounded time), covers the frames to the last. */
    @Test
    void segmentsEndingAtTheVideosEndScoreTheFramesToTheLast() throws Exception {
        Path video = TestMedia.generated("classify-64x48.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 40, 25).gop(10));
        List<VideoFrame> frames = new ArrayList<>();
        try (VideoSource src = VideoSource.open(video)) {
            src.read(0, 40, frames::add, org.dancelens.testsupport.TestMedia.NO_DAMAGE, TaskContext.NONE);
        }
        org.dancelens.testsupport.TestRgbMeans.install(dir, "rgb", 0.02);
        String tail = predicted(frames, 30, 39);
        CliRun r = evaluate(video + "," + tail + ",1.2,1.6\n" + video + "," + tail + ",1.2,1.63\n" + video + "," + tail + ",1.2,\n");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        JsonNode m = new ObjectMapper().readTree(dir.resolve("eval/metrics.json").toFile());
        assertThat(m.get("n").asInt()).isEqualTo(3);
        for (JsonNode item : m.get("items")) {
            assertThat(item.get("predicted").asText()).as(item.get("item").asText()).isEqualTo(tail);
        }
        assertThat(m.get("accuracy").asDouble()).isEqualTo(1.0);
    }
}
