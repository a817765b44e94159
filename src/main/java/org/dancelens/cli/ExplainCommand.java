package org.dancelens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dancelens.analysis.AttributionRun;
import org.dancelens.analysis.ExplainMetrics;
import org.dancelens.analysis.ExplainRun;
import org.dancelens.analysis.FrameExplainer;
import org.dancelens.analysis.PoseAnalysis;
import org.dancelens.analysis.store.Attributions.Attribution;
import org.dancelens.analysis.store.ExplainSettings;
import org.dancelens.analysis.store.Maps;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.classify.PoseJsonReader;
import org.dancelens.classify.SequenceClassifier;
import org.dancelens.core.AtomicFiles;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Pose;
import org.dancelens.core.TaskContext;
import org.dancelens.core.VideoFrame;
import org.dancelens.explain.CamMetrics;
import org.dancelens.explain.GradCam;
import org.dancelens.export.ExplainExport;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OnnxGraph;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.pose.PersonSegmenter;
import org.dancelens.render.Palette;
import org.dancelens.video.StillImage;
import org.dancelens.video.VideoSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Class-activation maps (Grad-CAM and relatives) of an image classifier on a picture",
            "or video frames, or occlusion attribution of a skeleton or clip model.",
            "On a video the maps and attributions are made by the workbench's own jobs and kept",
            "in the video's results store (--store PATH for another file), so they are made once.",
            "--out DIR writes, from what was stored, per frame DIR/frame_NNNNNN.png (the map",
            "over the frame) and DIR/frame_NNNNNN.npy (the map, float32, at the model's input",
            "size), and DIR/explain.json (model, layer, method, class and scores per frame)."})
final class ExplainCommand implements Callable<Integer> {
    @Parameters(paramLabel = "INPUT", description = "a video, or a picture (PNG, JPEG, BMP, GIF)")
    Path input;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "model id, or the path of a model card (.yaml)")
    String model;

    @Option(names = "--layer", description = "tensor to explain (default: the card's explain.layer, else the last candidate layer; see --list-layers)")
    String layer;

    @Option(names = "--method", defaultValue = "gradcam", description = "gradcam, gradcampp, xgradcam, hirescam, layercam, eigencam or scorecam (default ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--class", paramLabel = "LABEL", description = "the label to explain (default: each frame's top label)")
    String label;

    @Option(names = "--frames", paramLabel = "FROM:TO", description = "video frames FROM (inclusive) to TO (exclusive); default all")
    String frames;

    @Option(names = "--every", defaultValue = "1", description = "explain every N-th frame of the range (default ${DEFAULT-VALUE})")
    int every;

    @Option(names = "--batch", paramLabel = "N",
            description = "video frames explained per model run where the model's batch is open and the method is of the Grad-CAM family"
                    + " (default " + ExplainRun.DEFAULT_BATCH + "; 1 to " + ExplainRun.MAX_BATCH + "); the maps are the same")
    Integer batch;

    @Option(names = "--colormap", defaultValue = "cividis", description = "cividis, viridis, inferno or jet (default ${DEFAULT-VALUE})")
    String colormap;

    @Option(names = "--opacity", defaultValue = "0.6", description = "strongest overlay opacity, 0..1 (default ${DEFAULT-VALUE})")
    double opacity;

    @Option(names = "--metrics", description = "also measure each map: deletion and insertion areas (faithfulness), overlap with the previous"
            + " explained frame's map (consistency) and, with --compare-layer, with that layer's map; written to DIR/metrics.csv")
    boolean metrics;

    @Option(names = "--road", description = "with --metrics: also ROAD (removed pixels filled by noisy linear imputation): the class's mean"
            + " probability with 10-90%% of the pixels removed most relevant first (road_morf, lower is more faithful) and least relevant first"
            + " (road_lerf, higher is more faithful); 18 more model runs a frame")
    boolean road;

    @Option(names = "--compare-layer", paramLabel = "NAME", description = "a second layer whose map is compared with the first (with --metrics)")
    String compareLayer;

    @Option(names = "--pose", paramLabel = "MODEL_ID", description = "skeleton models on a video: the pose model whose tracks are explained;"
            + " image models with --metrics: the pose model whose dancers give the foreground/background ratio")
    String pose;

    @Option(names = "--mask", paramLabel = "MODEL_ID", description = "with --metrics: the person segmentation model (e.g. selfie-segmentation)"
            + " whose mask (probability >= 0.5) gives the foreground/background ratio; without it --pose gives keypoint hulls")
    String mask;

    @Option(names = "--span", defaultValue = "6", description = "skeleton and clip models: model frames (clip pictures) blanked at a time"
            + " (default ${DEFAULT-VALUE}; at most a clip's length)")
    int span;

    @Option(names = "--list-layers", description = "print the model's candidate layers and residual blocks, and stop")
    boolean listLayers;

    @Option(names = "--without", paramLabel = "BLOCK", split = ",", description = "explain the model with these residual blocks left out"
            + " (their main path dropped, the skip kept; names from --list-layers), to compare with the maps of the whole model")
    List<String> without;

    @picocli.CommandLine.Mixin
    ModelsOption models;

    @picocli.CommandLine.Mixin
    DeviceOption devices;

    /** The device resolved from --device when the command starts. */
    OrtRuntime.Device device;

    @Option(names = "--out", paramLabel = "DIR", description = "write the maps (or attributions) as files here; on a video they are stored either way")
    Path out;

    @picocli.CommandLine.Mixin
    StoreOption stores;

    @Spec
    CommandSpec spec;

    /** The files written with --out, put in place together at the end (explain.json last, see AtomicFiles.FileSet). */
    private AtomicFiles.FileSet files;

    @Override
    public Integer call() throws Exception {
        OutPaths.checkFolder(out, "--out");
        AnalyzeCommand.parseRange(frames, "--frames"); // a malformed range is said before anything runs
        device = devices.resolve(spec.commandLine().getOut());
        try {
            return explain();
        } finally {
            if (files != null) {
                files.close(); // a failure or a cancel: the temporary files go, an earlier set stays as it was
            }
        }
    }

    private Integer explain() throws Exception {
        ModelRegistry.Entry entry = models.resolve(model).pinned(); // its file's hash, which every load of it checks
        ModelCard card = entry.card();
        if (card.sequence() != null) {
            return skeleton(entry);
        }
        if (card.task() == ModelCard.Task.CLIP_CLASSIFIER || card.clip() != null) {
            return clip(entry);
        }
        FrameExplainer.recipe(card);
        GradCam.Method m = ExplainRun.method(method); // null: Score-CAM
        Palette.ColorMap cmap = Palette.ColorMap.of(colormap);
        if (!(opacity >= 0 && opacity <= 1) || every < 1) {
            throw DanceLensException.badInput("--opacity is between 0 and 1 and --every at least 1.");
        }
        var o = spec.commandLine().getOut();
        if (listLayers) {
            for (OnnxGraph.Layer l : FrameExplainer.layers(entry)) {
                o.println(l);
            }
            var blocks = FrameExplainer.blocks(entry);
            o.println(blocks.isEmpty() ? "no residual blocks" : "residual blocks (for --without):");
            for (var b : blocks) {
                o.println("  " + b);
            }
            return 0;
        }
        if (!Files.exists(input)) {
            throw DanceLensException.badInput(input + " does not exist.");
        }
        boolean picture = StillImage.isImage(input);
        if (out == null && picture) {
            throw DanceLensException.badInput("Give --out DIR for the maps (or --list-layers to see the layers).");
        }
        List<String> labels = card.labels() != null && !card.labels().isEmpty() ? card.labels() : List.of(card.outputs().get(0).name());
        if (label != null && !labels.contains(label)) {
            throw DanceLensException.badInput("The model " + card.id() + " has no label '" + label + "' (it has " + labels + ").");
        }
        List<String> left = without == null ? List.of() : without;
        long t0 = System.nanoTime();
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("format", "dancelens-explain-1");
        root.put("model", card.id());
        root.put("onnxSha256", entry.card().provenance().onnxSha256());
        root.put("device", device.toString());
        root.put("input", input.toAbsolutePath().toString());
        root.put("method", method.toLowerCase(Locale.ROOT));
        root.set("labels", json.valueToTree(labels));
        root.set("without", json.valueToTree(left));
        ArrayNode rows = root.putArray("frames");
        StringBuilder csv = metrics
                ? new StringBuilder("frame,class,deletion_auc,insertion_auc,consistency_iou,layer_iou,fg_bg_ratio,road_morf,road_lerf\n") : null;
        int done;
        Path stored = null;
        if (picture) {
            done = picture(entry, m, cmap, labels, left, root, rows, csv, json);
        } else {
            VideoMaps result = video(entry, cmap, left, root, rows, csv, json);
            done = result.frames();
            stored = result.store();
            root.set("undecodableFrames", json.valueToTree(result.undecodable()));
            Gaps.report(spec.commandLine().getErr(), input.getFileName().toString(), result.undecodable(), result.damageNote());
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        if (out == null) {
            o.printf(Locale.ROOT, "%d frame%s explained with %s (%s, layer %s) in %.1f s; maps stored in %s%n", done, done == 1 ? "" : "s", card.id(),
                    method.toLowerCase(Locale.ROOT), root.get("layer").asText(), secs, stored);
            return 0;
        }
        root.put("seconds", secs);
        if (metrics) {
            root.put("metrics", "metrics.csv: deletion/insertion areas of the class probability over 10 steps (baseline: the mean colour),"
                    + " IoU of the strongest 20% with the previous explained frame and with --compare-layer, and with --pose or --mask the map's"
                    + " mean inside the dancers (" + (mask != null ? "the pixels " + mask + " gives a person probability of at least 0.5"
                    : "their segmentation masks where the pose model gives them, else their keypoint hulls grown 15%") + ") over its mean outside"
                    + (road ? "; road_morf/road_lerf: the mean class probability with 10-90% of the pixels removed (most/least relevant first)"
                    + " and filled by ROAD's noisy linear imputation" : ""));
            files.add("metrics.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] explainJson = json.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        files.complete("explain.json", explainJson);
        o.printf(Locale.ROOT, "%d frame%s explained with %s (%s, layer %s) in %.1f s; maps in %s%s%n", done, done == 1 ? "" : "s", card.id(),
                method.toLowerCase(Locale.ROOT), root.get("layer").asText(), secs, out, stored == null ? "" : " (stored in " + stored + ")");
        return 0;
    }

    /** A still picture: explained on demand (there is no results store for a picture). */
    private int picture(ModelRegistry.Entry entry, GradCam.Method m, Palette.ColorMap cmap, List<String> labels, List<String> left,
                        ObjectNode root, ArrayNode rows, StringBuilder csv, ObjectMapper json) {
        int fixedClass = label == null ? -1 : labels.indexOf(label);
        createOut();
        try (FrameExplainer ex = FrameExplainer.open(entry, layer, left, FrameExplainer.needsGradients(m), device);
             FrameExplainer other = metrics && compareLayer != null
                     ? FrameExplainer.open(entry, compareLayer, left, FrameExplainer.needsGradients(m), device) : null;
             PersonSegmenter seg = metrics && mask != null ? PersonSegmenter.open(models.find(mask), device) : null) {
            root.put("layer", ex.layer());
            VideoFrame f = StillImage.read(input);
            FrameExplainer.Result r = m == null ? ex.scoreCam(f, fixedClass) : ex.explain(f, fixedClass, m);
            float[] second = null;
            if (other != null) {
                second = (m == null ? other.scoreCam(f, r.classIndex()) : other.explain(f, r.classIndex(), m)).cam().map();
            }
            frameOutputs(ex, f, r, null, second, seg, null, cmap, rows, csv, json);
        }
        return 1;
    }

    /** What a video's explanation left: the maps stored (and written, with --out), and in which store. */
    private record VideoMaps(int frames, Path store, List<Integer> undecodable, String damageNote) {
    }

    /**
     * Video frames: the explain job stores the maps (reusing what the store holds), then the files are written from the
     * stored maps — the frames decoded again for the pictures and the metrics.
     */
    private VideoMaps video(ModelRegistry.Entry entry, Palette.ColorMap cmap, List<String> left, ObjectNode root, ArrayNode rows,
                            StringBuilder csv, ObjectMapper json) throws Exception {
        int[] r = AnalyzeCommand.parseRange(frames, "--frames");
        Path storeFile = stores.storeFor(input);
        int perRun = batch == null ? ExplainRun.DEFAULT_BATCH : batch;
        if (perRun < 1 || perRun > ExplainRun.MAX_BATCH) {
            throw DanceLensException.badInput("--batch: The batch size must be between 1 and " + ExplainRun.MAX_BATCH + " frames per model run, not "
                    + perRun + ".");
        }
        ExplainRun.Settings settings = new ExplainRun.Settings(layer, method, label, every, left, perRun);
        try (ResultsStore store = ResultsStore.open(storeFile);
             CliProgress progress = new CliProgress("Explaining")) {
            boolean compare = metrics && compareLayer != null && out != null;
            ExplainRun.Result res = ExplainRun.run(input, entry, store, r[0], r[1], settings, device, progress.scaled(0, compare ? 0.4 : 0.8, ""));
            if (res.batchNote() != null && batch != null) {
                spec.commandLine().getErr().println("note: " + res.batchNote());
            }
            Run run = res.run();
            ExplainSettings es = ExplainSettings.of(run);
            root.put("layer", es.layer());
            root.put("store", storeFile.toAbsolutePath().toString());
            root.put("run", run.id());
            Map<Integer, Maps.MapFrame> maps = store.maps().read(run.id(), res.fromFrame(), res.toFrame());
            if (out == null) {
                return new VideoMaps(maps.size(), storeFile, res.undecodable(), res.damageNote());
            }
            createOut();
            Map<Integer, Maps.MapFrame> compareMaps = Map.of();
            ExplainSettings compareSettings = null;
            if (compare) {
                ExplainRun.Result cr = ExplainRun.run(input, entry, store, r[0], r[1], new ExplainRun.Settings(compareLayer, method, label, every, left),
                        device, progress.scaled(0.4, 0.8, "compare layer: "));
                compareMaps = store.maps().read(cr.runId(), cr.fromFrame(), cr.toFrame());
                compareSettings = ExplainSettings.of(cr.run());
            }
            Map<Integer, List<Pose>> posesByFrame = null;
            if (metrics && pose != null && mask == null) {
                PoseAnalysis.Result pr = PoseAnalysis.run(input, models.find(pose), store, r[0], r[1],
                        PoseAnalysis.Settings.defaults(), device, progress.scaled(0.8, 0.85, "poses: "));
                posesByFrame = store.poses().read(pr.runId(), pr.fromFrame(), pr.toFrame(), true);
            }
            if (maps.isEmpty()) {
                return new VideoMaps(0, storeFile, res.undecodable(), res.damageNote());
            }
            int first = maps.keySet().iterator().next();
            int last = ((java.util.TreeMap<Integer, Maps.MapFrame>) maps).lastKey();
            Map<Integer, Maps.MapFrame> cmaps = compareMaps;
            ExplainSettings cset = compareSettings;
            Map<Integer, List<Pose>> poses = posesByFrame;
            try (FrameExplainer ex = metrics ? FrameExplainer.open(entry, es.layer(), es.without(), false, device) : null; // metrics only read scores
                 PersonSegmenter seg = metrics && mask != null ? PersonSegmenter.open(models.find(mask), device) : null;
                 VideoSource src = VideoSource.open(input, TaskContext.NONE, 64L << 20, 0)) {
                int[] count = {0};
                List<Integer> lost = new ArrayList<>();
                TaskContext files = progress.scaled(0.85, 1, "files: ");
                src.read(first, last + 1, f -> {
                    Maps.MapFrame mf = maps.get(f.index());
                    if (mf == null) {
                        return true;
                    }
                    FrameExplainer.Result fr = stored(mf, es);
                    Maps.MapFrame other = cmaps.get(f.index());
                    float[] second = other == null ? null : ExplainMetrics.upsampled(other, cset.inputHeight(), cset.inputWidth());
                    frameOutputs(ex, f, fr, mf.scores(), second, seg, poses, cmap, rows, csv, json);
                    count[0]++;
                    files.progress((double) count[0] / maps.size(), "frame " + (f.index() + 1) + "/" + (last + 1));
                    return true;
                }, n -> {
                    if (maps.containsKey(n)) {
                        lost.add(n); // its map is stored, but the frame cannot be decoded now for the pictures
                    }
                }, progress);
                if (!lost.isEmpty()) {
                    throw DanceLensException.badInput(lost.size() + " frame" + (lost.size() == 1 ? "" : "s") + " of " + input.getFileName()
                            + " with stored maps can no longer be decoded (the first is frame " + lost.get(0)
                            + "); the video file changed since it was explained, so no files were written for it.");
                }
                return new VideoMaps(count[0], storeFile, res.undecodable(), res.damageNote());
            }
        }
    }

    /** A stored map as an explanation result: the map upsampled to the model's input, as the on-demand map is made. */
    private static FrameExplainer.Result stored(Maps.MapFrame mf, ExplainSettings es) {
        int h = es.inputHeight();
        int w = es.inputWidth();
        GradCam.Cam cam = new GradCam.Cam(ExplainRun.method(es.method()), mf.classIndex(), mf.map(), mf.height(), mf.width(),
                ExplainMetrics.upsampled(mf, h, w), h, w);
        String name = mf.classIndex() < es.labels().size() ? es.labels().get(mf.classIndex()) : String.valueOf(mf.classIndex());
        return new FrameExplainer.Result(mf.classIndex(), name, mf.scores(), cam, mf.region());
    }

    private float[] previous;

    /** One explained frame's files, its row of explain.json and (with --metrics) of metrics.csv. */
    private void frameOutputs(FrameExplainer ex, VideoFrame f, FrameExplainer.Result r, float[] scores, float[] second, PersonSegmenter segmenter,
                              Map<Integer, List<Pose>> posesByFrame, Palette.ColorMap cmap, ArrayNode rows, StringBuilder csv,
                              ObjectMapper json) {
        GradCam.Cam c = r.cam();
        ExplainExport.mapFiles(f, c.map(), c.height(), c.width(), r.region(), cmap, opacity, files);
        String name = ExplainExport.frameName(f.index());
        ObjectNode row = rows.addObject();
        if (metrics) {
            var fa = ex.faithfulness(f, r, ExplainMetrics.FAITHFULNESS_STEPS);
            double consistency = previous == null ? Double.NaN : ExplainMetrics.consistency(c.map(), c.height(), c.width(), previous, c.height(), c.width());
            double layerIou = second == null ? Double.NaN : ExplainMetrics.consistency(c.map(), c.height(), c.width(), second, c.height(), c.width());
            previous = c.map();
            double fg = Double.NaN;
            if (segmenter != null) {
                PersonSegmenter.Mask pm = segmenter.segment(f);
                fg = CamMetrics.foregroundRatio(c.map(), c.height(), c.width(), r.region(), f.width(), f.height(),
                        (x, y) -> pm.valueAt(x, y, f.width(), f.height()) >= ExplainMetrics.MASK_THRESHOLD);
            } else if (posesByFrame != null) {
                fg = ExplainMetrics.foregroundRatio(c.map(), c.height(), c.width(), r.region(), f.width(), f.height(),
                        posesByFrame.getOrDefault(f.index(), List.of()), true);
            }
            row.put("deletion_auc", fa.deletionAuc());
            row.put("insertion_auc", fa.insertionAuc());
            FrameExplainer.Road rd = road ? ex.road(f, r, FrameExplainer.ROAD_FRACTIONS) : null;
            if (rd != null) {
                ObjectNode ro = row.putObject("road");
                ro.set("fractions", json.valueToTree(rd.fractions()));
                ro.set("morf", json.valueToTree(rd.morf()));
                ro.set("lerf", json.valueToTree(rd.lerf()));
            }
            csv.append(String.format(Locale.ROOT, "%d,%s,%.6f,%.6f,%s,%s,%s,%s,%s%n", f.index(), r.label(), fa.deletionAuc(), fa.insertionAuc(),
                    num(consistency), num(layerIou), num(fg), rd == null ? "" : num(rd.morfMean()), rd == null ? "" : num(rd.lerfMean())));
        }
        row.put("frame", f.index());
        row.put("time_s", f.timeSeconds());
        row.put("class", r.label());
        float[] all = scores != null ? scores : r.scores();
        if (all != null) {
            row.set("scores", json.valueToTree(all));
        }
        row.put("png", name + ".png");
        row.put("npy", name + ".npy");
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
    }

    /** Clip models: occlusion over time (stretches of the clips' pictures blanked), stored, and per video frame to temporal.csv. */
    private int clip(ModelRegistry.Entry entry) {
        if (!Files.exists(input)) {
            throw DanceLensException.badInput(input + " does not exist.");
        }
        int[] r = AnalyzeCommand.parseRange(frames, "--frames");
        Path storeFile = stores.storeFor(input);
        AttributionRun.Result res;
        try (ResultsStore store = ResultsStore.open(storeFile);
             CliProgress progress = new CliProgress("Occlusion")) {
            res = AttributionRun.clip(input, entry, store, r[0], r[1], new AttributionRun.Settings(span, label), device, progress);
        }
        Attribution a = res.byTrack().get(-1);
        int best = -1;
        for (int i = 0; i < a.frames().length; i++) {
            if (!Float.isNaN(a.frameDrop()[i])) {
                best = best < 0 || a.frameDrop()[i] > a.frameDrop()[best] ? i : best;
            }
        }
        Path where = storeFile;
        if (out != null) {
            createOut();
            byte[] temporal = ExplainExport.temporalCsv(List.of(a), null);
            files.complete("temporal.csv", temporal);
            where = out.resolve("temporal.csv");
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "%s: the clips around frame %d mattered most (drop %.4f); attributions in %s%n", a.label(),
                best < 0 ? -1 : a.frames()[best], best < 0 ? Float.NaN : a.frameDrop()[best], where);
        return 0;
    }

    /** Skeleton models: occlusion over time and over joints, per dancer — stored for a video, to temporal.csv and joints.csv. */
    private int skeleton(ModelRegistry.Entry entry) throws Exception {
        if (!Files.exists(input)) {
            throw DanceLensException.badInput(input + " does not exist.");
        }
        boolean posesJson = input.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        if (posesJson && out == null) {
            throw DanceLensException.badInput("Give --out DIR for the attributions of a poses.json (it has no results store).");
        }
        List<Attribution> attributions;
        java.util.function.IntToDoubleFunction timeOf;
        String where;
        if (posesJson) {
            try (SequenceClassifier sc = SequenceClassifier.open(entry, device)) {
                var tracks = PoseJsonReader.read(input, sc.recipe().world()).tracks();
                Map<Integer, Double> times = new java.util.HashMap<>();
                tracks.forEach(t -> {
                    for (int i = 0; i < t.size(); i++) {
                        times.put(t.frames()[i], t.times()[i]);
                    }
                });
                attributions = AttributionRun.unstored(sc, tracks, label, span, TaskContext.NONE);
                timeOf = f -> times.getOrDefault(f, Double.NaN);
            }
            where = out.toString();
        } else {
            if (pose == null) {
                throw DanceLensException.badInput("The model " + entry.card().id() + " works on poses: give --pose MODEL_ID for the video, or a poses.json.");
            }
            Path storeFile = stores.storeFor(input);
            try (ResultsStore store = ResultsStore.open(storeFile);
                 CliProgress progress = new CliProgress("Poses")) {
                PoseAnalysis.Result pr = PoseAnalysis.run(input, models.find(pose), store, 0, -1,
                        PoseAnalysis.Settings.defaults(), device, progress.scaled(0, 0.5, "poses: "));
                AttributionRun.Result res = AttributionRun.skeleton(entry, store, pr.runId(), -1, new AttributionRun.Settings(span, label), device,
                        progress.scaled(0.5, 1, "occlusion: "));
                attributions = new ArrayList<>(res.byTrack().values());
                Map<Integer, Double> times = store.poses().frameTimes(pr.runId());
                timeOf = f -> times.getOrDefault(f, Double.NaN);
            }
            where = out == null ? storeFile.toString() : out.toString();
        }
        var o = spec.commandLine().getOut();
        for (Attribution a : attributions) {
            int best = 0;
            for (int j = 0; j < a.jointDrop().length; j++) {
                best = a.jointDrop()[j] > a.jointDrop()[best] ? j : best;
            }
            o.printf(Locale.ROOT, "dancer %d: %s, most important joint %s (drop %.4f)%n", a.track(), a.label(), a.joints().get(best), a.jointDrop()[best]);
        }
        if (out != null) {
            createOut();
            files.add("temporal.csv", ExplainExport.temporalCsv(attributions, timeOf));
            byte[] joints = ExplainExport.jointsCsv(attributions);
            files.complete("joints.csv", joints);
        }
        o.println("attributions in " + where);
        return 0;
    }

    private void createOut() {
        OutPaths.createFolder(out, "--out");
        if (files == null) {
            files = AtomicFiles.fileSet(out);
        }
    }
}
