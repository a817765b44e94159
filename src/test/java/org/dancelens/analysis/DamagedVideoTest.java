package org.dancelens.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.analysis.store.RunStatus;
import org.dancelens.core.Pose;
import org.dancelens.core.TaskContext;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.TestCnn;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.dancelens.video.VideoSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real footage with damaged bytes in the middle, through the command line: the frames that cannot be decoded are
 * recorded as such, said in one line (count and first frame), left out of results and exports as gaps, excluded from
 * smoothing windows, and count as done, so the same command again reuses the run instead of failing on them.
 */
class DamagedVideoTest {
    @org.junit.jupiter.api.extension.RegisterExtension
    final org.dancelens.testsupport.IsolatedData data = new org.dancelens.testsupport.IsolatedData();

    @TempDir
    Path dir;

    /**
     * vtest.avi with the first 3 KB of the video chunk at 40% of the file zeroed: the decoder rejects that picture
     * ("header damaged"), and the pictures predicted from it up to the next key frame are damaged too. (ASCII garbage
     * at the same place decodes as valid MPEG-4 data and cannot be told from a picture by any decoder; see the README.)
     */
    private Path damaged() throws IOException {
        byte[] bytes = Files.readAllBytes(TestMedia.realFootage("vtest.avi"));
        int at = (int) (bytes.length * 0.4);
        while (!(bytes[at] == '0' && bytes[at + 1] == '0' && bytes[at + 2] == 'd' && bytes[at + 3] == 'c')) {
            at++;
        }
        java.util.Arrays.fill(bytes, at + 8, at + 8 + 3000, (byte) 0);
        Path p = dir.resolve("damaged.avi");
        Files.write(p, bytes);
        return p;
    }

    /** The frames the decoder does not give out, found by reading the whole file once. */
    private static List<Integer> undecodable(Path video) {
        List<Integer> out = new ArrayList<>();
        try (VideoSource src = VideoSource.open(video)) {
            src.read(0, src.frameCount(), f -> true, out::add, TaskContext.NONE);
        }
        return out;
    }

    @Test
    void analyzeClassifyAndExplainRecordTheUndecodableFramesSayThemOnceAndReuseTheRun() throws Exception {
        Path video = damaged();
        List<Integer> lost = undecodable(video);
        assertThat(lost).as("the garbage costs frames").isNotEmpty();
        int from = Math.max(0, lost.get(0) - 15);
        int to = Math.min(lost.get(0) + 25, lost.get(lost.size() - 1) + 10);
        List<Integer> inRange = lost.stream().filter(f -> f >= from && f < to).toList();
        String range = from + ":" + to;
        Path store = dir.resolve("damaged.db");
        TestZoo.registry("movenet-lightning");
        String zoo = TestMedia.generatedDir().resolve("zoo").toString();

        CliRun a = CliRun.of("analyze", video.toString(), "--pose", "movenet-lightning", "--models", zoo, "--range", range, "--smooth", "savgol",
                "--store", store.toString(), "--out", dir.resolve("poses").toString());
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(a.err().strip().lines().toList()).as("one line").hasSize(1);
        assertThat(a.err()).contains(inRange.size() == 1 ? "Frame " + inRange.get(0) + " of damaged.avi could not be decoded"
                : inRange.size() + " frames of damaged.avi could not be decoded (the first is frame " + inRange.get(0));
        try (ResultsStore s = ResultsStore.open(store)) {
            Run run = s.runs().list(video.toAbsolutePath().toString(), RunKind.POSE).get(0);
            assertThat(run.status()).isEqualTo(RunStatus.COMPLETE);
            assertThat(s.undecodable().list(run.id())).isEqualTo(inRange);
            assertThat(run.undecodable()).isEqualTo(inRange.size());
            Map<Integer, Double> times = s.poses().frameTimes(run.id());
            assertThat(times.keySet()).doesNotContainAnyElementsOf(inRange).hasSize(to - from - inRange.size());
            // Offline smoothing ran (the run is complete), and its windows stop at the gap: smoothed differs from raw
            // somewhere, and the frames right beside a gap are smoothed within their own stretch only.
            Map<Integer, List<Pose>> raw = s.poses().read(run.id(), from, to, false);
            Map<Integer, List<Pose>> sm = s.poses().read(run.id(), from, to, true);
            assertThat(raw.keySet().stream().anyMatch(f -> !raw.get(f).get(0).keypoints().equals(sm.get(f).get(0).keypoints())))
                    .as("savgol smoothed the run").isTrue();
            // The stretch before the gap is smoothed on its own: exactly the Savitzky-Golay filter of its raw values.
            List<Integer> before = raw.keySet().stream().filter(f -> f < inRange.get(0)).sorted().toList();
            assertThat(before).as("Lightning follows the dancer on every decoded frame before the gap").hasSize(inRange.get(0) - from);
            double[] xs = before.stream().mapToDouble(f -> raw.get(f).get(0).keypoints().get(0).x()).toArray();
            double[] want = org.dancelens.pose.OfflineSmoothing.savitzkyGolay(xs, 9, 2);
            for (int i = 0; i < before.size(); i++) {
                assertThat((double) sm.get(before.get(i)).get(0).keypoints().get(0).x()).as("frame %d", before.get(i))
                        .isCloseTo(want[i], org.assertj.core.data.Offset.offset(1e-3));
            }
        }
        JsonNode json = new ObjectMapper().readTree(dir.resolve("poses/poses.json").toFile());
        List<Integer> listed = new ArrayList<>();
        json.get("undecodableFrames").forEach(n -> listed.add(n.asInt()));
        assertThat(listed).isEqualTo(inRange);
        assertThat(json.get("status").asText()).isEqualTo("complete");
        json.get("frames").forEach(f -> assertThat(inRange).doesNotContain(f.get("frame").asInt()));

        // The same command again: the undecodable frames are done, the run is reused, and the line is said again.
        CliRun again = CliRun.of("analyze", video.toString(), "--pose", "movenet-lightning", "--models", zoo, "--range", range, "--smooth",
                "savgol", "--store", store.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("already analysed");
        assertThat(again.err().strip()).isEqualTo(a.err().strip());

        // Classify and explain on the same frames: the damaged frames have no scores and no maps, and are said.
        Path models = Files.createDirectories(dir.resolve("models"));
        TestCnn.install(models, 3, List.of("ballet", "hiphop", "folk"), null);
        CliRun c = CliRun.of("classify", video.toString(), "--model", "cnn", "--models", models.toString(), "--range", range, "--store",
                store.toString(), "--out", dir.resolve("scores").toString());
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(c.err().strip().lines().toList()).hasSize(1);
        assertThat(c.err()).contains("could not be decoded");
        List<Integer> scored = Files.readAllLines(dir.resolve("scores/scores.csv")).stream().skip(1).map(l -> Integer.parseInt(l.split(",")[0]))
                .distinct().toList();
        assertThat(scored).doesNotContainAnyElementsOf(inRange).hasSize(to - from - inRange.size());
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("scores/summary.json").toFile());
        List<Integer> said = new ArrayList<>();
        summary.at("/provenance/undecodableFrames").forEach(n -> said.add(n.asInt()));
        assertThat(said).isEqualTo(inRange);

        CliRun e = CliRun.of("explain", video.toString(), "--model", "cnn", "--models", models.toString(), "--frames", range, "--store",
                store.toString());
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.err()).contains("could not be decoded");
        try (ResultsStore s = ResultsStore.open(store)) {
            Run run = s.runs().list(video.toAbsolutePath().toString(), RunKind.EXPLAIN).get(0);
            assertThat(run.status()).isEqualTo(RunStatus.COMPLETE);
            assertThat(s.maps().read(run.id(), from, to).keySet()).doesNotContainAnyElementsOf(inRange).hasSize(to - from - inRange.size());
            assertThat(s.undecodable().list(run.id())).isEqualTo(inRange);
        }
    }

    @Test
    void aFileCutOffBeforeItsDeclaredEndIsSaid() throws Exception {
        byte[] bytes = Files.readAllBytes(TestMedia.realFootage("vtest.avi"));
        Path cut = dir.resolve("cut.avi");
        Files.write(cut, java.util.Arrays.copyOf(bytes, (int) (bytes.length * 0.6)));
        try (VideoSource src = VideoSource.open(cut)) {
            assertThat(src.info().damageNote()).as("the AVI header declares 795 frames")
                    .startsWith("cut.avi declares 795 frames but only " + src.frameCount() + " can be found");
            assertThat(src.frameCount()).isLessThan(795);
        }
        TestZoo.registry("movenet-multipose");
        CliRun a = CliRun.of("analyze", cut.toString(), "--pose", "movenet-multipose", "--models", TestMedia.generatedDir().resolve("zoo").toString(),
                "--range", "400:", "--store", dir.resolve("cut.db").toString());
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(a.err().strip().lines().toList()).hasSize(1);
        assertThat(a.err()).contains("cut.avi declares 795 frames but only");
    }
}
