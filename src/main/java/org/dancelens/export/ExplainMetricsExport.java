package org.dancelens.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.dancelens.analysis.ExplainMetrics;
import org.dancelens.analysis.store.ExplainSettings;
import org.dancelens.analysis.store.RunSpec;
import org.dancelens.core.AtomicFiles;
import org.dancelens.core.DanceLensException;

/**
 * The metrics of a stored map run as files: {@code NAME.csv} (one row per frame) and {@code NAME.json} (the run's
 * provenance, the summary, what each number means, and the rows), written as one set, the JSON last
 * ({@link AtomicFiles#writeSet}).
 * Numbers that were not measured are empty in the CSV and null in the JSON.
 */
public final class ExplainMetricsExport {
    private ExplainMetricsExport() {
    }

    /** Writes {@code dir/name.csv} and {@code dir/name.json}; returns the two paths. */
    public static Path[] write(ExplainMetrics.RunMetrics m, Path dir, String name) {
        Path csv = dir.resolve(name + ".csv");
        Path json = dir.resolve(name + ".json");
        byte[] c = csv(m).getBytes(StandardCharsets.UTF_8);
        byte[] j = json(m).getBytes(StandardCharsets.UTF_8);
        Map<String, AtomicFiles.Content> files = new LinkedHashMap<>();
        files.put(name + ".csv", o -> o.write(c));
        files.put(name + ".json", o -> o.write(j));
        AtomicFiles.writeSet(dir, files);
        return new Path[] {csv, json};
    }

    public static String csv(ExplainMetrics.RunMetrics m) {
        StringBuilder sb = new StringBuilder("frame,class,fg_bg_ratio,consistency_iou,deletion_auc,insertion_auc\n");
        for (ExplainMetrics.FrameMetrics f : m.frames()) {
            sb.append(f.frame()).append(',').append(cell(f.label())).append(',').append(num(f.fgBgRatio())).append(',').append(num(f.consistencyIou()))
                    .append(',').append(num(f.deletionAuc())).append(',').append(num(f.insertionAuc())).append('\n');
        }
        return sb.toString();
    }

    public static String json(ExplainMetrics.RunMetrics m) {
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = om.createObjectNode();
        root.put("format", "dancelens-explain-metrics-1");
        RunSpec s = m.run().spec();
        ExplainSettings es = ExplainSettings.of(m.run());
        ObjectNode run = root.putObject("run");
        run.put("id", m.run().id());
        run.put("video", s.videoPath());
        run.put("model", s.modelId());
        run.put("onnxSha256", s.onnxSha256());
        run.put("layer", es.layer());
        run.put("method", es.method());
        run.put("class", es.classChoice());
        run.put("fromFrame", s.fromFrame());
        run.put("toFrame", s.toFrame());
        run.put("status", m.run().status().key());
        run.put("devices", m.run().devices());
        run.put("created", m.run().created());
        ExplainMetrics.Summary sum = m.summary();
        ObjectNode o = root.putObject("summary");
        o.put("frames", sum.frames());
        o.put("maskSource", sum.maskSource().label());
        if (sum.poseRunId() == null) {
            o.putNull("poseRun");
        } else {
            o.put("poseRun", sum.poseRunId());
        }
        put(o, "meanFgBgRatio", sum.meanFgBgRatio());
        o.put("fgBgFrames", sum.fgBgFrames());
        put(o, "meanConsistencyIou", sum.meanConsistencyIou());
        o.put("consistencyPairs", sum.consistencyPairs());
        put(o, "meanDeletionAuc", sum.meanDeletionAuc());
        put(o, "meanInsertionAuc", sum.meanInsertionAuc());
        o.put("faithfulnessFrames", sum.faithfulnessFrames());
        ObjectNode d = root.putObject("definitions");
        d.put("fg_bg_ratio", String.format(Locale.ROOT, "the map's mean over the dancers over its mean over the rest of the frame; dancers from"
                + " their segmentation masks (probability >= %.1f) when the pose run has them, else their keypoint hulls (keypoints scoring"
                + " >= %.1f, grown %.0f%%); the mean is over frames where the ratio is finite", ExplainMetrics.MASK_THRESHOLD,
                ExplainMetrics.MIN_KEYPOINT_SCORE, ExplainMetrics.HULL_GROW * 100));
        d.put("consistency_iou", String.format(Locale.ROOT, "IoU of the strongest %.0f%% of the maps of this frame and the frame before",
                ExplainMetrics.TOP * 100));
        d.put("deletion_auc", "area under the class probability as the map's strongest pixels are set to the mean colour, "
                + ExplainMetrics.FAITHFULNESS_STEPS + " steps (lower is more faithful)");
        d.put("insertion_auc", "area under the class probability as the map's strongest pixels are put back on the mean colour (higher is more"
                + " faithful)");
        d.put("maps", "stored at the layer's resolution and upsampled bilinearly to the model's input before measuring");
        ArrayNode rows = root.putArray("frames");
        for (ExplainMetrics.FrameMetrics f : m.frames()) {
            ObjectNode r = rows.addObject();
            r.put("frame", f.frame());
            r.put("class", f.label());
            put(r, "fg_bg_ratio", f.fgBgRatio());
            put(r, "consistency_iou", f.consistencyIou());
            put(r, "deletion_auc", f.deletionAuc());
            put(r, "insertion_auc", f.insertionAuc());
        }
        try {
            return om.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw DanceLensException.internal("Could not write the explanation metrics as JSON.", e);
        }
    }

    private static void put(ObjectNode o, String key, double v) {
        if (Double.isNaN(v)) {
            o.putNull(key);
        } else if (Double.isInfinite(v)) {
            o.put(key, v > 0 ? "Infinity" : "-Infinity");
        } else {
            o.put(key, v);
        }
    }

    private static String cell(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.isInfinite(v) ? (v > 0 ? "inf" : "-inf") : String.format(Locale.ROOT, "%.6f", v);
    }
}
