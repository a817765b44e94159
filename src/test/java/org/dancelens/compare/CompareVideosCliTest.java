package org.dancelens.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.swing.text.MutableAttributeSet;
import javax.swing.text.html.HTML;
import javax.swing.text.html.HTMLEditorKit;
import javax.swing.text.html.parser.ParserDelegator;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.core.Pose;
import org.dancelens.export.CompareExport;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.RealClips;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dancelens compare videos} on real pose runs: two clips cut from vtest.avi (people walking, 10 fps), B starting
 * one second (10 frames) later in the footage than A, each analysed by movenet-lightning. With the sync 1:0 the two
 * show the same frames; the files against the store; the report as HTML with its pictures; the refusals.
 */
class CompareVideosCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static Path clipA;
    static Path clipB;
    static Path store;

    @TempDir
    Path dir;

    @org.junit.jupiter.api.extension.RegisterExtension
    final org.dancelens.testsupport.IsolatedData data = new org.dancelens.testsupport.IsolatedData();

    @BeforeAll
    static void analysed() {
        clipA = RealClips.vtest(600, 40);
        clipB = RealClips.vtest(610, 30);
        store = shared.resolve("clips.db");
        TestZoo.registry("movenet-lightning");
        String zoo = TestMedia.generatedDir().resolve("zoo").toString();
        for (Path clip : List.of(clipA, clipB)) {
            CliRun a = CliRun.of("analyze", clip.toString(), "--pose", "movenet-lightning", "--models", zoo, "--store", store.toString());
            assertThat(a.code()).as(a.err()).isZero();
        }
    }

    private static Set<String> files(Path d) throws Exception {
        try (Stream<Path> f = Files.list(d)) {
            return f.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    /** The report parsed by the JDK's HTML parser: the {@code src} of every {@code <img>}. */
    static List<String> images(Path html) throws Exception {
        List<String> srcs = new ArrayList<>();
        new ParserDelegator().parse(new StringReader(Files.readString(html)), new HTMLEditorKit.ParserCallback() {
            @Override
            public void handleSimpleTag(HTML.Tag t, MutableAttributeSet a, int pos) {
                if (t == HTML.Tag.IMG) {
                    srcs.add(String.valueOf(a.getAttribute(HTML.Attribute.SRC)));
                }
            }
        }, true);
        return srcs;
    }

    static void reportHoldsPictures(Path out, int atLeast) throws Exception {
        List<String> imgs = images(out.resolve("report.html"));
        assertThat(imgs).hasSizeGreaterThanOrEqualTo(atLeast);
        for (String src : imgs) {
            assertThat(src).startsWith("data:image/png;base64,");
            BufferedImage png = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(src.substring(src.indexOf(',') + 1))));
            assertThat(png.getWidth()).isEqualTo(900);
        }
    }

    private static List<String[]> rows(Path csv) throws Exception {
        return Files.readAllLines(csv).stream().map(l -> l.split(",", -1)).toList();
    }

    @Test
    void frameByFrameAfterTheSyncPointTheSameFootageLinesUp() throws Exception {
        Path out = dir.resolve("frames");
        CliRun r = CliRun.of("compare", "videos", clipA.toString(), clipB.toString(), "--pose", "movenet-lightning", "--sync", "1:0", "--out",
                out.toString(), "--store", store.toString());
        System.out.println(r.out());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        JsonNode summary = JSON.readTree(out.resolve(CompareExport.SUMMARY).toFile());
        assertThat(summary.get("kind").asText()).isEqualTo("dancers");
        assertThat(summary.at("/dancers/a/video").asText()).isEqualTo(clipA.toAbsolutePath().toString());
        assertThat(summary.at("/dancers/b/video").asText()).isEqualTo(clipB.toAbsolutePath().toString());
        assertThat(summary.at("/dancers/a/fromFrame").asInt()).isEqualTo(10);
        assertThat(summary.at("/dancers/b/fromFrame").asInt()).isZero();
        assertThat(summary.at("/summary/method").asText()).isEqualTo("frames");
        Set<String> listed = new TreeSet<>();
        summary.get("files").forEach(f -> listed.add(f.asText()));
        assertThat(files(out)).isEqualTo(listed).containsExactlyInAnyOrder("dancer-steps.csv", "report.html", "summary.json");

        List<String[]> rows = rows(out.resolve("dancer-steps.csv"));
        assertThat(rows.get(0)).startsWith("a_frame", "b_frame", "lag_frames", "lag_s", "cost", "shared_joints", "nose");
        assertThat(rows.get(0)).hasSize(6 + 17);
        int steps = summary.at("/summary/steps").asInt();
        assertThat(rows).hasSize(1 + steps);
        assertThat(steps).as("the walker's torso is seen in most of the 30 common frames").isGreaterThan(15);
        for (String[] row : rows.subList(1, rows.size())) {
            // the same frame of the footage on both sides: A's frame 10 + k is B's frame k, no lag
            assertThat(Integer.parseInt(row[0]) - 10).isEqualTo(Integer.parseInt(row[1]));
            assertThat(Integer.parseInt(row[2])).isZero();
            assertThat(Double.parseDouble(row[3])).isCloseTo(0, offset(1e-3));
        }
        // every step's cost is the description distance of the two stored poses of the dancers named in summary.json
        try (ResultsStore st = ResultsStore.open(store)) {
            Run ra = st.runs().list(clipA.toAbsolutePath().toString(), RunKind.POSE).get(0);
            Run rb = st.runs().list(clipB.toAbsolutePath().toString(), RunKind.POSE).get(0);
            int ta = summary.at("/dancers/a/track").asInt();
            int tb = summary.at("/dancers/b/track").asInt();
            Map<Integer, List<Pose>> pa = st.poses().read(ra.id(), 0, 40, false);
            Map<Integer, List<Pose>> pb = st.poses().read(rb.id(), 0, 30, false);
            double sum = 0;
            for (String[] row : rows.subList(1, rows.size())) {
                Pose a = pa.get(Integer.parseInt(row[0])).stream().filter(p -> p.trackId() == ta).findFirst().orElseThrow();
                Pose b = pb.get(Integer.parseInt(row[1])).stream().filter(p -> p.trackId() == tb).findFirst().orElseThrow();
                List<String> joints = a.schema().joints();
                double d = PoseDescription.distance(PoseDescription.describe(a, joints, 0.3, false), PoseDescription.describe(b, joints, 0.3, false), 6, 1);
                assertThat(Double.parseDouble(row[4])).isCloseTo(d, offset(1e-5));
                sum += d;
            }
            assertThat(summary.at("/summary/meanStepCost").asDouble()).isCloseTo(sum / steps, offset(1e-9));
        }
        reportHoldsPictures(out, 2);
    }

    /** The warping path of the CSV: [a_frame, b_frame, lag_frames] per row, checked to be a path with the lag of its frames. */
    static List<int[]> path(Path out, int firstA, int firstB) throws Exception {
        List<String[]> rows = rows(out.resolve("dancer-steps.csv"));
        int prevA = -1;
        int prevB = -1;
        List<int[]> path = new ArrayList<>();
        for (String[] row : rows.subList(1, rows.size())) {
            int a = Integer.parseInt(row[0]);
            int b = Integer.parseInt(row[1]);
            assertThat(a).isGreaterThanOrEqualTo(prevA);
            assertThat(b).isGreaterThanOrEqualTo(prevB);
            assertThat(a > prevA || b > prevB).isTrue();
            prevA = a;
            prevB = b;
            int lag = Integer.parseInt(row[2]);
            assertThat(lag).isEqualTo((b - firstB) - (a - firstA));
            assertThat(Double.parseDouble(row[3])).isCloseTo(lag / 10.0, offset(1e-3)); // 10 fps on both sides
            path.add(new int[] {a, b, lag});
        }
        return path;
    }

    @Test
    void timeWarpingTwoRealRunsGivesAWarpingPath() throws Exception {
        Path out = dir.resolve("dtw");
        CliRun r = CliRun.of("compare", "videos", clipA.toString(), clipB.toString(), "--pose", "movenet-lightning", "--align", "dtw", "--window", "0.5",
                "--out", out.toString(), "--store", store.toString());
        System.out.println(r.out());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        JsonNode summary = JSON.readTree(out.resolve(CompareExport.SUMMARY).toFile());
        assertThat(summary.at("/summary/method").asText()).isEqualTo("dtw");
        assertThat(summary.at("/definitions/window").asDouble()).isEqualTo(0.5);
        List<int[]> path = path(out, 0, 0);
        assertThat(path).hasSize(summary.at("/summary/steps").asInt());
        // the summary's lag range is the CSV's
        assertThat(summary.at("/summary/minLagS").asDouble()).isCloseTo(path.stream().mapToInt(p -> p[2]).min().orElseThrow() / 10.0, offset(1e-6));
        assertThat(summary.at("/summary/maxLagS").asDouble()).isCloseTo(path.stream().mapToInt(p -> p[2]).max().orElseThrow() / 10.0, offset(1e-6));
        assertThat(summary.get("moments").size()).isBetween(1, 10);
        reportHoldsPictures(out, 4);
    }

    @Test
    void aDancerAgainstHimselfOneSecondLaterIsFoundOneSecondAhead() throws Exception {
        // one video twice, the same dancer: B starts at 1 s, so B's frame 10 + k shows what A's frame 10 + k shows; A starts at 0 s
        int track;
        try (ResultsStore st = ResultsStore.open(store)) {
            Run ra = st.runs().list(clipA.toAbsolutePath().toString(), RunKind.POSE).get(0);
            track = org.dancelens.analysis.DancerAlignment.load(st, ra, false).longestTrack();
        }
        Path out = dir.resolve("self");
        CliRun r = CliRun.of("compare", "videos", clipA.toString(), clipA.toString(), "--pose", "movenet-lightning", "--dancers", track + ":" + track,
                "--sync", "0:1", "--align", "dtw", "--out", out.toString(), "--store", store.toString());
        System.out.println(r.out());
        assertThat(r.code()).as(r.err()).isZero();
        List<int[]> path = path(out, 0, 10);
        long same = path.stream().filter(p -> p[0] == p[1]).count();
        System.out.printf("DTW of a real dancer against himself 1 s later: %d of %d steps pair a frame with itself (lag -10)%n", same, path.size());
        // after the start (A's first 10 frames have no partner but B's first), every frame is paired with itself
        assertThat(path.stream().filter(p -> p[0] >= 10)).allSatisfy(p -> assertThat(p[1]).isEqualTo(p[0]));
        assertThat(path.stream().filter(p -> p[0] >= 10)).allSatisfy(p -> assertThat(p[2]).isEqualTo(-10));
    }

    @Test
    void compareRunsWritesAReportWithTheTimelineToo() throws Exception {
        Path out = dir.resolve("runs");
        long id;
        try (ResultsStore st = ResultsStore.open(store)) {
            id = st.runs().list(clipA.toAbsolutePath().toString(), RunKind.POSE).get(0).id();
        }
        // the same model with other settings: a second run over part of the clip, unsmoothed
        CliRun again = CliRun.of("analyze", clipA.toString(), "--pose", "movenet-lightning", "--range", "0:20", "--smooth", "none", "--models",
                TestMedia.generatedDir().resolve("zoo").toString(), "--store", store.toString());
        assertThat(again.code()).as(again.err()).isZero();
        long other;
        try (ResultsStore st = ResultsStore.open(store)) {
            other = st.runs().list(clipA.toAbsolutePath().toString(), RunKind.POSE).stream().mapToLong(Run::id).filter(x -> x != id).findFirst().orElseThrow();
        }
        // first a dancer comparison into the folder: the comparison of runs replaces it, no dancer-steps.csv stays
        CliRun first = CliRun.of("compare", "videos", clipA.toString(), clipB.toString(), "--pose", "movenet-lightning", "--out", out.toString(),
                "--store", store.toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(files(out)).contains("dancer-steps.csv");
        CliRun r = CliRun.of("compare", "runs", clipA.toString(), "--a", String.valueOf(id), "--b", String.valueOf(other), "--out", out.toString(),
                "--store", store.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(files(out)).containsExactlyInAnyOrder("pose-pairs.csv", "pose-joints.csv", "pose-missed.csv", "pose-identities.csv", "report.html",
                "summary.json");
        reportHoldsPictures(out, 1);
        assertThat(Files.readString(out.resolve("report.html"))).contains("Mean OKS");
    }

    @Test
    void refusalsAreOneSentence() throws Exception {
        Path out = dir.resolve("refused");
        CliRun model = CliRun.of("compare", "videos", clipA.toString(), clipB.toString(), "--pose", "blazepose-lite", "--out", out.toString(), "--store",
                store.toString());
        assertThat(model.code()).isEqualTo(2);
        assertThat(model.err().strip()).isEqualTo("dancelens: No finished blazepose-lite pose run of " + clipA.getFileName() + " is stored: analyse it first"
                + " with 'dancelens analyze " + clipA + " --pose blazepose-lite' --store " + store + ".");
        CliRun same = CliRun.of("compare", "videos", clipA.toString(), clipA.toString(), "--pose", "movenet-lightning", "--out", out.toString(), "--store",
                store.toString());
        assertThat(same.code()).isEqualTo(2);
        assertThat(same.err().strip()).startsWith("dancelens: A and B are the same video: name the two dancers to compare with --dancers I:J");
        CliRun sync = CliRun.of("compare", "videos", clipA.toString(), clipB.toString(), "--pose", "movenet-lightning", "--sync", "1.5", "--out",
                out.toString(), "--store", store.toString());
        assertThat(sync.code()).isEqualTo(2);
        assertThat(sync.err().strip()).isEqualTo("dancelens: --sync 1.5 is not two seconds, e.g. --sync 1.5:0.2.");
        CliRun late = CliRun.of("compare", "videos", clipA.toString(), clipB.toString(), "--pose", "movenet-lightning", "--sync", "0:9", "--out",
                out.toString(), "--store", store.toString());
        assertThat(late.code()).isEqualTo(2);
        assertThat(late.err().strip()).isEqualTo("dancelens: The sync point of B (9.0 s) is after the last analysed frame of " + clipB.getFileName()
                + " (2.900 s).");
        CliRun dancer = CliRun.of("compare", "videos", clipA.toString(), clipB.toString(), "--pose", "movenet-lightning", "--dancers", "0:77", "--out",
                out.toString(), "--store", store.toString());
        assertThat(dancer.code()).isEqualTo(2);
        assertThat(dancer.err().strip()).startsWith("dancelens: Dancer ");
        assertThat(Files.exists(out)).as("nothing written").isFalse();
    }
}
