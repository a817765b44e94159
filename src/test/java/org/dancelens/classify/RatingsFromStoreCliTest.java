package org.dancelens.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dancelens.core.TaskContext;
import org.dancelens.core.VideoFrame;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.video.PatternVideoWriter;
import org.dancelens.video.VideoSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ratings made with {@code dancelens rate add} (as the workbench makes them: the same store) are evaluated through
 * {@code rate export} and {@code evaluate --ratings}: the closed-form brightness scorer of {@link RatingsCliTest} on six
 * rated ranges of a generated video, whose score the test works out from the decoded frames of exactly those ranges;
 * the report's n, bias and MAE are the ones the definitions give — so the exported seconds name the frames rated.
 */
class RatingsFromStoreCliTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final IsolatedData data = new IsolatedData();

    @Test
    void ratingsMadeOnRangesAreWhatEvaluateRatingsCompares() throws Exception {
        Path video = TestMedia.generated("classify-64x48.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 40, 25).gop(10));
        List<VideoFrame> frames = new ArrayList<>();
        try (VideoSource src = VideoSource.open(video)) {
            src.read(0, 40, frames::add, TestMedia.NO_DAMAGE, TaskContext.NONE);
        }
        org.dancelens.testsupport.PlantedRatings.installBrightness(dir);
        // ranges of different lengths: frames 6r .. 6r+2+r/2
        int ranges = 6;
        double[] score = new double[ranges];
        double[] reference = new double[ranges];
        double[] offset = {0.4, -0.3};
        for (int r = 0; r < ranges; r++) {
            int from = 6 * r;
            int to = 6 * r + 2 + r / 2;
            for (int f = from; f <= to; f++) {
                double[] m = org.dancelens.testsupport.TestRgbMeans.channelMeans(frames.get(f));
                score[r] += (m[0] + m[1] + m[2]) / 3 / (to - from + 1);
            }
            for (int j = 0; j < 2; j++) {
                double v = 1 + 8 * score[r] + offset[j] + 0.05 * ((r + j) % 3);
                // what is stored is what was typed: the value as printed with 6 decimals
                String typed = String.format(Locale.ROOT, "%.6f", v);
                reference[r] += Double.parseDouble(typed) / 2;
                CliRun add = CliRun.of("rate", "add", video.toString(), "--rater", j == 0 ? "ana" : "ben", "--criterion", "aesthetics",
                        "--value", typed, "--frames", from + ":" + to);
                assertThat(add.code()).as(add.err()).isZero();
            }
        }
        Path csv = dir.resolve("ratings.csv");
        CliRun export = CliRun.of("rate", "export", video.toString(), "--out", csv.toString());
        assertThat(export.code()).as(export.err()).isZero();
        CliRun eval = CliRun.of("evaluate", "--ratings", csv.toString(), "--model", "brightness", "--models", dir.toString(),
                "--out", dir.resolve("eval").toString());
        assertThat(eval.err()).isEmpty();
        assertThat(eval.code()).isZero();
        assertThat(eval.out()).contains("brightness on aesthetics (6 items)");

        double bias = 0;
        double mae = 0;
        for (int r = 0; r < ranges; r++) {
            double d = score[r] - reference[r];
            bias += d / ranges;
            mae += Math.abs(d) / ranges;
        }
        JsonNode c = new ObjectMapper().readTree(dir.resolve("eval/metrics.json").toFile()).at("/criteria/0");
        assertThat(c.get("n").asInt()).isEqualTo(ranges);
        assertThat(c.get("bias").asDouble()).isCloseTo(bias, within(1e-5));
        assertThat(c.get("mae").asDouble()).isCloseTo(mae, within(1e-5));
        assertThat(c.at("/pearson/r").asDouble()).isCloseTo(RatingsCliTest.pearson(score, reference), within(1e-5));
    }
}
