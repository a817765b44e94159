package org.dancelens.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.dancelens.analysis.store.Maps;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.core.CancelledException;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.ScoreSeries;
import org.dancelens.core.TaskContext;
import org.dancelens.core.VideoFrame;
import org.dancelens.render.OverlayRenderer;
import org.dancelens.render.OverlayScene;
import org.dancelens.render.Viewport;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.RealClips;
import org.dancelens.testsupport.TestCnn;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.dancelens.video.VideoSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dancelens export data} and {@code export frame} on a real clip (vtest.avi) analysed with a real pose model
 * of the test zoo (movenet-multipose), classified and explained with a small CNN: the files against the store, the
 * COCO file's structure, the picture against the player's renderer, and the bad cases.
 */
class ExportCliTest {
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
        clip = RealClips.vtest(300, 120);
        store = shared.resolve("clip.db");
        TestZoo.registry("movenet-multipose");
        String zoo = TestMedia.generatedDir().resolve("zoo").toString();
        CliRun a = CliRun.of("analyze", clip.toString(), "--pose", "movenet-multipose", "--range", "0:" + FRAMES, "--models", zoo, "--store",
                store.toString());
        assertThat(a.code()).as(a.err()).isZero();
        Path cnn = TestCnn.install(shared, 7, List.of("ballet", "jazz", "krump", "waltz"), "{resize: letterbox}");
        CliRun c = CliRun.of("classify", clip.toString(), "--model", cnn.toString(), "--range", "0:" + FRAMES, "--store", store.toString());
        assertThat(c.code()).as(c.err()).isZero();
        CliRun e = CliRun.of("explain", clip.toString(), "--model", cnn.toString(), "--frames", "0:4", "--store", store.toString());
        assertThat(e.code()).as(e.err()).isZero();
    }

    private static Run run(ResultsStore s, RunKind kind) {
        return s.runs().newestFinished(clip.toAbsolutePath().toString(), kind).orElseThrow();
    }

    @Test
    void exportDataWritesEveryRunInOpenFormatsMatchingTheStore() throws Exception {
        Path out = dir.resolve("data");
        CliRun r = CliRun.of("export", "data", clip.toString(), "--out", out.toString(), "--store", store.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith(clip.getFileName() + ": 3 runs (1 classify, 1 explain, 1 pose) exported as ");

        try (ResultsStore s = ResultsStore.open(store)) {
            Run pose = run(s, RunKind.POSE);
            Run classify = run(s, RunKind.CLASSIFY);
            Run explain = run(s, RunKind.EXPLAIN);
            JsonNode index = JSON.readTree(out.resolve(DataExport.COMPLETE).toFile());
            assertThat(index.get("runs")).hasSize(3);
            Set<String> listed = new HashSet<>();
            index.get("runs").forEach(run -> run.get("files").forEach(f -> listed.add(f.asText())));
            try (Stream<Path> files = Files.list(out)) {
                Set<String> present = new HashSet<>(files.map(p -> p.getFileName().toString()).toList());
                listed.add(DataExport.COMPLETE);
                assertThat(present).as("exactly the listed files, no temporary ones").isEqualTo(listed);
            }

            // poses CSV: two rows (raw, smoothed) per stored dancer and keypoint
            Map<Integer, List<Pose>> raw = s.poses().read(pose.id(), 0, FRAMES, false);
            List<Pose> all = raw.values().stream().flatMap(List::stream).toList();
            assertThat(all).as("movenet-multipose finds the walkers of vtest.avi").isNotEmpty();
            int k = all.get(0).keypoints().size();
            assertThat(Files.readAllLines(out.resolve("poses-" + pose.id() + ".csv"))).hasSize(1 + 2 * all.size() * k);

            // COCO keypoints
            JsonNode coco = JSON.readTree(out.resolve("poses-" + pose.id() + "-coco.json").toFile());
            JsonNode cat = coco.get("categories").get(0);
            assertThat(cat.get("id").asInt()).isEqualTo(1);
            assertThat(cat.get("name").asText()).isEqualTo("person");
            assertThat(cat.get("keypoints")).hasSize(k);
            cat.get("skeleton").forEach(b -> {
                assertThat(b).hasSize(2);
                b.forEach(j -> assertThat(j.asInt()).isBetween(1, k));
            });
            Map<Integer, Double> times = s.poses().frameTimes(pose.id());
            assertThat(coco.get("images")).hasSize(times.size());
            Map<Integer, JsonNode> images = new java.util.HashMap<>();
            coco.get("images").forEach(im -> {
                assertThat(images.put(im.get("id").asInt(), im)).as("unique image ids").isNull();
                assertThat(im.get("width").asInt()).isEqualTo(768);
                assertThat(im.get("height").asInt()).isEqualTo(576);
                assertThat(im.get("time_s").asDouble()).isEqualTo(times.get(im.get("frame_index").asInt()));
            });
            assertThat(coco.get("annotations")).hasSize(all.size());
            Set<Integer> annIds = new HashSet<>();
            int checkedAgainstStore = 0;
            for (JsonNode a : coco.get("annotations")) {
                assertThat(annIds.add(a.get("id").asInt())).as("unique annotation ids").isTrue();
                JsonNode im = images.get(a.get("image_id").asInt());
                assertThat(im).as("the annotation's image exists").isNotNull();
                assertThat(a.get("category_id").asInt()).isEqualTo(1);
                JsonNode kp = a.get("keypoints");
                assertThat(kp).hasSize(3 * k);
                int visible = 0;
                for (int j = 0; j < k; j++) {
                    int v = kp.get(3 * j + 2).asInt();
                    assertThat(v).isBetween(0, 2);
                    visible += v > 0 ? 1 : 0;
                }
                assertThat(a.get("num_keypoints").asInt()).isEqualTo(visible);
                JsonNode b = a.get("bbox");
                assertThat(b.get(0).asDouble()).isGreaterThanOrEqualTo(0);
                assertThat(b.get(1).asDouble()).isGreaterThanOrEqualTo(0);
                assertThat(b.get(2).asDouble()).isGreaterThanOrEqualTo(0);
                assertThat(b.get(3).asDouble()).isGreaterThanOrEqualTo(0);
                assertThat(b.get(0).asDouble() + b.get(2).asDouble()).isLessThanOrEqualTo(768);
                assertThat(b.get(1).asDouble() + b.get(3).asDouble()).isLessThanOrEqualTo(576);
                assertThat(a.get("area").asDouble()).isCloseTo(b.get(2).asDouble() * b.get(3).asDouble(), org.assertj.core.data.Offset.offset(0.05));
                // the triples are the stored raw keypoints
                int frame = im.get("frame_index").asInt();
                Pose p = raw.get(frame).stream().filter(q -> q.trackId() == a.get("track_id").asInt()).findFirst().orElseThrow();
                for (int j = 0; j < k; j++) {
                    Keypoint s0 = p.keypoints().get(j);
                    int v = kp.get(3 * j + 2).asInt();
                    assertThat(v).isEqualTo(s0.score() >= DataExport.VISIBLE ? 2 : s0.score() > 0 ? 1 : 0);
                    if (v > 0) {
                        assertThat(kp.get(3 * j).asDouble()).isCloseTo(s0.x(), org.assertj.core.data.Offset.offset(0.006));
                        assertThat(kp.get(3 * j + 1).asDouble()).isCloseTo(s0.y(), org.assertj.core.data.Offset.offset(0.006));
                    }
                }
                checkedAgainstStore++;
            }
            assertThat(checkedAgainstStore).isEqualTo(all.size());
            assertThat(Files.exists(out.resolve("poses-" + pose.id() + "-world.csv"))).as("movenet has no 3-D output").isFalse();

            // provenance names the model and its ONNX hash as the store does
            JsonNode prov = JSON.readTree(out.resolve("provenance-" + pose.id() + ".json").toFile());
            assertThat(prov.get("kind").asText()).isEqualTo("pose");
            assertThat(prov.get("model").get("id").asText()).isEqualTo("movenet-multipose").isEqualTo(pose.modelId());
            assertThat(prov.get("model").get("onnxSha256").asText()).isEqualTo(pose.spec().onnxSha256()).matches("[0-9a-f]{64}");
            assertThat(prov.get("model").get("card").asText()).isEqualTo(pose.spec().card());
            assertThat(prov.get("settings").isObject()).isTrue();
            assertThat(prov.get("status").asText()).isEqualTo("complete");
            assertThat(prov.get("created").asText()).isEqualTo(pose.created());
            assertThat(prov.get("devices").asText()).as("the device that ran it").isEqualTo("cpu").isEqualTo(pose.devices());
            assertThat(prov.get("software").get("version").asText()).isNotBlank();
            JsonNode cprov = JSON.readTree(out.resolve("provenance-" + classify.id() + ".json").toFile());
            assertThat(cprov.get("model").get("id").asText()).isEqualTo("cnn");
            assertThat(cprov.get("model").get("onnxSha256").asText()).isEqualTo(classify.spec().onnxSha256());
            assertThat(cprov.get("devices").asText()).isEqualTo("cpu");

            // scores: one row per stored frame, track and label
            List<ScoreSeries> series = s.scores().read(classify.id());
            int rows = series.stream().mapToInt(x -> x.size() * x.labels().size()).sum();
            assertThat(rows).isEqualTo(FRAMES * 4);
            assertThat(Files.readAllLines(out.resolve("scores-" + classify.id() + ".csv"))).hasSize(1 + rows);
            assertThat(Files.readAllLines(out.resolve("segments-" + classify.id() + ".csv")).get(0)).isEqualTo("track,start_frame,end_frame,label,mean_score");
            // the classifier's timeline as the workbench shows it: the top labels' lanes, as SVG
            List<String> texts = org.dancelens.testsupport.SvgFiles.texts(org.dancelens.testsupport.SvgFiles.parse(out.resolve("timeline-" + classify.id() + ".svg")));
            List<String> top = org.dancelens.classify.Aggregation.topK(s.scores().read(classify.id()).get(0), 3).stream()
                    .map(org.dancelens.classify.Aggregation.Ranked::label).toList();
            assertThat(texts).contains(classify.modelId() + " · whole frame", "segments").containsAll(top);

            // maps: one .npy per stored map, holding it
            Map<Integer, Maps.MapFrame> maps = s.maps().read(explain.id(), 0, FRAMES);
            assertThat(maps).hasSize(4);
            assertThat(Files.readAllLines(out.resolve("maps-" + explain.id() + ".csv"))).hasSize(1 + maps.size());
            for (Maps.MapFrame m : maps.values()) {
                Path npy = out.resolve("maps-" + explain.id() + "-" + ExplainExport.frameName(m.frame()) + ".npy");
                assertThat(npy(npy)).containsExactly(m.map());
            }
        }
    }

    @Test
    void anExportOverAnEarlierOneRemovesTheEarliersFilesItDoesNotWrite() throws Exception {
        Path out = dir.resolve("again");
        CliRun first = CliRun.of("export", "data", clip.toString(), "--out", out.toString(), "--store", store.toString());
        assertThat(first.code()).as(first.err()).isZero();
        // as if the earlier export had held a run since deleted: listed in its index, its file in the folder
        com.fasterxml.jackson.databind.node.ObjectNode index = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(
                out.resolve(DataExport.COMPLETE).toFile());
        com.fasterxml.jackson.databind.node.ObjectNode gone = ((com.fasterxml.jackson.databind.node.ArrayNode) index.get("runs")).addObject();
        gone.put("run", 999);
        gone.putArray("files").add("poses-999.csv").add("provenance-999.json").add("../outside.csv").add("notes.txt");
        JSON.writeValue(out.resolve(DataExport.COMPLETE).toFile(), index);
        Files.writeString(out.resolve("poses-999.csv"), "frame\n");
        Files.writeString(out.resolve("provenance-999.json"), "{}");
        Files.writeString(out.resolve("notes.txt"), "mine");
        Files.writeString(dir.resolve("outside.csv"), "not the export's");

        CliRun again = CliRun.of("export", "data", clip.toString(), "--out", out.toString(), "--store", store.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(out.resolve("poses-999.csv")).doesNotExist();
        assertThat(out.resolve("provenance-999.json")).doesNotExist();
        // what is not an export's file, listed or not, stays
        assertThat(out.resolve("notes.txt")).hasContent("mine");
        assertThat(dir.resolve("outside.csv")).hasContent("not the export's");
        Set<String> listed = new HashSet<>();
        JSON.readTree(out.resolve(DataExport.COMPLETE).toFile()).get("runs").forEach(run -> run.get("files").forEach(f -> listed.add(f.asText())));
        listed.add(DataExport.COMPLETE);
        listed.add("notes.txt");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrderElementsOf(listed);
        }
    }

    @Test
    void aCancelledExportLeavesNothingBehind() throws Exception {
        Path out = dir.resolve("cancelled");
        int[] calls = {0};
        TaskContext cancelSecond = new TaskContext() {
            @Override
            public void progress(double fraction, String message) {
                calls[0]++;
            }

            @Override
            public boolean isCancelled() {
                return calls[0] >= 2; // after the first run's files
            }
        };
        try (ResultsStore s = ResultsStore.open(store); VideoSource src = VideoSource.open(clip)) {
            assertThatThrownBy(() -> DataExport.write(s, src.info(), src.index()::timeOf, out, cancelSecond)).isInstanceOf(CancelledException.class);
        }
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.toList()).as("no file of a stopped export, not even a temporary one").isEmpty();
        }
    }

    @Test
    void exportFrameDrawsTheStoredDancersAsThePlayerDoes() throws Exception {
        int n;
        try (ResultsStore s = ResultsStore.open(store)) {
            // the frame with the most dancers
            Map<Integer, List<Pose>> byFrame = s.poses().read(run(s, RunKind.POSE).id(), 0, FRAMES, true);
            n = byFrame.entrySet().stream().max(java.util.Comparator.comparingInt(e -> e.getValue().size())).orElseThrow().getKey();
        }
        Path png = dir.resolve("frame.png");
        CliRun r = CliRun.of("export", "frame", clip.toString(), "--frame", String.valueOf(n), "--out", png.toString(), "--store", store.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        BufferedImage pic = ImageIO.read(png.toFile());
        assertThat(pic.getWidth()).isEqualTo(768);
        assertThat(pic.getHeight()).isEqualTo(576);
        VideoFrame f;
        List<Pose> poses;
        String model;
        try (ResultsStore s = ResultsStore.open(store); VideoSource src = VideoSource.open(clip)) {
            f = src.frame(n);
            Run pose = run(s, RunKind.POSE);
            model = pose.modelId();
            poses = s.poses().read(pose.id(), n, n + 1, true).getOrDefault(n, List.of());
        }
        assertThat(poses).isNotEmpty();
        // The player's scene for this frame (its defaults: smoothed keypoints, skeletons, boxes and masks on, no selection),
        // made here by hand, through the player's renderer.
        OverlayScene scene = new OverlayScene(f.width(), f.height(), poses, EnumSet.allOf(OverlayScene.Layer.class), OverlayScene.DEFAULT_MIN_CONFIDENCE,
                OverlayScene.DEFAULT_BONE_WIDTH, -1, null, null, model);
        BufferedImage expected = OverlayRenderer.composite(f, new OverlayRenderer().render(scene, Viewport.frame(f.width(), f.height())));
        int differ = 0;
        for (int y = 0; y < 576; y++) {
            for (int x = 0; x < 768; x++) {
                assertThat(pic.getRGB(x, y)).as("pixel %d,%d", x, y).isEqualTo(expected.getRGB(x, y));
                differ += (pic.getRGB(x, y) & 0xffffff) != (f.argb(x, y) & 0xffffff) ? 1 : 0;
            }
        }
        // at a confident stored keypoint the picture is not the plain frame: a joint was drawn there
        int atJoints = 0;
        for (Pose p : poses) {
            for (Keypoint k : p.keypoints()) {
                if (k.score() >= OverlayScene.DEFAULT_MIN_CONFIDENCE) {
                    int x = Math.round(k.x());
                    int y = Math.round(k.y());
                    assertThat(pic.getRGB(x, y) & 0xffffff).as("joint at %d,%d", x, y).isNotEqualTo(f.argb(x, y) & 0xffffff);
                    atJoints++;
                }
            }
        }
        assertThat(atJoints).isPositive();
        System.out.printf("export frame %d of %s: %d dancers, %d confident joints, %d of %d pixels drawn over%n", n, clip.getFileName(), poses.size(),
                atJoints, differ, 768 * 576);

        // the heat map of the explain run is drawn too when asked
        Path heat = dir.resolve("heat.png");
        CliRun h = CliRun.of("export", "frame", clip.toString(), "--frame", "2", "--overlays", "heat", "--out", heat.toString(), "--store", store.toString());
        assertThat(h.code()).as(h.err()).isZero();
        assertThat(h.out()).contains("the map of explain run");
        BufferedImage hp = ImageIO.read(heat.toFile());
        int heated = 0;
        try (VideoSource src = VideoSource.open(clip)) {
            VideoFrame f2 = src.frame(2);
            for (int y = 0; y < 576; y += 4) {
                for (int x = 0; x < 768; x += 4) {
                    heated += (hp.getRGB(x, y) & 0xffffff) != (f2.argb(x, y) & 0xffffff) ? 1 : 0;
                }
            }
        }
        assertThat(heated).as("the heat map covers part of the frame").isPositive();
    }

    @Test
    void exportTimelineWritesTheClassifyRunsLanesAsPngOrSvg() throws Exception {
        Run classify;
        List<String> top;
        try (ResultsStore s = ResultsStore.open(store)) {
            classify = run(s, RunKind.CLASSIFY);
            top = org.dancelens.classify.Aggregation.topK(s.scores().read(classify.id()).get(0), 3).stream()
                    .map(org.dancelens.classify.Aggregation.Ranked::label).toList();
        }
        Path svg = dir.resolve("lanes.svg");
        CliRun r = CliRun.of("export", "timeline", clip.toString(), "--out", svg.toString(), "--store", store.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("classify run " + classify.id());
        org.w3c.dom.Document doc = org.dancelens.testsupport.SvgFiles.parse(svg);
        assertThat(org.dancelens.testsupport.SvgFiles.texts(doc)).contains(classify.modelId() + " · whole frame").containsAll(top);

        Path png = dir.resolve("lanes.png");
        r = CliRun.of("export", "timeline", clip.toString(), "--out", png.toString(), "--range", "0:" + FRAMES, "--size", "900x140", "--playhead", "5",
                "--classify-run", String.valueOf(classify.id()), "--store", store.toString());
        assertThat(r.code()).as(r.err()).isZero();
        BufferedImage pic = ImageIO.read(png.toFile());
        assertThat(pic.getWidth()).isEqualTo(900);
        assertThat(pic.getHeight()).isEqualTo(140);
        int x = 2 * (int) Math.floor((org.dancelens.render.TimelineStrip.LABEL_W + 5.5 / FRAMES * (900 - org.dancelens.render.TimelineStrip.LABEL_W)) / 2);
        assertThat(pic.getRGB(x, 70)).isEqualTo(org.dancelens.render.TimelineStrip.PLAYHEAD.getRGB());

        r = CliRun.of("export", "timeline", clip.toString(), "--out", dir.resolve("lanes.jpg").toString(), "--store", store.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("dancelens: Cannot write lanes.jpg: a timeline picture is a .png or an .svg file.");
        assertThat(dir.resolve("lanes.jpg")).doesNotExist();
    }

    @Test
    void badCasesAreOneSentenceAndWriteNothing() throws Exception {
        // no results stored for the video: how to make them, and no store is created
        Path none = dir.resolve("none.db");
        CliRun r = CliRun.of("export", "data", clip.toString(), "--out", dir.resolve("d").toString(), "--store", none.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("dancelens: No results are stored for " + clip.getFileName()).contains("dancelens analyze");
        assertThat(r.err().lines()).hasSize(1);
        assertThat(none).doesNotExist();
        assertThat(dir.resolve("d")).doesNotExist();
        CliRun rf = CliRun.of("export", "frame", clip.toString(), "--frame", "1", "--out", dir.resolve("p.png").toString(), "--store", none.toString());
        assertThat(rf.code()).isEqualTo(2);
        assertThat(rf.err()).startsWith("dancelens: No results are stored for ");

        // an output folder whose parent does not exist, or a file in the way
        r = CliRun.of("export", "data", clip.toString(), "--out", dir.resolve("missing/deeper").toString(), "--store", store.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).contains("does not exist");
        Files.writeString(dir.resolve("file"), "x");
        r = CliRun.of("export", "data", clip.toString(), "--out", dir.resolve("file").toString(), "--store", store.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("is a file, not a folder");
        r = CliRun.of("export", "frame", clip.toString(), "--frame", "1", "--out", dir.resolve("missing/p.png").toString(), "--store", store.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("does not exist");

        // bad frame numbers and overlays
        r = CliRun.of("export", "frame", clip.toString(), "--frame", "120", "--out", dir.resolve("p.png").toString(), "--store", store.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("dancelens: Frame 120 is not in " + clip.getFileName() + ": it has frames 0 to 119.");
        r = CliRun.of("export", "frame", clip.toString(), "--frame", "-3", "--out", dir.resolve("p.png").toString(), "--store", store.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("0 or more");
        r = CliRun.of("export", "frame", clip.toString(), "--frame", "x", "--out", dir.resolve("p.png").toString(), "--store", store.toString());
        assertThat(r.code()).isEqualTo(2);
        r = CliRun.of("export", "frame", clip.toString(), "--frame", "1", "--overlays", "skeleton,labels", "--out", dir.resolve("p.png").toString(),
                "--store", store.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("export clip");
        // a frame the pose run did not analyse
        r = CliRun.of("export", "frame", clip.toString(), "--frame", "50", "--out", dir.resolve("p.png").toString(), "--store", store.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("holds no poses for frame 50").contains("--range 50:51");
        // a run of another kind named as the pose run
        long classifyRun;
        try (ResultsStore s = ResultsStore.open(store)) {
            classifyRun = run(s, RunKind.CLASSIFY).id();
        }
        r = CliRun.of("export", "frame", clip.toString(), "--frame", "1", "--pose-run", String.valueOf(classifyRun), "--out", dir.resolve("p.png").toString(),
                "--store", store.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("is a classify run");
        assertThat(dir.resolve("p.png")).doesNotExist();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("file");
        }
    }

    static float[] npy(Path p) throws Exception {
        byte[] b = Files.readAllBytes(p);
        int headerLen = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        float[] v = new float[(b.length - 10 - headerLen) / 4];
        ByteBuffer.wrap(b, 10 + headerLen, b.length - 10 - headerLen).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }
}
