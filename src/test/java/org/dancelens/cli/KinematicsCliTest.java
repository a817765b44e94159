package org.dancelens.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.dancelens.analysis.store.PoseFrames;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.analysis.store.RunSpec;
import org.dancelens.analysis.store.RunStatus;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.Unprivileged;
import org.dancelens.video.PatternVideoWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dancelens kinematics} on a stored pose run of known motion: a left forearm turning about the elbow at a known
 * rate, with the wrist unseen (low confidence) for a few frames.
 */
class KinematicsCliTest {
    static final int FRAMES = 60;
    static final double FPS = 30;
    /** The left elbow's angle: 40° at frame 0, opening at 45°/s. */
    static final double START_DEG = 40;
    static final double RATE_DEG_S = 45;
    /** Frames where the left wrist scores 0.1 (a gap). */
    static final int GAP_FROM = 28;
    static final int GAP_TO = 32;

    @TempDir
    Path dir;

    static Path video() {
        return TestMedia.generated("kinematics-60.mp4", PatternVideoWriter.Spec.of("mp4", "libopenh264", 160, 120, FRAMES, FPS));
    }

    /** A standing dancer (track 7) whose left forearm turns; every other joint still. */
    static Pose dancer(int frame) {
        SkeletonSchema s = SkeletonSchema.COCO_17;
        Keypoint[] k = new Keypoint[s.size()];
        for (int j = 0; j < k.length; j++) {
            k[j] = new Keypoint(100 + 5 * j, 100 + 3 * j, 0.9f); // placeholders, overwritten for the body below
        }
        set(k, s, "left_shoulder", 200, 100);
        set(k, s, "right_shoulder", 140, 100);
        set(k, s, "left_hip", 190, 220);
        set(k, s, "right_hip", 150, 220);
        set(k, s, "left_knee", 190, 300);
        set(k, s, "right_knee", 150, 300);
        set(k, s, "left_ankle", 190, 380);
        set(k, s, "right_ankle", 150, 380);
        set(k, s, "left_elbow", 200, 160);
        set(k, s, "right_elbow", 140, 160);
        set(k, s, "right_wrist", 140, 210);
        // upper arm points up from the elbow; the forearm makes START + RATE t degrees with it
        double a = Math.toRadians(START_DEG + RATE_DEG_S * frame / FPS);
        set(k, s, "left_wrist", 200 + 50 * Math.sin(a), 160 - 50 * Math.cos(a));
        if (frame >= GAP_FROM && frame < GAP_TO) {
            int w = s.index("left_wrist");
            k[w] = new Keypoint(k[w].x(), k[w].y(), 0.1f);
        }
        return new Pose(7, s, List.of(k), new float[] {130, 90, 220, 390}, 0.9f, null);
    }

    private static void set(Keypoint[] k, SkeletonSchema s, String joint, double x, double y) {
        k[s.index(joint)] = new Keypoint((float) x, (float) y, 0.9f);
    }

    static long storePoses(Path store, Path video) {
        try (ResultsStore s = ResultsStore.open(store)) {
            long run = s.runs().findOrCreate(new RunSpec(video.toAbsolutePath().toString(), FRAMES, RunKind.POSE, "movenet-lightning", "abc", "card",
                    "{\"smoothing\":\"none\"}", 0, FRAMES)).id();
            List<PoseFrames.FrameResult> rows = new ArrayList<>();
            for (int f = 0; f < FRAMES; f++) {
                rows.add(new PoseFrames.FrameResult(f, f / FPS, List.of(dancer(f)), List.of(dancer(f))));
            }
            s.poses().write(run, rows);
            s.runs().setStatus(run, RunStatus.COMPLETE);
            return run;
        }
    }

    static List<CSVRecord> csv(Path file) throws Exception {
        try (Reader r = Files.newBufferedReader(file)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r).getRecords();
        }
    }

    @Test
    void aForearmTurningAtAKnownRateGivesItsAngularVelocityAndGapsStayEmpty() throws Exception {
        Path video = video();
        Path store = dir.resolve("results.db");
        long run = storePoses(store, video);
        Path out = dir.resolve("kin");
        long t0 = System.nanoTime();
        CliRun r = CliRun.of("kinematics", video.toString(), "--store", store.toString(), "--out", out.toString());
        System.out.printf("kinematics of %d frames: %.0f ms%n", FRAMES, (System.nanoTime() - t0) / 1e6);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith(video.getFileName() + ": 1 dancer of pose run " + run + " (movenet-lightning), 60 frames measured in ");

        List<CSVRecord> rows = csv(out.resolve("kinematics-7.csv"));
        assertThat(rows).hasSize(FRAMES);
        int checked = 0;
        for (CSVRecord row : rows) {
            int f = Integer.parseInt(row.get("frame"));
            assertThat(Double.parseDouble(row.get("time_s"))).isCloseTo(f / FPS, within(1e-6));
            boolean gap = f >= GAP_FROM && f < GAP_TO;
            if (gap) {
                assertThat(row.get("angle.left_elbow")).as("frame %d: the unseen wrist is a gap, not 0", f).isEmpty();
                assertThat(row.get("speed.left_wrist")).as("frame %d", f).isEmpty();
            } else {
                assertThat(Double.parseDouble(row.get("angle.left_elbow"))).as("frame %d", f).isCloseTo(START_DEG + RATE_DEG_S * f / FPS, within(0.01));
            }
            String w = row.get("angular_velocity.left_elbow");
            if (!w.isEmpty()) {
                assertThat(Double.parseDouble(w)).as("frame %d", f).isCloseTo(RATE_DEG_S, within(0.1));
                checked++;
            }
            // the right elbow never moves
            assertThat(Double.parseDouble(row.get("angle.right_elbow"))).isCloseTo(180, within(0.01));
        }
        assertThat(checked).as("angular velocities measured away from the gap and the ends").isGreaterThan(30);

        JsonNode sum = new ObjectMapper().readTree(out.resolve("kinematics-summary.json").toFile());
        assertThat(sum.get("provenance").get("poseRun").asLong()).isEqualTo(run);
        assertThat(sum.get("provenance").get("model").asText()).isEqualTo("movenet-lightning");
        assertThat(sum.get("provenance").get("settings").get("smoothing").asText()).isEqualTo("none");
        assertThat(sum.get("provenance").get("software").get("version").asText()).isNotEmpty();
        JsonNode d = sum.get("dancers").get(0);
        assertThat(d.get("track").asInt()).isEqualTo(7);
        assertThat(d.get("units").get("angular_velocity.left_elbow").asText()).isEqualTo("deg/s");
        assertThat(d.get("summary").get("rom.left_elbow.max").asDouble()).isCloseTo(START_DEG + RATE_DEG_S * (FRAMES - 1) / FPS, within(0.01));
        assertThat(d.get("summary").get("rom.right_elbow.range").asDouble()).isCloseTo(0, within(0.01));
    }

    @Test
    void eachRunIsStoredAsANewKinematicsRunAndExportedWithTheData() throws Exception {
        Path video = video();
        Path store = dir.resolve("results.db");
        long pose = storePoses(store, video);
        Path first = dir.resolve("first");
        CliRun a = CliRun.of("kinematics", video.toString(), "--store", store.toString(), "--out", first.toString());
        assertThat(a.code()).as(a.err()).isZero();
        CliRun b = CliRun.of("kinematics", video.toString(), "--store", store.toString(), "--min-score", "0.5", "--out", dir.resolve("second").toString());
        assertThat(b.code()).as(b.err()).isZero();
        CliRun c = CliRun.of("kinematics", video.toString(), "--store", store.toString(), "--out", dir.resolve("third").toString());
        assertThat(c.code()).as(c.err()).isZero();
        List<org.dancelens.analysis.store.Run> runs;
        try (ResultsStore s = ResultsStore.open(store)) {
            runs = s.runs().list(video.toAbsolutePath().toString(), RunKind.KINEMATICS);
            assertThat(runs).as("a new run each time, the same settings included").hasSize(3);
            org.dancelens.analysis.store.Run oldest = runs.get(2);
            assertThat(a.out()).contains("(stored as kinematics run " + oldest.id() + ")");
            assertThat(oldest.finished()).isTrue();
            assertThat(oldest.modelId()).isEqualTo("movenet-lightning");
            assertThat(oldest.spec().settings()).contains("\"poseRun\":" + pose).contains("\"minScore\":0.3");
            java.util.Map<String, byte[]> files = s.files().read(oldest.id());
            assertThat(files.keySet()).containsExactly("kinematics-7.csv", "kinematics-summary.json");
            assertThat(files.get("kinematics-7.csv")).isEqualTo(Files.readAllBytes(first.resolve("kinematics-7.csv")));
        }
        Path data = dir.resolve("data");
        CliRun e = CliRun.of("export", "data", video.toString(), "--store", store.toString(), "--out", data.toString());
        assertThat(e.code()).as(e.err()).isZero();
        long id = runs.get(2).id();
        assertThat(Files.readAllBytes(data.resolve("kinematics-" + id + "-kinematics-7.csv"))).isEqualTo(Files.readAllBytes(first.resolve("kinematics-7.csv")));
        assertThat(data.resolve("kinematics-" + id + "-kinematics-summary.json")).exists();
        JsonNode prov = new ObjectMapper().readTree(data.resolve("provenance-" + id + ".json").toFile());
        assertThat(prov.get("kind").asText()).isEqualTo("kinematics");
        assertThat(prov.get("settings").get("poseRun").asLong()).isEqualTo(pose);
        assertThat(new ObjectMapper().readTree(data.resolve("export.json").toFile()).get("runs")).hasSize(4);
    }

    @Test
    void aCalibrationGivesMetres() throws Exception {
        Path video = video();
        Path store = dir.resolve("results.db");
        storePoses(store, video);
        Path px = dir.resolve("px");
        Path m = dir.resolve("m");
        assertThat(CliRun.of("kinematics", video.toString(), "--store", store.toString(), "--out", px.toString()).code()).isZero();
        CliRun r = CliRun.of("kinematics", video.toString(), "--store", store.toString(), "--calibration", "0.01", "--out", m.toString());
        assertThat(r.code()).as(r.err()).isZero();
        CSVRecord a = csv(px.resolve("kinematics-7.csv")).get(10);
        CSVRecord b = csv(m.resolve("kinematics-7.csv")).get(10);
        assertThat(Double.parseDouble(b.get("speed.left_wrist"))).isCloseTo(0.01 * Double.parseDouble(a.get("speed.left_wrist")), within(1e-6));
        assertThat(b.get("angle.left_elbow")).isEqualTo(a.get("angle.left_elbow"));
        JsonNode sum = new ObjectMapper().readTree(m.resolve("kinematics-summary.json").toFile());
        assertThat(sum.get("dancers").get(0).get("lengthUnit").asText()).isEqualTo("m");
        assertThat(sum.get("settings").get("metresPerPixel").asDouble()).isEqualTo(0.01);
    }

    @Test
    void withoutAPoseRunOneSentenceAndExit2() {
        Path video = video();
        CliRun r = CliRun.of("kinematics", video.toString(), "--store", dir.resolve("none.db").toString(), "--out", dir.resolve("o").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines().toList()).containsExactly("dancelens: No pose run is stored for kinematics-60.mp4, so there is no movement to measure:"
                + " run 'dancelens analyze " + video + " --pose movenet-lightning' first.");
        assertThat(dir.resolve("o")).doesNotExist();

        // a store with other results but no pose run for this video says the same
        Path store = dir.resolve("other.db");
        storePoses(store, TestMedia.generated("kinematics-other.mp4", PatternVideoWriter.Spec.of("mp4", "libopenh264", 160, 120, FRAMES, FPS)));
        CliRun other = CliRun.of("kinematics", video.toString(), "--store", store.toString(), "--out", dir.resolve("o").toString());
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.err()).startsWith("dancelens: No pose run is stored for kinematics-60.mp4");
        assertThat(other.err().lines().count()).isEqualTo(1);
    }

    @Test
    void anUnknownRunIdIsOneSentence() {
        Path video = video();
        Path store = dir.resolve("results.db");
        storePoses(store, video);
        CliRun r = CliRun.of("kinematics", video.toString(), "--store", store.toString(), "--pose-run", "42", "--out", dir.resolve("o").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines().toList()).containsExactly(
                "dancelens: --pose-run 42: the store holds no run 42 (see the runs of the video in the workbench's Runs list).");
    }

    @Test
    void badOptionsAndAnUnwritableFolderAreOneSentence() throws Exception {
        Path video = video();
        Path store = dir.resolve("results.db");
        storePoses(store, video);
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        CliRun onFile = CliRun.of("kinematics", video.toString(), "--store", store.toString(), "--out", file.toString());
        assertThat(onFile.code()).isEqualTo(2);
        assertThat(onFile.err().lines().toList()).containsExactly("dancelens: --out " + file + " is a file, not a folder: give the folder the results go to.");

        CliRun score = CliRun.of("kinematics", video.toString(), "--store", store.toString(), "--min-score", "2", "--out", dir.resolve("o").toString());
        assertThat(score.code()).isEqualTo(2);
        assertThat(score.err().lines().toList()).containsExactly("dancelens: --min-score takes a confidence from 0 to 1, not 2.0.");
        CliRun cal = CliRun.of("kinematics", video.toString(), "--store", store.toString(), "--calibration", "-1", "--out", dir.resolve("o").toString());
        assertThat(cal.code()).isEqualTo(2);
        assertThat(cal.err().lines().count()).isEqualTo(1);

        Path under = file.resolve("kin");
        CliRun underFile = CliRun.of("kinematics", video.toString(), "--store", store.toString(), "--out", under.toString());
        assertThat(underFile.code()).isEqualTo(2);
        assertThat(underFile.err().lines().toList()).containsExactly("dancelens: --out " + under + " cannot be created: " + file + " is a file, not a folder.");
    }

    @Test
    void aReadOnlyFolderIsOneSentenceAndNothingIsWritten() throws Exception {
        boolean root = Unprivileged.runningAsRoot();
        Path work = root ? Unprivileged.readableFolder("dancelens-kinematics") : dir;
        try {
            Path media = Files.createDirectories(work.resolve("media"));
            Files.setPosixFilePermissions(media, PosixFilePermissions.fromString("rwxrwxrwx"));
            Path source = Files.copy(video(), media.resolve("dance.mp4"));
            Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rw-r--r--"));
            Path store = media.resolve("results.sqlite");
            storePoses(store, source);
            Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rw-rw-rw-"));
            Path locked = Files.createDirectories(work.resolve("locked"));
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
            if (!root) {
                assumeFalse(Files.isWritable(locked), "This file system ignores folder permissions, so a read-only folder cannot be made here; skipping.");
            }
            String[] c = {"kinematics", source.toString(), "--out", locked.resolve("kin").toString(), "--store", store.toString()};
            CliRun r = root ? Unprivileged.dancelens(work, c) : CliRun.of(c);
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().strip()).isEqualTo("dancelens: --out " + locked.resolve("kin") + " cannot be created: no permission to write in " + locked + ".");
            try (Stream<Path> s = Files.list(locked)) {
                assertThat(s.toList()).isEmpty();
            }
        } finally {
            if (root) {
                try (Stream<Path> all = Files.walk(work)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            } else {
                Files.setPosixFilePermissions(work.resolve("locked"), PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }
}
