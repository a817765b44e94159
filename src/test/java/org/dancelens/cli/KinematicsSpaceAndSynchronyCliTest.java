package org.dancelens.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVRecord;
import org.dancelens.analysis.store.PoseFrames;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.analysis.store.RunSpec;
import org.dancelens.analysis.store.RunStatus;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.video.PatternVideoWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dancelens kinematics --space world} on 3D keypoints, and the synchrony of two dancers, one following the
 * other by a known delay.
 */
class KinematicsSpaceAndSynchronyCliTest {
    static final int FRAMES = 300;
    static final double FPS = 30;
    /** Dancer 2 makes dancer 1's movement this much later. */
    static final double DELAY_S = 0.5;

    @TempDir
    Path dir;

    /** The forearm of {@link KinematicsCliTest#dancer}, with world keypoints: the image ones in metres (1 px = 1 cm). */
    static Pose withWorld(int frame) {
        Pose p = KinematicsCliTest.dancer(frame);
        float[][] world = new float[p.keypoints().size()][];
        for (int j = 0; j < world.length; j++) {
            Keypoint k = p.keypoints().get(j);
            world[j] = new float[] {k.x() / 100f, k.y() / 100f, 0.25f};
        }
        return new Pose(p.trackId(), p.schema(), p.keypoints(), p.box(), p.score(), world);
    }

    /**
     * A dancer whose left wrist moves along x as a sum of sines of unrelated frequencies (no period within the
     * video, so the delay is the one best lag), {@code delay} seconds late.
     */
    static Pose mover(int track, int frame, double delay, double offsetX) {
        Pose p = KinematicsCliTest.dancer(0);
        double t = frame / FPS - delay;
        double x = 30 * Math.sin(2 * Math.PI * 0.37 * t) + 20 * Math.sin(2 * Math.PI * 0.61 * t + 1) + 12 * Math.sin(2 * Math.PI * 1.13 * t + 2);
        List<Keypoint> k = new ArrayList<>();
        for (int j = 0; j < p.keypoints().size(); j++) {
            Keypoint q = p.keypoints().get(j);
            boolean wrist = j == p.schema().index("left_wrist");
            k.add(new Keypoint((float) (q.x() + offsetX + (wrist ? x : 0)), q.y(), 0.9f));
        }
        return new Pose(track, p.schema(), k, p.box(), 0.9f, null);
    }

    static Path video() {
        return TestMedia.generated("kinematics-300.mp4", PatternVideoWriter.Spec.of("mp4", "libopenh264", 160, 120, FRAMES, FPS));
    }

    static void store(Path store, Path video, int frames, java.util.function.IntFunction<List<Pose>> poses) {
        try (ResultsStore s = ResultsStore.open(store)) {
            long run = s.runs().findOrCreate(new RunSpec(video.toAbsolutePath().toString(), frames, RunKind.POSE, "blazepose-full", "abc", "card",
                    "{\"smoothing\":\"none\"}", 0, frames)).id();
            List<PoseFrames.FrameResult> rows = new ArrayList<>();
            for (int f = 0; f < frames; f++) {
                rows.add(new PoseFrames.FrameResult(f, f / FPS, poses.apply(f), poses.apply(f)));
            }
            s.poses().write(run, rows);
            s.runs().setStatus(run, RunStatus.COMPLETE);
        }
    }

    @Test
    void worldKeypointsAreMeasuredInMetres() throws Exception {
        Path video = KinematicsCliTest.video();
        Path store = dir.resolve("results.db");
        store(store, video, KinematicsCliTest.FRAMES, f -> List.of(withWorld(f)));
        Path px = dir.resolve("px");
        Path world = dir.resolve("world");
        CliRun a = CliRun.of("kinematics", video.toString(), "--store", store.toString(), "--out", px.toString());
        assertThat(a.code()).as(a.err()).isZero();
        CliRun b = CliRun.of("kinematics", video.toString(), "--store", store.toString(), "--space", "world", "--out", world.toString());
        assertThat(b.code()).as(b.err()).isZero();
        List<CSVRecord> image = KinematicsCliTest.csv(px.resolve("kinematics-7.csv"));
        List<CSVRecord> metres = KinematicsCliTest.csv(world.resolve("kinematics-7.csv"));
        int compared = 0;
        for (int i = 0; i < image.size(); i++) {
            String angle = metres.get(i).get("angle.left_elbow");
            String speedPx = image.get(i).get("speed.left_wrist");
            if (angle.isEmpty() || speedPx.isEmpty()) {
                continue;
            }
            // the same forearm: the same angle, and a hundredth of the speed (1 px = 1 cm)
            assertThat(Double.parseDouble(angle)).isCloseTo(KinematicsCliTest.START_DEG + KinematicsCliTest.RATE_DEG_S * i / FPS, within(0.01));
            assertThat(Double.parseDouble(metres.get(i).get("speed.left_wrist"))).isCloseTo(Double.parseDouble(speedPx) / 100, within(1e-4));
            compared++;
        }
        assertThat(compared).as("frames with an angle and a speed, away from the gap and the ends").isGreaterThanOrEqualTo(35);
        JsonNode sum = new ObjectMapper().readTree(world.resolve("kinematics-summary.json").toFile());
        assertThat(sum.get("settings").get("space").asText()).isEqualTo("world");
        assertThat(sum.get("dancers").get(0).get("lengthUnit").asText()).isEqualTo("m");
        assertThat(sum.get("dancers").get(0).get("units").get("speed.left_wrist").asText()).isEqualTo("m/s");

        // a calibration and world keypoints do not go together
        CliRun both = CliRun.of("kinematics", video.toString(), "--store", store.toString(), "--space", "world", "--calibration", "0.01",
                "--out", dir.resolve("o").toString());
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err().lines().toList()).containsExactly("dancelens: A calibration turns image pixels into metres; world (3D) keypoints are in"
                + " metres already, so use one or the other.");
        CliRun bad = CliRun.of("kinematics", video.toString(), "--store", store.toString(), "--space", "4d", "--out", dir.resolve("o").toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().lines().toList()).containsExactly("dancelens: --space takes image or world, not '4d'.");
    }

    @Test
    void aRunWithoutWorldKeypointsIsOneSentenceForTheWorldSpace() {
        Path video = KinematicsCliTest.video();
        Path store = dir.resolve("results.db");
        KinematicsCliTest.storePoses(store, video);
        CliRun r = CliRun.of("kinematics", video.toString(), "--store", store.toString(), "--space", "world", "--out", dir.resolve("o").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).contains("holds no world (3D) keypoints, so its movement cannot be measured in metres");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void theFollowerIsFoundHalfASecondLateAndUnisonDancersAtLagZero() throws Exception {
        Path video = video();
        Path store = dir.resolve("results.db");
        // dancer 1 leads, dancer 2 follows 0.5 s later, dancer 3 moves in unison with dancer 1
        store(store, video, FRAMES, f -> List.of(mover(1, f, 0, 0), mover(2, f, DELAY_S, 200), mover(3, f, 0, 400)));
        Path out = dir.resolve("kin");
        CliRun r = CliRun.of("kinematics", video.toString(), "--store", store.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<CSVRecord> rows = KinematicsCliTest.csv(out.resolve("synchrony.csv"));
        assertThat(rows).isNotEmpty();
        int measured12 = 0;
        int measured13 = 0;
        for (CSVRecord w : rows) {
            assertThat(w.get("series")).isEqualTo("energy");
            if (w.get("lag_s").isEmpty()) {
                continue; // a window too near the ends for every lag
            }
            double lag = Double.parseDouble(w.get("lag_s"));
            double peak = Double.parseDouble(w.get("peak_r"));
            String pair = w.get("dancer_a") + "-" + w.get("dancer_b");
            switch (pair) {
                case "1-2" -> {
                    assertThat(lag).as("window at %s s", w.get("start_s")).isCloseTo(DELAY_S, within(1.5 / FPS));
                    assertThat(peak).isGreaterThan(0.95);
                    measured12++;
                }
                case "1-3" -> {
                    assertThat(lag).isCloseTo(0, within(1.5 / FPS));
                    assertThat(Double.parseDouble(w.get("zero_lag_r"))).isGreaterThan(0.99);
                    measured13++;
                }
                case "2-3" -> assertThat(lag).isCloseTo(-DELAY_S, within(1.5 / FPS));
                default -> throw new AssertionError(pair);
            }
        }
        assertThat(measured12).as("windows of 4 s every 0.5 s with every lag up to 2 s, over 10 s").isGreaterThanOrEqualTo(5);
        assertThat(measured13).isGreaterThanOrEqualTo(5);
        JsonNode sy = new ObjectMapper().readTree(out.resolve("kinematics-summary.json").toFile()).get("synchrony");
        assertThat(sy.get("file").asText()).isEqualTo("synchrony.csv");
        assertThat(sy.get("pairs")).hasSize(3);
        assertThat(sy.get("pairs").get(0).get("medianLagSeconds").asDouble()).isCloseTo(DELAY_S, within(1.5 / FPS));

        CliRun none = CliRun.of("kinematics", video.toString(), "--store", store.toString(), "--synchrony", "none", "--out", dir.resolve("none").toString());
        assertThat(none.code()).as(none.err()).isZero();
        assertThat(dir.resolve("none").resolve("synchrony.csv")).doesNotExist();
        CliRun unknown = CliRun.of("kinematics", video.toString(), "--store", store.toString(), "--synchrony", "grace", "--out", dir.resolve("u").toString());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err().lines().toList()).containsExactly("dancelens: There is no measure called 'grace'; choose one of the kinematics CSV's"
                + " columns, e.g. energy or angle.left_knee.");
        assertThat(dir.resolve("u")).doesNotExist();
    }

    @Test
    void manyVideosAreMeasuredAndOneWithoutAPoseRunIsAFailedRow() throws Exception {
        Path folder = java.nio.file.Files.createDirectories(dir.resolve("videos"));
        Path a = java.nio.file.Files.copy(KinematicsCliTest.video(), folder.resolve("a.mp4"));
        Path b = java.nio.file.Files.copy(KinematicsCliTest.video(), folder.resolve("b.mp4"));
        java.nio.file.Files.copy(KinematicsCliTest.video(), folder.resolve("c.mp4"));
        Path store = dir.resolve("results.db");
        KinematicsCliTest.storePoses(store, a);
        KinematicsCliTest.storePoses(store, b);
        Path out = dir.resolve("kin");
        CliRun r = CliRun.of("kinematics", folder.toString(), "--jobs", "2", "--store", store.toString(), "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines().toList()).containsExactly("dancelens: c.mp4: No pose run is stored for c.mp4, so there is no movement to measure:"
                + " run 'dancelens analyze " + folder.resolve("c.mp4").toAbsolutePath() + " --pose movenet-lightning' first.");
        List<CSVRecord> rows = KinematicsCliTest.csv(out.resolve("summary.csv"));
        assertThat(rows).extracting(x -> x.get("status")).containsExactly("measured", "measured", "failed");
        assertThat(rows).extracting(x -> x.get("frames")).containsExactly("60", "60", "0");
        // each video's files in its own folder, the same as one video measured alone
        CliRun alone = CliRun.of("kinematics", a.toString(), "--store", store.toString(), "--out", dir.resolve("alone").toString());
        assertThat(alone.code()).as(alone.err()).isZero();
        assertThat(java.nio.file.Files.readAllBytes(out.resolve("a").resolve("kinematics-7.csv")))
                .isEqualTo(java.nio.file.Files.readAllBytes(dir.resolve("alone").resolve("kinematics-7.csv")));
        assertThat(out.resolve("b").resolve("kinematics-summary.json")).exists();
    }
}
