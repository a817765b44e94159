package org.dancelens.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunStatus;
import org.dancelens.core.CancelledException;
import org.dancelens.core.Pose;
import org.dancelens.core.TaskContext;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.KilledAnalysis;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pose job on real footage: store contents, reuse, cancellation and resume, a killed process, the CLI exports. */
class PoseAnalysisTest {
    /** The video's results store (where the command line now stores) in a data folder of the test's own. */
    @org.junit.jupiter.api.extension.RegisterExtension
    final org.dancelens.testsupport.IsolatedData data = new org.dancelens.testsupport.IsolatedData();

    @TempDir
    Path dir;

    private static ModelRegistry.Entry multipose() {
        return TestZoo.registry("movenet-multipose").find("movenet-multipose");
    }

    @Test
    void analysesAFrameRangeAndReusesItWhenRunAgain() {
        Path vtest = TestMedia.realFootage("vtest.avi");
        try (ResultsStore store = ResultsStore.open(dir.resolve("a.db"))) {
            PoseAnalysis.Result r = PoseAnalysis.run(vtest, multipose(), store, 100, 140, PoseAnalysis.Settings.defaults(),
                    OrtRuntime.Device.CPU, TaskContext.NONE);
            assertThat(r.processed()).isEqualTo(40);
            assertThat(store.poses().firstMissingFrame(r.runId(), 100, 140)).isEqualTo(140);
            Map<Integer, List<Pose>> raw = store.poses().read(r.runId(), 100, 140, false);
            Map<Integer, List<Pose>> sm = store.poses().read(r.runId(), 100, 140, true);
            assertThat(raw.values().stream().mapToInt(List::size).sum()).isPositive();
            assertThat(raw.values()).allSatisfy(l -> assertThat(l).allSatisfy(p -> assertThat(p.trackId()).isPositive()));
            assertThat(sm.keySet()).isEqualTo(raw.keySet());
            assertThat(store.poses().frameTimes(r.runId())).hasSize(40).containsEntry(100, 10.0);
            assertThat(store.integrityCheck()).isEqualTo("ok");
            PoseAnalysis.Result again = PoseAnalysis.run(vtest, multipose(), store, 100, 140, PoseAnalysis.Settings.defaults(),
                    OrtRuntime.Device.CPU, TaskContext.NONE);
            assertThat(again.reusedAll()).isTrue();
            assertThat(again.runId()).isEqualTo(r.runId());
            assertThat(store.runs().all()).hasSize(1);
            assertThat(store.runs().all().get(0).spec().onnxSha256()).hasSize(64);
            assertThat(store.runs().all().get(0).spec().card()).contains("movenet-multipose");
        }
    }

    @Test
    void offlineSmoothingRewritesTheSmoothedKeypointsAndKeepsTheRawOnes() {
        Path vtest = TestMedia.realFootage("vtest.avi");
        for (String method : List.of("savgol", "butterworth")) {
            try (ResultsStore store = ResultsStore.open(dir.resolve(method + ".db"))) {
                PoseAnalysis.Result r = PoseAnalysis.run(vtest, multipose(), store, 500, 560,
                        new PoseAnalysis.Settings(method, 0.2f, 1.0, 0.05), OrtRuntime.Device.CPU, TaskContext.NONE);
                Map<Integer, List<Pose>> raw = store.poses().read(r.runId(), 500, 560, false);
                Map<Integer, List<Pose>> sm = store.poses().read(r.runId(), 500, 560, true);
                // Frame-to-frame jitter of every keypoint of every track: smoothed is calmer than raw.
                double rawJitter = jitter(raw);
                double smJitter = jitter(sm);
                assertThat(smJitter).as(method).isLessThan(rawJitter);
                assertThat(store.runs().all().get(0).status()).isEqualTo(RunStatus.COMPLETE);
            }
        }
    }

    /** Mean absolute second difference of keypoint x over consecutive frames of the same track. */
    private static double jitter(Map<Integer, List<Pose>> poses) {
        double sum = 0;
        int n = 0;
        for (Map.Entry<Integer, List<Pose>> e : poses.entrySet()) {
            List<Pose> prev = poses.get(e.getKey() - 1);
            List<Pose> next = poses.get(e.getKey() + 1);
            if (prev == null || next == null) {
                continue;
            }
            for (Pose p : e.getValue()) {
                Pose a = prev.stream().filter(q -> q.trackId() == p.trackId()).findFirst().orElse(null);
                Pose b = next.stream().filter(q -> q.trackId() == p.trackId()).findFirst().orElse(null);
                if (a == null || b == null) {
                    continue;
                }
                for (int j = 0; j < 17; j++) {
                    sum += Math.abs(a.keypoints().get(j).x() - 2 * p.keypoints().get(j).x() + b.keypoints().get(j).x());
                    n++;
                }
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 300, unit = TimeUnit.SECONDS) // the former after-the-fact bound, now also ending a hang
    void cancelKeepsWhatWasDoneAndTheNextRunResumes() {
        Path vtest = TestMedia.realFootage("vtest.avi");
        try (ResultsStore store = ResultsStore.open(dir.resolve("c.db"))) {
            int[] seen = new int[1];
            TaskContext cancelSoon = new TaskContext() {
                @Override
                public void progress(double fraction, String message) {
                    if (message.startsWith("frame ")) {
                        seen[0]++; // analysis progress, every 8 frames (not the indexing progress)
                    }
                }

                @Override
                public boolean isCancelled() {
                    return seen[0] >= 3; // progress comes every 8 frames
                }
            };
            assertThatThrownBy(() -> PoseAnalysis.run(vtest, multipose(), store, 0, 200, PoseAnalysis.Settings.defaults(),
                    OrtRuntime.Device.CPU, cancelSoon)).isInstanceOf(CancelledException.class);
            Run run = store.runs().all().get(0);
            assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
            int done = store.poses().firstMissingFrame(run.id(), 0, 200);
            assertThat(done).isBetween(20, 60);
            Map<Integer, List<Pose>> before = store.poses().read(run.id(), 0, done, false);
            // The frames the tracker held back at the cancel are in the saved state, not stored: the resume starts after it.
            int resumeAt = store.poses().checkpoint(run.id()).orElseThrow().frame() + 1;
            assertThat(resumeAt).isGreaterThanOrEqualTo(done);

            PoseAnalysis.Result resumed = PoseAnalysis.run(vtest, multipose(), store, 0, 200, PoseAnalysis.Settings.defaults(),
                    OrtRuntime.Device.CPU, TaskContext.NONE);
            assertThat(resumed.resumed()).isTrue();
            assertThat(resumed.processed()).isEqualTo(200 - resumeAt);
            assertThat(store.poses().firstMissingFrame(run.id(), 0, 200)).isEqualTo(200);
            // The frames kept from the cancelled run are untouched by the resumed one.
            Map<Integer, List<Pose>> after = store.poses().read(run.id(), 0, done, false);
            assertThat(after.keySet()).isEqualTo(before.keySet());
            before.forEach((frame, poses) -> {
                assertThat(after.get(frame)).extracting(Pose::trackId).isEqualTo(poses.stream().map(Pose::trackId).toList());
                assertThat(after.get(frame)).extracting(Pose::keypoints).isEqualTo(poses.stream().map(Pose::keypoints).toList());
            });
            assertThat(store.runs().all().get(0).status()).isEqualTo(RunStatus.COMPLETE);
        }
    }

    /**
     * The promise of the README (and of the store's design): results are committed at least every second, so a process
     * killed with {@code kill -9} loses at most the last second. A pose job in a JVM of its own kills itself (SIGKILL)
     * the moment it reports 64 frames analysed and says how many it had; the store must then hold every one of those
     * frames but at most one second of video's worth (10 at vtest.avi's 10 fps), pass its integrity check, and the
     * same job must resume after the last stored frame.
     */
    @Test
    void aKilledProcessLosesAtMostTheLastSecondAndTheRunResumes() throws Exception {
        Path vtest = TestMedia.realFootage("vtest.avi");
        Path zoo = TestMedia.generatedDir().resolve("zoo");
        multipose(); // make sure the zoo is there
        double fps;
        try (org.dancelens.video.VideoSource src = org.dancelens.video.VideoSource.open(vtest)) {
            fps = src.info().fps();
        }
        Path db = dir.resolve("killed.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xss4m", "-cp", System.getProperty("java.class.path"), KilledAnalysis.class.getName(),
                vtest.toString(), zoo.toString(), "movenet-multipose", db.toString(), "64")
                .redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the killed job ended").isTrue();
        String log = Files.readString(dir.resolve("killed.log"));
        assertThat(p.exitValue()).as("killed by SIGKILL (exit 128 + 9); its output:%n%s", log).isEqualTo(137);
        int analysed = Integer.parseInt(log.lines().filter(l -> l.startsWith("analysed ")).findFirst()
                .orElseThrow(() -> new AssertionError("the job did not report its progress; its output:\n" + log)).substring(9));
        assertThat(analysed).isGreaterThanOrEqualTo(64);
        try (ResultsStore s = ResultsStore.open(db)) {
            assertThat(s.integrityCheck()).isEqualTo("ok");
            Run run = s.runs().all().get(0);
            int kept = s.poses().firstMissingFrame(run.id(), 0, 795);
            assertThat(s.poses().frameTimes(run.id())).as("the frames kept are exactly 0 .. kept-1").hasSize(kept);
            // A resume starts after the checkpoint: the stored frames and the frames the tracker held back in it.
            int resumeAt = s.poses().checkpoint(run.id()).orElseThrow().frame() + 1;
            assertThat(kept).isLessThanOrEqualTo(resumeAt);
            assertThat(resumeAt).as("frames kept of the %d analysed before the kill", analysed).isLessThanOrEqualTo(analysed)
                    .isGreaterThanOrEqualTo(analysed - (int) Math.floor(fps));
            System.out.printf(Locale.ROOT, "kill -9 after %d frames of vtest.avi analysed (movenet-multipose): %d stored, resumes at %d%n",
                    analysed, kept, resumeAt);
            PoseAnalysis.Result r = PoseAnalysis.run(vtest, multipose(), s, 0, 795, PoseAnalysis.Settings.defaults(),
                    OrtRuntime.Device.CPU, TaskContext.NONE);
            assertThat(r.resumed()).isTrue();
            assertThat(r.processed()).isEqualTo(795 - resumeAt);
            assertThat(s.poses().firstMissingFrame(run.id(), 0, 795)).isEqualTo(795);
        }
    }

    @Test
    void blazePoseRunsExportWorldCoordinates() throws Exception {
        Path vtest = TestMedia.realFootage("vtest.avi");
        TestZoo.registry("blazepose-detector", "blazepose-lite");
        Path out = dir.resolve("bp");
        CliRun r = CliRun.of("analyze", vtest.toString(), "--pose", "blazepose-lite", "--range", "300:320",
                "--models", TestMedia.generatedDir().resolve("zoo").toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> csv = Files.readAllLines(out.resolve("poses.csv"));
        assertThat(csv.get(0)).isEqualTo("frame,time_s,track,keypoint,x,y,score,kind,world_x,world_y,world_z");
        assertThat(csv.size()).isGreaterThan(1);
        assertThat(csv.get(1).split(",")).hasSize(11);
        JsonNode j = new ObjectMapper().readTree(out.resolve("poses.json").toFile());
        assertThat(j.get("skeleton").get("name").asText()).isEqualTo("blazepose-33");
        JsonNode person = null;
        for (JsonNode f : j.get("frames")) {
            if (f.get("people").size() > 0) {
                person = f.get("people").get(0);
                break;
            }
        }
        assertThat(person).isNotNull();
        assertThat(person.get("keypoints")).hasSize(99);
        assertThat(person.get("keypoints_3d")).hasSize(33);
        assertThat(person.get("keypoints_3d").get(0)).hasSize(3);
    }

    @Test
    void analyzeCommandWritesStoreCsvAndJson() throws Exception {
        Path vtest = TestMedia.realFootage("vtest.avi");
        multipose();
        Path out = dir.resolve("out dir");
        CliRun r = CliRun.of("analyze", vtest.toString(), "--pose", "movenet-multipose", "--range", "300:330",
                "--models", TestMedia.generatedDir().resolve("zoo").toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("30 frames analysed");
        List<String> csv = Files.readAllLines(out.resolve("poses.csv"));
        assertThat(csv.get(0)).isEqualTo("frame,time_s,track,keypoint,x,y,score,kind");
        assertThat(csv.subList(1, csv.size())).allSatisfy(l -> assertThat(l.split(",")).hasSize(8));
        assertThat(csv.stream().filter(l -> l.endsWith(",raw")).count()).isEqualTo(csv.stream().filter(l -> l.endsWith(",smoothed")).count());
        JsonNode j = new ObjectMapper().readTree(out.resolve("poses.json").toFile());
        assertThat(j.get("format").asText()).isEqualTo("dancelens-poses-1");
        assertThat(j.get("skeleton").get("keypoints")).hasSize(17);
        assertThat(j.get("frames")).hasSize(30);
        assertThat(j.get("frames").get(0).get("frame").asInt()).isEqualTo(300);
        List<Integer> tracks = new ArrayList<>();
        for (JsonNode f : j.get("frames")) {
            for (JsonNode person : f.get("people")) {
                assertThat(person.get("keypoints")).hasSize(51);
                assertThat(person.get("bbox")).hasSize(4);
                tracks.add(person.get("track_id").asInt());
            }
        }
        assertThat(tracks).isNotEmpty();
        // Re-running with the same settings reuses the store.
        CliRun again = CliRun.of("analyze", vtest.toString(), "--pose", "movenet-multipose", "--range", "300:330",
                "--models", TestMedia.generatedDir().resolve("zoo").toString(), "--out", out.toString());
        assertThat(again.out()).contains("already analysed");
        // Bad input: unknown model, bad range.
        assertThat(CliRun.of("analyze", vtest.toString(), "--pose", "no-such-model", "--out", out.toString()).code()).isEqualTo(2);
        assertThat(CliRun.of("analyze", vtest.toString(), "--pose", "movenet-multipose", "--range", "5000:6000",
                "--models", TestMedia.generatedDir().resolve("zoo").toString(), "--out", out.toString()).err()).contains("range");
    }
}
