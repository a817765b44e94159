package org.dancelens.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dancelens.analysis.RunComparison;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.core.Pose;
import org.dancelens.core.TaskContext;
import org.dancelens.export.CompareExport;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.RealClips;
import org.dancelens.testsupport.TestCnn;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dancelens compare runs} on real runs: a real clip (vtest.avi, people walking) analysed by two real pose models
 * of the test zoo (movenet-lightning, one dancer; movenet-multipose, up to six), classified and explained by two small
 * CNNs with partly different label names; the files against the store, and the refusals.
 */
class CompareRunsCliTest {
    private static final int FRAMES = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static Path clip;
    static Path store;

    @TempDir
    Path dir;

    @org.junit.jupiter.api.extension.RegisterExtension
    final org.dancelens.testsupport.IsolatedData data = new org.dancelens.testsupport.IsolatedData();

    @BeforeAll
    static void analysed() throws Exception {
        // frames 600.. of vtest.avi: several walkers, the one in the middle seen by both models
        clip = RealClips.vtest(600, FRAMES);
        store = shared.resolve("clip.db");
        TestZoo.registry("movenet-lightning", "movenet-multipose");
        String zoo = TestMedia.generatedDir().resolve("zoo").toString();
        for (String model : List.of("movenet-lightning", "movenet-multipose")) {
            CliRun a = CliRun.of("analyze", clip.toString(), "--pose", model, "--range", "0:" + FRAMES, "--models", zoo, "--store", store.toString());
            assertThat(a.code()).as(a.err()).isZero();
        }
        Path cnnA = TestCnn.install(Files.createDirectories(shared.resolve("a")), 7, List.of("ballet", "jazz", "krump", "waltz"), "{resize: letterbox}");
        Path cnnB = TestCnn.install(Files.createDirectories(shared.resolve("b")), 8, List.of("Ballet", "JAZZ", "tango", "Waltz"), "{resize: letterbox}");
        for (Path cnn : List.of(cnnA, cnnB)) {
            CliRun c = CliRun.of("classify", clip.toString(), "--model", cnn.toString(), "--range", "0:" + FRAMES, "--store", store.toString());
            assertThat(c.code()).as(c.err()).isZero();
            CliRun e = CliRun.of("explain", clip.toString(), "--model", cnn.toString(), "--frames", "0:4", "--store", store.toString());
            assertThat(e.code()).as(e.err()).isZero();
        }
    }

    private static List<Run> runs(ResultsStore s, RunKind kind) {
        return s.runs().list(clip.toAbsolutePath().toString(), kind).stream().sorted(java.util.Comparator.comparingLong(Run::id)).toList();
    }

    private static Set<String> files(Path d) throws Exception {
        try (Stream<Path> f = Files.list(d)) {
            return f.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void twoRealPoseModelsAreComparedDancerByDancer() throws Exception {
        Run lightning;
        Run multipose;
        try (ResultsStore s = ResultsStore.open(store)) {
            List<Run> pose = runs(s, RunKind.POSE);
            assertThat(pose).extracting(Run::modelId).containsExactly("movenet-lightning", "movenet-multipose");
            lightning = pose.get(0);
            multipose = pose.get(1);
        }
        Path out = dir.resolve("pose");
        CliRun r = CliRun.of("compare", "runs", clip.toString(), "--a", String.valueOf(multipose.id()), "--b", String.valueOf(lightning.id()), "--out",
                out.toString(), "--store", store.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        System.out.println(r.out());
        assertThat(r.out()).startsWith(clip.getFileName() + ": pose run " + multipose.id() + " (movenet-multipose) vs run " + lightning.id()
                + " (movenet-lightning)");

        JsonNode summary = JSON.readTree(out.resolve(CompareExport.SUMMARY).toFile());
        assertThat(summary.get("format").asText()).isEqualTo(CompareExport.FORMAT);
        assertThat(summary.get("kind").asText()).isEqualTo("pose");
        JsonNode s = summary.get("summary");
        assertThat(s.get("framesCompared").asInt()).isEqualTo(FRAMES);
        int pairs = s.get("matchedPairs").asInt();
        assertThat(pairs).as("the single-pose model finds one of the walkers multipose finds").isPositive();
        assertThat(s.get("meanOks").asDouble()).isStrictlyBetween(0.0, 1.0);
        assertThat(s.get("pck10").asDouble()).isBetween(s.get("pck05").asDouble(), 1.0);
        // multipose sees several walkers, lightning (a single-pose model) one: multipose's other walkers are missed by lightning
        assertThat(s.get("missedByB").asInt()).isPositive();
        assertThat(pairs).isLessThanOrEqualTo(FRAMES);
        assertThat(s.get("framesWithMissedDancer").asInt()).isPositive();
        assertThat(summary.get("joints")).hasSize(17);
        Set<String> listed = new TreeSet<>();
        summary.get("files").forEach(f -> listed.add(f.asText()));
        assertThat(files(out)).isEqualTo(listed).contains("pose-pairs.csv", "pose-joints.csv", "pose-missed.csv", "pose-identities.csv", "report.html", "summary.json");
        CompareVideosCliTest.reportHoldsPictures(out, 2); // OKS per frame, and the per-joint distance heat strips
        assertThat(Files.readString(out.resolve("report.html"))).contains("Distance between A&#39;s and B&#39;s joint per matched dancer and frame, pixels");

        List<String> rows = Files.readAllLines(out.resolve("pose-pairs.csv"));
        assertThat(rows).hasSize(1 + pairs);
        assertThat(Files.readAllLines(out.resolve("pose-joints.csv"))).hasSize(1 + 17 * pairs);
        // every pair's OKS is the OKS of the two stored dancers, and they are the best partners in their frame
        try (ResultsStore st = ResultsStore.open(store)) {
            Map<Integer, List<Pose>> a = st.poses().read(multipose.id(), 0, FRAMES, false);
            Map<Integer, List<Pose>> b = st.poses().read(lightning.id(), 0, FRAMES, false);
            PoseComparison.Joints j = PoseComparison.commonJoints(Pose.class.cast(a.values().iterator().next().get(0)).schema(),
                    b.values().iterator().next().get(0).schema());
            for (String row : rows.subList(1, rows.size())) {
                String[] c = row.split(",");
                int frame = Integer.parseInt(c[0]);
                Pose pa = a.get(frame).stream().filter(p -> p.trackId() == Integer.parseInt(c[1])).findFirst().orElseThrow();
                Pose pb = b.get(frame).stream().filter(p -> p.trackId() == Integer.parseInt(c[2])).findFirst().orElseThrow();
                double oks = PoseComparison.oks(pa, pb, j, 0.3);
                assertThat(Double.parseDouble(c[3])).isCloseTo(oks, org.assertj.core.data.Offset.offset(1e-5));
                for (Pose other : a.get(frame)) {
                    assertThat(PoseComparison.oks(other, pb, j, 0.3)).as("lightning's one dancer is matched with the closest of multipose's")
                            .isLessThanOrEqualTo(oks + 1e-9);
                }
            }

            // the comparison's own time on these runs, without the files
            long t0 = System.nanoTime();
            RunComparison.Outcome o = RunComparison.compare(st, multipose, lightning, TaskContext.NONE);
            double ms = (System.nanoTime() - t0) / 1e6;
            System.out.printf("compare of pose runs over %d frames: %.1f ms, %d pairs%n", FRAMES, ms, ((RunComparison.PoseOutcome) o).result().pairs().size());
        }
    }

    @Test
    void twoClassifiersWithPartlyDifferentLabelsAreCompared() throws Exception {
        List<Run> cls;
        try (ResultsStore s = ResultsStore.open(store)) {
            cls = runs(s, RunKind.CLASSIFY);
        }
        assertThat(cls).hasSize(2);
        Path out = dir.resolve("classify");
        CliRun r = CliRun.of("compare", "runs", clip.toString(), "--a", String.valueOf(cls.get(0).id()), "--b", String.valueOf(cls.get(1).id()), "--out",
                out.toString(), "--store", store.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        System.out.println(r.out());
        assertThat(r.out()).contains("labels matched by name: 3; only in A: krump; only in B: tango");
        JsonNode summary = JSON.readTree(out.resolve(CompareExport.SUMMARY).toFile());
        assertThat(summary.get("unmatchedLabelsA").get(0).asText()).isEqualTo("krump");
        assertThat(summary.get("unmatchedLabelsB").get(0).asText()).isEqualTo("tango");
        JsonNode s = summary.get("summary");
        assertThat(s.get("framesCompared").asInt()).isEqualTo(FRAMES);
        // the files agree with the summary: agreeing frames, confusion table total, segments
        List<String> frames = Files.readAllLines(out.resolve("classify-frames.csv"));
        assertThat(frames).hasSize(1 + FRAMES);
        long agree = frames.stream().skip(1).filter(l -> l.split(",")[5].equals("true")).count();
        assertThat(s.get("agreeing").asLong()).isEqualTo(agree);
        assertThat(s.get("agreement").asDouble()).isEqualTo((double) agree / FRAMES);
        frames.stream().skip(1).forEach(l -> assertThat(Double.parseDouble(l.split(",")[6])).isBetween(0.0, 1.0));
        List<String> conf = Files.readAllLines(out.resolve("classify-confusion.csv"));
        assertThat(conf.get(0)).isEqualTo("a\\b,Ballet,JAZZ,tango,Waltz");
        long total = conf.stream().skip(1).flatMap(l -> Stream.of(l.split(",")).skip(1)).mapToLong(Long::parseLong).sum();
        assertThat(total).isEqualTo(FRAMES);
        assertThat(Files.readAllLines(out.resolve("classify-segments.csv"))).hasSize(1 + s.get("disagreementSegments").asInt());
        assertThat(Files.readAllLines(out.resolve("classify-labels.csv"))).containsExactly("label_a,label_b", "ballet,Ballet", "jazz,JAZZ", "krump,",
                "waltz,Waltz", "\"\",tango"); // Commons CSV quotes an empty first field
    }

    @Test
    void twoExplanationRunsAreComparedMapByMap() throws Exception {
        List<Run> ex;
        try (ResultsStore s = ResultsStore.open(store)) {
            ex = runs(s, RunKind.EXPLAIN);
        }
        Path out = dir.resolve("explain");
        CliRun r = CliRun.of("compare", "runs", clip.toString(), "--a", String.valueOf(ex.get(0).id()), "--b", String.valueOf(ex.get(1).id()), "--out",
                out.toString(), "--store", store.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        JsonNode s = JSON.readTree(out.resolve(CompareExport.SUMMARY).toFile()).get("summary");
        assertThat(s.get("framesCompared").asInt()).isEqualTo(4);
        assertThat(s.get("meanIouTop20").asDouble()).isBetween(0.0, 1.0);
        List<String> rows = Files.readAllLines(out.resolve("explain-frames.csv"));
        assertThat(rows).hasSize(5);

        // a comparison of another kind into the same folder replaces the set: no file of the earlier one stays
        List<Run> cls;
        try (ResultsStore st = ResultsStore.open(store)) {
            cls = runs(st, RunKind.CLASSIFY);
        }
        CliRun again = CliRun.of("compare", "runs", clip.toString(), "--a", String.valueOf(cls.get(0).id()), "--b", String.valueOf(cls.get(1).id()), "--out",
                out.toString(), "--store", store.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(files(out)).containsExactlyInAnyOrder("classify-frames.csv", "classify-segments.csv", "classify-confusion.csv", "classify-labels.csv",
                "report.html", "summary.json");
        CompareVideosCliTest.reportHoldsPictures(out, 1);
    }

    @Test
    void runsOfDifferentKindsTheSameRunTwiceAndUnknownRunsAreRefusedInOneSentence() throws Exception {
        Run pose;
        Run cls;
        try (ResultsStore s = ResultsStore.open(store)) {
            pose = runs(s, RunKind.POSE).get(0);
            cls = runs(s, RunKind.CLASSIFY).get(0);
        }
        Path out = dir.resolve("refused");
        CliRun kinds = CliRun.of("compare", "runs", clip.toString(), "--a", String.valueOf(pose.id()), "--b", String.valueOf(cls.id()), "--out",
                out.toString(), "--store", store.toString());
        assertThat(kinds.code()).isEqualTo(2);
        assertThat(kinds.err().strip()).isEqualTo("dancelens: Run " + pose.id() + " is a pose run and run " + cls.id() + " a classify run: compare two runs of the same kind.");
        CliRun same = CliRun.of("compare", "runs", clip.toString(), "--a", String.valueOf(pose.id()), "--b", String.valueOf(pose.id()), "--out",
                out.toString(), "--store", store.toString());
        assertThat(same.code()).isEqualTo(2);
        assertThat(same.err().strip()).isEqualTo("dancelens: Runs A and B are both run " + pose.id() + ": choose two different runs.");
        CliRun unknown = CliRun.of("compare", "runs", clip.toString(), "--a", "999", "--b", String.valueOf(pose.id()), "--out", out.toString(), "--store",
                store.toString());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err().strip()).isEqualTo("dancelens: Run A (999) is not in the results store clip.db.");
        CliRun missing = CliRun.of("compare", "runs", clip.toString(), "--a", String.valueOf(pose.id()), "--store", store.toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().strip()).isEqualTo("dancelens: Give the two runs and the folder: --a RUN --b RUN --out DIR (--list shows the runs of "
                + clip.getFileName() + ").");
        assertThat(Files.exists(out)).as("nothing written").isFalse();
    }

    @Test
    void listShowsTheRunsToChooseFrom() throws Exception {
        CliRun r = CliRun.of("compare", "runs", clip.toString(), "--list", "--store", store.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        try (ResultsStore s = ResultsStore.open(store)) {
            List<Run> all = new java.util.ArrayList<>();
            for (RunKind k : RunKind.values()) {
                all.addAll(runs(s, k));
            }
            assertThat(r.out().lines()).hasSize(all.size());
            for (Run run : all) {
                assertThat(r.out().lines()).anySatisfy(l -> assertThat(l.trim().split("\\s+")).startsWith(String.valueOf(run.id()), run.kind().key(),
                        run.modelId(), "complete"));
            }
        }
    }
}
