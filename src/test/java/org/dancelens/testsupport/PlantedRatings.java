package org.dancelens.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dancelens.core.TaskContext;
import org.dancelens.core.VideoFrame;
import org.dancelens.video.PatternVideoWriter;
import org.dancelens.video.VideoSource;

/**
 * Ratings planted on a closed-form scorer, shared by the tests of {@code evaluate --ratings} and of the evaluation
 * window: a scorer whose score is the frame's mean brightness ({@link #installBrightness}), eight segments of a
 * generated lossless video (frames 5s to 5s+4), each segment's score worked out from the decoded frames, and three
 * raters whose ratings are a known linear function of that score plus a fixed offset per rater and a small fixed
 * pattern (so that the raters do not agree exactly).
 */
public final class PlantedRatings {
    public static final int SEGMENTS = 8;
    public static final double[] OFFSET = {0.5, -0.2, 1.0};
    public static final String[] RATERS = {"ana", "ben", "cleo"};

    /**
     * What was planted.
     *
     * @param video     the generated video
     * @param manifest  the ratings manifest written (wide form, one row per segment and criterion)
     * @param criteria  the criteria, in the manifest's order
     * @param score     the scorer's score of each segment, from the decoded frames
     * @param ratings   {@code [criterion][segment][rater]}
     * @param reference {@code [criterion][segment]}: the mean of the raters
     */
    public record Planted(Path video, Path manifest, List<String> criteria, double[] score, double[][][] ratings, double[][] reference) {
    }

    private PlantedRatings() {
    }

    /** Writes {@code brightness.onnx} and {@code brightness.yaml} (id {@code brightness}, task scorer) into {@code dir}. */
    public static void installBrightness(Path dir) throws IOException {
        new GraphOnnx().input("image", -1, 3, 48, 64).output("brightness", -1)
                .node("ReduceMean", new String[] {"image"}, "brightness", "axes", new long[] {1, 2, 3}, "keepdims", 0L)
                .write(dir.resolve("brightness.onnx"));
        Files.writeString(dir.resolve("brightness.yaml"), """
                id: brightness
                name: Brightness
                task: scorer
                license: test
                provenance: {onnx: brightness.onnx}
                inputs: [{name: image, layout: NCHW, shape: [-1, 3, 48, 64]}]
                outputs: [{name: brightness, shape: [-1], decoding: score}]
                """);
    }

    /** A fixed, small pattern per segment and rater. */
    public static double wobble(int segment, int rater) {
        return 0.03 * ((segment * (rater + 2)) % 3 - 1);
    }

    /**
     * Rater j's rating of segment s on criterion c: the first criterion rises with the score (2 + 10 score), the second
     * falls with it (7 - 4 score), each plus the rater's offset and the wobble.
     */
    public static double rating(int criterion, double score, int segment, int rater) {
        double base = criterion == 0 ? 2 + 10 * score : 7 - 4 * score;
        return base + OFFSET[rater] + wobble(segment + criterion, rater);
    }

    /** The generated video (64x48, 40 frames at 25/s, FFV1). */
    public static Path video() {
        return TestMedia.generated("classify-64x48.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 40, 25).gop(10));
    }

    /**
     * Installs the scorer into {@code dir} and writes {@code dir/ratings.csv} rating every segment on each of
     * {@code criteria} (one or two).
     */
    public static Planted write(Path dir, String... criteria) throws IOException {
        if (criteria.length < 1 || criteria.length > 2) {
            throw new IllegalArgumentException("one or two criteria");
        }
        Path video = video();
        List<VideoFrame> frames = new ArrayList<>();
        try (VideoSource src = VideoSource.open(video)) {
            src.read(0, 40, frames::add, TestMedia.NO_DAMAGE, TaskContext.NONE);
        }
        installBrightness(dir);
        // Segment s covers frames 5s..5s+4: times 0.2 s to 0.2 s + 0.16 (the start of its last frame).
        double[] score = new double[SEGMENTS];
        for (int s = 0; s < SEGMENTS; s++) {
            for (int f = 5 * s; f < 5 * s + 5; f++) {
                double[] m = TestRgbMeans.channelMeans(frames.get(f));
                score[s] += (m[0] + m[1] + m[2]) / 3 / 5;
            }
        }
        StringBuilder csv = new StringBuilder("video,start_s,end_s,criterion," + String.join(",", RATERS) + "\n");
        double[][][] ratings = new double[criteria.length][SEGMENTS][RATERS.length];
        double[][] reference = new double[criteria.length][SEGMENTS];
        for (int c = 0; c < criteria.length; c++) {
            for (int s = 0; s < SEGMENTS; s++) {
                csv.append(video).append(',').append(String.format(Locale.ROOT, "%.2f,%.2f", 0.2 * s, 0.2 * s + 0.16)).append(',').append(criteria[c]);
                for (int j = 0; j < RATERS.length; j++) {
                    ratings[c][s][j] = rating(c, score[s], s, j);
                    csv.append(',').append(ratings[c][s][j]);
                    reference[c][s] += ratings[c][s][j] / RATERS.length;
                }
                csv.append('\n');
            }
        }
        Path manifest = Files.writeString(dir.resolve("ratings.csv"), csv);
        return new Planted(video, manifest, List.of(criteria), score, ratings, reference);
    }
}
