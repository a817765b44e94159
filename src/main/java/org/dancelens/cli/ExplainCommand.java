package org.dancelens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.VideoFrame;
import org.dancelens.explain.GradCam;
import org.dancelens.export.HeatMapExport;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OnnxGraph;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.render.HeatMapLayer;
import org.dancelens.render.Palette;
import org.dancelens.video.StillImage;
import org.dancelens.video.VideoSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Class-activation maps (Grad-CAM and relatives) of an image classifier on a picture or video frames.",
            "Writes per frame DIR/frame_NNNNNN.png (the map over the frame) and DIR/frame_NNNNNN.npy (the map, float32,",
            "at the model's input size), and DIR/explain.json (model, layer, method, class and scores per frame)."})
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

    @Option(names = "--colormap", defaultValue = "jet", description = "jet, viridis or inferno (default ${DEFAULT-VALUE})")
    String colormap;

    @Option(names = "--opacity", defaultValue = "0.6", description = "strongest overlay opacity, 0..1 (default ${DEFAULT-VALUE})")
    double opacity;

    @Option(names = "--metrics", description = "also measure each map: deletion and insertion areas (faithfulness), overlap with the previous"
            + " explained frame's map (consistency) and, with --compare-layer, with that layer's map; written to DIR/metrics.csv")
    boolean metrics;

    @Option(names = "--road", description = "with --metrics: also ROAD (removed pixels filled by noisy linear imputation): the class's mean"
            + " probability with 10-90% of the pixels removed most relevant first (road_morf, lower is more faithful) and least relevant first"
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

    @Option(names = "--models", description = "model folder(s)")
    List<Path> models;

    @Option(names = "--device", defaultValue = "CPU", description = "CPU or CUDA")
    OrtRuntime.Device device;

    @Option(names = "--out", paramLabel = "DIR")
    Path out;

    @Spec
    CommandSpec spec;

    private org.dancelens.analysis.FrameExplainer second;
    private StringBuilder csv;
    private float[] previous;
    private java.util.Map<Integer, List<org.dancelens.core.Pose>> posesByFrame;
    private org.dancelens.pose.PersonSegmenter segmenter;

    @Override
    public Integer call() throws Exception {
        ModelRegistry.Entry entry = ClassifyCommand.resolve(model, models == null || models.isEmpty() ? ModelRegistry.defaultFolders() : models);
        ModelCard card = entry.card();
        if (card.sequence() != null) {
            return temporal(entry);
        }
        if (card.task() == ModelCard.Task.CLIP_CLASSIFIER || card.clip() != null) {
            return clipTemporal(entry);
        }
        org.dancelens.analysis.FrameExplainer.recipe(card);
        GradCam.Method m = org.dancelens.analysis.ExplainRun.method(method); // null: Score-CAM
        Palette.ColorMap cmap = Palette.ColorMap.of(colormap);
        if (!(opacity >= 0 && opacity <= 1) || every < 1) {
            throw DanceLensException.badInput("--opacity is between 0 and 1 and --every at least 1.");
        }
        var o = spec.commandLine().getOut();
        if (listLayers) {
            for (OnnxGraph.Layer l : org.dancelens.analysis.FrameExplainer.layers(entry)) {
                o.println(l);
            }
            var blocks = org.dancelens.analysis.FrameExplainer.blocks(entry);
            o.println(blocks.isEmpty() ? "no residual blocks" : "residual blocks (for --without):");
            for (var b : blocks) {
                o.println("  " + b);
            }
            return 0;
        }
        if (out == null) {
            throw DanceLensException.badInput("Give --out DIR for the maps (or --list-layers to see the layers).");
        }
        if (!Files.exists(input)) {
            throw DanceLensException.badInput(input + " does not exist.");
        }
        List<String> labels = card.labels() != null && !card.labels().isEmpty() ? card.labels() : List.of(card.outputs().get(0).name());
        int fixedClass = -1;
        if (label != null) {
            fixedClass = labels.indexOf(label);
            if (fixedClass < 0) {
                throw DanceLensException.badInput("The model " + card.id() + " has no label '" + label + "' (it has " + labels + ").");
            }
        }
        Files.createDirectories(out);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("format", "dancelens-explain-1");
        root.put("model", card.id());
        root.put("onnxSha256", card.provenance().onnxSha256() != null ? card.provenance().onnxSha256() : ModelRegistry.sha256(entry.onnxFile()));
        root.put("input", input.toAbsolutePath().toString());
        root.put("method", method.toLowerCase(Locale.ROOT));
        root.set("labels", json.valueToTree(labels));
        ArrayNode rows = root.putArray("frames");
        long t0 = System.nanoTime();
        int done = 0;
        List<String> left = without == null ? List.of() : without;
        root.set("without", json.valueToTree(left));
        try (org.dancelens.analysis.FrameExplainer ex = org.dancelens.analysis.FrameExplainer.open(entry, layer, left, device);
             org.dancelens.analysis.FrameExplainer other = metrics && compareLayer != null
                     ? org.dancelens.analysis.FrameExplainer.open(entry, compareLayer, left, device) : null;
             org.dancelens.pose.PersonSegmenter seg = metrics && mask != null ? org.dancelens.pose.PersonSegmenter.open(
                     ModelRegistry.scan(models == null || models.isEmpty() ? ModelRegistry.defaultFolders() : models).find(mask), device) : null;
             CliProgress progress = new CliProgress("Explaining")) {
            root.put("layer", ex.layer());
            this.second = other;
            this.segmenter = seg;
            if (metrics) {
                csv = new StringBuilder("frame,class,deletion_auc,insertion_auc,consistency_iou,layer_iou,fg_bg_ratio,road_morf,road_lerf\n");
            }
            if (StillImage.isImage(input)) {
                explainFrame(ex, StillImage.read(input), fixedClass, m, cmap, rows, json);
                done++;
            } else {
                int[] r = AnalyzeCommand.parseRange(frames);
                if (metrics && pose != null && mask == null) {
                    List<Path> folders = models == null || models.isEmpty() ? ModelRegistry.defaultFolders() : models;
                    try (org.dancelens.analysis.ResultsStore store = org.dancelens.analysis.ResultsStore.open(out.resolve("analysis.db"))) {
                        var pr = org.dancelens.analysis.PoseAnalysis.run(input, ModelRegistry.scan(folders).find(pose), store, r[0], r[1],
                                org.dancelens.analysis.PoseAnalysis.Settings.defaults(), device, progress);
                        posesByFrame = store.poses(pr.runId(), r[0], r[1] < 0 ? Integer.MAX_VALUE : r[1], true);
                    }
                }
                try (VideoSource src = VideoSource.open(input, progress, 64L << 20, 0)) {
                    int end = r[1] < 0 ? src.frameCount() : Math.min(r[1], src.frameCount());
                    if (r[0] >= end) {
                        throw DanceLensException.badInput("The frame range " + frames + " is empty for " + input.getFileName() + ".");
                    }
                    int[] count = {0};
                    final int fc = fixedClass;
                    src.read(r[0], end, f -> {
                        if ((f.index() - r[0]) % every == 0) {
                            explainFrame(ex, f, fc, m, cmap, rows, json);
                            count[0]++;
                            progress.progress((double) (f.index() - r[0] + 1) / (end - r[0]), "frame " + (f.index() + 1) + "/" + end);
                        }
                        return true;
                    }, progress);
                    done += count[0];
                }
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        root.put("seconds", secs);
        if (metrics) {
            root.put("metrics", "metrics.csv: deletion/insertion areas of the class probability over 10 steps (baseline: the mean colour),"
                    + " IoU of the strongest 20% with the previous explained frame and with --compare-layer, and with --pose or --mask the map's"
                    + " mean inside the dancers (" + (mask != null ? "the pixels " + mask + " gives a person probability of at least 0.5"
                    : "their segmentation masks where the pose model gives them, else their keypoint hulls grown 15%") + ") over its mean outside"
                    + (road ? "; road_morf/road_lerf: the mean class probability with 10-90% of the pixels removed (most/least relevant first)"
                    + " and filled by ROAD's noisy linear imputation" : ""));
            Files.writeString(out.resolve("metrics.csv"), csv);
        }
        Files.writeString(out.resolve("explain.json"), json.writeValueAsString(root));
        o.printf(Locale.ROOT, "%d frame%s explained with %s (%s, layer %s) in %.1f s; maps in %s%n", done, done == 1 ? "" : "s", card.id(),
                method.toLowerCase(Locale.ROOT), root.get("layer").asText(), secs, out);
        return 0;
    }

    /** Clip models: occlusion over time (stretches of the clips' pictures blanked), per video frame, to temporal.csv. */
    private int clipTemporal(ModelRegistry.Entry entry) throws Exception {
        if (out == null) {
            throw DanceLensException.badInput("Give --out DIR for the attributions.");
        }
        if (!Files.exists(input)) {
            throw DanceLensException.badInput(input + " does not exist.");
        }
        List<String> labels = entry.card().labels();
        int fixed = label == null ? -1 : labels.indexOf(label);
        if (label != null && fixed < 0) {
            throw DanceLensException.badInput("The model " + entry.card().id() + " has no label '" + label + "' (it has " + labels + ").");
        }
        int[] r = AnalyzeCommand.parseRange(frames);
        Files.createDirectories(out);
        org.dancelens.classify.SequenceClassifier.Attribution a;
        try (CliProgress progress = new CliProgress("Occlusion")) {
            a = org.dancelens.analysis.ClassifyAnalysis.attributeClip(input, entry, r[0], r[1], span, fixed, device, progress);
        }
        StringBuilder temporal = new StringBuilder("frame,label,drop\n");
        int best = -1;
        for (int i = 0; i < a.frames().length; i++) {
            if (!Float.isNaN(a.frameDrop()[i])) {
                temporal.append(String.format(Locale.ROOT, "%d,%s,%.6g%n", a.frames()[i], a.labelName(), a.frameDrop()[i]));
                best = best < 0 || a.frameDrop()[i] > a.frameDrop()[best] ? i : best;
            }
        }
        Files.writeString(out.resolve("temporal.csv"), temporal);
        var o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "%s: the clips around frame %d mattered most (drop %.4f); attributions in %s%n", a.labelName(),
                best < 0 ? -1 : a.frames()[best], best < 0 ? Float.NaN : a.frameDrop()[best], out.resolve("temporal.csv"));
        return 0;
    }

    /** Skeleton models: occlusion over time and over joints, per dancer, to temporal.csv and joints.csv. */
    private int temporal(ModelRegistry.Entry entry) throws Exception {
        if (out == null) {
            throw DanceLensException.badInput("Give --out DIR for the attributions.");
        }
        if (!Files.exists(input)) {
            throw DanceLensException.badInput(input + " does not exist.");
        }
        Files.createDirectories(out);
        List<String> labels = entry.card().labels();
        List<org.dancelens.classify.PoseTrack> tracks;
        java.util.function.IntToDoubleFunction timeOf;
        try (org.dancelens.classify.SequenceClassifier sc = org.dancelens.classify.SequenceClassifier.open(entry, device)) {
            if (input.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
                tracks = org.dancelens.classify.PoseJsonReader.read(input, sc.recipe().world()).tracks();
            } else {
                if (pose == null) {
                    throw DanceLensException.badInput("The model " + entry.card().id() + " works on poses: give --pose MODEL_ID for the video, or a poses.json.");
                }
                List<Path> folders = models == null || models.isEmpty() ? ModelRegistry.defaultFolders() : models;
                try (org.dancelens.analysis.ResultsStore store = org.dancelens.analysis.ResultsStore.open(out.resolve("analysis.db"));
                     CliProgress progress = new CliProgress("Poses")) {
                    var pr = org.dancelens.analysis.PoseAnalysis.run(input, ModelRegistry.scan(folders).find(pose), store, 0, -1,
                            org.dancelens.analysis.PoseAnalysis.Settings.defaults(), device, progress);
                    var run = store.runs().stream().filter(x -> x.id() == pr.runId()).findFirst().orElseThrow();
                    tracks = org.dancelens.classify.PoseTrack.fromPoses(store.poses(pr.runId(), run.spec().fromFrame(), run.spec().toFrame(), true),
                            store.frameTimes(pr.runId()), sc.recipe().world());
                }
            }
            int fixed = label == null ? -1 : labels.indexOf(label);
            if (label != null && fixed < 0) {
                throw DanceLensException.badInput("The model " + entry.card().id() + " has no label '" + label + "' (it has " + labels + ").");
            }
            StringBuilder temporal = new StringBuilder("frame,time_s,track,label,drop\n");
            StringBuilder joints = new StringBuilder("track,label,joint,drop\n");
            var o = spec.commandLine().getOut();
            for (var t : tracks) {
                if (t.size() == 0) {
                    continue;
                }
                var a = sc.attribute(t, fixed, span);
                for (int i = 0; i < a.frames().length; i++) {
                    if (!Float.isNaN(a.frameDrop()[i])) {
                        temporal.append(String.format(Locale.ROOT, "%d,%.6f,%d,%s,%.6g%n", a.frames()[i], t.times()[i], t.track(), a.labelName(),
                                a.frameDrop()[i]));
                    }
                }
                int best = 0;
                for (int j = 0; j < a.jointDrop().length; j++) {
                    joints.append(String.format(Locale.ROOT, "%d,%s,%s,%.6g%n", t.track(), a.labelName(), sc.recipe().schema().joints().get(j),
                            a.jointDrop()[j]));
                    best = a.jointDrop()[j] > a.jointDrop()[best] ? j : best;
                }
                o.printf(Locale.ROOT, "dancer %d: %s, most important joint %s (drop %.4f)%n", t.track(), a.labelName(),
                        sc.recipe().schema().joints().get(best), a.jointDrop()[best]);
            }
            Files.writeString(out.resolve("temporal.csv"), temporal);
            Files.writeString(out.resolve("joints.csv"), joints);
            o.println("attributions in " + out);
        }
        return 0;
    }

    private void explainFrame(org.dancelens.analysis.FrameExplainer ex, VideoFrame f, int fixedClass, GradCam.Method m,
                              Palette.ColorMap cmap, ArrayNode rows, ObjectMapper json) {
        org.dancelens.analysis.FrameExplainer.Result r = m == null ? ex.scoreCam(f, fixedClass) : ex.explain(f, fixedClass, m);
        GradCam.Cam c = r.cam();
        String name = String.format(Locale.ROOT, "frame_%06d", f.index());
        HeatMapExport.npy(c.map(), c.height(), c.width(), out.resolve(name + ".npy"));
        HeatMapExport.png(HeatMapExport.overlay(f, new HeatMapLayer(c.map(), c.height(), c.width(), r.region(), cmap, opacity)), out.resolve(name + ".png"));
        ObjectNode row = rows.addObject();
        if (metrics) {
            var fa = ex.faithfulness(f, r, 10);
            double consistency = previous == null ? Double.NaN
                    : org.dancelens.analysis.ExplainMetrics.consistency(c.map(), c.height(), c.width(), previous, c.height(), c.width());
            double layerIou = Double.NaN;
            if (second != null) {
                GradCam.Cam c2 = (m == null ? second.scoreCam(f, r.classIndex()) : second.explain(f, r.classIndex(), m)).cam();
                layerIou = org.dancelens.analysis.ExplainMetrics.consistency(c.map(), c.height(), c.width(), c2.map(), c2.height(), c2.width());
            }
            previous = c.map();
            double fg = Double.NaN;
            if (segmenter != null) {
                org.dancelens.pose.PersonSegmenter.Mask pm = segmenter.segment(f);
                fg = org.dancelens.explain.CamMetrics.foregroundRatio(c.map(), c.height(), c.width(), r.region(), f.width(), f.height(),
                        (x, y) -> pm.valueAt(x, y, f.width(), f.height()) >= org.dancelens.analysis.ExplainMetrics.MASK_THRESHOLD);
            } else if (posesByFrame != null) {
                fg = org.dancelens.analysis.ExplainMetrics.foregroundRatio(c.map(), c.height(), c.width(), r.region(), f.width(), f.height(),
                        posesByFrame.getOrDefault(f.index(), List.of()), true);
            }
            row.put("deletion_auc", fa.deletionAuc());
            row.put("insertion_auc", fa.insertionAuc());
            org.dancelens.analysis.FrameExplainer.Road rd = road ? ex.road(f, r, org.dancelens.analysis.FrameExplainer.ROAD_FRACTIONS) : null;
            if (rd != null) {
                ObjectNode ro = row.putObject("road");
                ro.set("fractions", json.valueToTree(rd.fractions()));
                ro.set("morf", json.valueToTree(rd.morf()));
                ro.set("lerf", json.valueToTree(rd.lerf()));
            }
            csv.append(String.format(Locale.ROOT, "%d,%s,%.6f,%.6f,%s,%s,%s,%s,%s%n", f.index(), r.label(), fa.deletionAuc(), fa.insertionAuc(),
                    Double.isNaN(consistency) ? "" : String.format(Locale.ROOT, "%.6f", consistency),
                    Double.isNaN(layerIou) ? "" : String.format(Locale.ROOT, "%.6f", layerIou),
                    Double.isNaN(fg) ? "" : String.format(Locale.ROOT, "%.6f", fg),
                    rd == null ? "" : String.format(Locale.ROOT, "%.6f", rd.morfMean()),
                    rd == null ? "" : String.format(Locale.ROOT, "%.6f", rd.lerfMean())));
        }
        row.put("frame", f.index());
        row.put("time_s", f.timeSeconds());
        row.put("class", r.label());
        row.set("scores", json.valueToTree(r.scores()));
        row.put("png", name + ".png");
        row.put("npy", name + ".npy");
    }
}
