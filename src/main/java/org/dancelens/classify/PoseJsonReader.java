package org.dancelens.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.SkeletonSchema;

/**
 * Reads pose tracks from a {@code poses.json} in the {@code dancelens-poses-1} format (see README), whether
 * written by {@code dancelens analyze} or by another tool: per frame {@code frame}, {@code time_s} and
 * {@code people} with {@code track_id}, flat {@code keypoints} {@code [x, y, v, ...]} (or
 * {@code keypoints_smoothed}) and optionally {@code keypoints_3d} {@code [[x, y, z], ...]}.
 */
public final class PoseJsonReader {

    /** What the file holds: tracks (world or image) and where they came from. */
    public record Data(Path file, SkeletonSchema schema, double fps, String videoPath, List<PoseTrack> tracks) {
    }

    private PoseJsonReader() {
    }

    public static Data read(Path file, boolean world) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw DanceLensException.badInput(file.getFileName() + " is not readable JSON: " + firstLine(e.getMessage()) + ".", e);
        }
        if (root == null || !root.isObject() || !root.path("frames").isArray()) {
            throw DanceLensException.badInput(file.getFileName() + " is not a poses.json file (it has no 'frames' list).");
        }
        String format = root.path("format").asText("");
        if (!format.isEmpty() && !format.equals("dancelens-poses-1")) {
            throw DanceLensException.badInput(file.getFileName() + " has the format '" + format + "'; DanceLens reads dancelens-poses-1.");
        }
        String schemaId = root.path("skeleton").path("name").asText("coco-17");
        SkeletonSchema schema = SkeletonSchema.byId(schemaId);
        double fps = root.path("video").path("fps").asDouble(30);
        Map<Integer, List<Object[]>> byTrack = new LinkedHashMap<>();
        int n = 0;
        for (JsonNode f : root.get("frames")) {
            n++;
            if (!f.path("frame").canConvertToInt() || !f.path("time_s").isNumber()) {
                throw DanceLensException.badInput(file.getFileName() + ": frame entry " + n + " lacks a 'frame' number or 'time_s'.");
            }
            int frame = f.get("frame").asInt();
            double t = f.get("time_s").asDouble();
            for (JsonNode p : f.path("people")) {
                float[][] pts = new float[schema.size()][];
                if (world) {
                    JsonNode w = p.path("keypoints_3d");
                    if (!w.isArray()) {
                        continue;
                    }
                    if (w.size() != schema.size()) {
                        throw DanceLensException.badInput(file.getFileName() + ": frame " + frame + " has " + w.size() + " 3-D keypoints; "
                                + schema.id() + " has " + schema.size() + ".");
                    }
                    for (int j = 0; j < pts.length; j++) {
                        pts[j] = new float[] {(float) w.get(j).path(0).asDouble(), (float) w.get(j).path(1).asDouble(), (float) w.get(j).path(2).asDouble()};
                    }
                } else {
                    JsonNode k = p.has("keypoints_smoothed") ? p.get("keypoints_smoothed") : p.path("keypoints");
                    if (k.size() != 3 * schema.size()) {
                        throw DanceLensException.badInput(file.getFileName() + ": frame " + frame + " has " + k.size() + " keypoint values; "
                                + schema.id() + " needs " + 3 * schema.size() + " (x, y, v per joint).");
                    }
                    for (int j = 0; j < pts.length; j++) {
                        pts[j] = new float[] {(float) k.get(3 * j).asDouble(), (float) k.get(3 * j + 1).asDouble()};
                    }
                }
                byTrack.computeIfAbsent(p.path("track_id").asInt(-1), x -> new ArrayList<>()).add(new Object[] {frame, t, pts});
            }
        }
        List<PoseTrack> tracks = new ArrayList<>();
        byTrack.forEach((id, rows) -> {
            rows.sort(java.util.Comparator.comparingInt(r -> (Integer) r[0]));
            int[] frames = new int[rows.size()];
            double[] times = new double[rows.size()];
            float[][][] pts = new float[rows.size()][][];
            for (int i = 0; i < rows.size(); i++) {
                frames[i] = (Integer) rows.get(i)[0];
                times[i] = (Double) rows.get(i)[1];
                pts[i] = (float[][]) rows.get(i)[2];
            }
            tracks.add(new PoseTrack(id, schema, world, frames, times, pts));
        });
        return new Data(file, schema, fps, root.path("video").path("path").asText(null), tracks);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
