package org.dancelens.classify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.inference.ParseErrors;

/**
 * Reads pose tracks from a {@code poses.json} in the {@code dancelens-poses-1} format (see README), whether
 * written by {@code dancelens analyze} or by another tool: per frame {@code frame}, {@code time_s} and
 * {@code people} with {@code track_id}, flat {@code keypoints} {@code [x, y, c, ...]} (or
 * {@code keypoints_smoothed}) and optionally {@code keypoints_3d} {@code [[x, y, z], ...]}.
 * <p>
 * The file is untrusted, and a value read wrong is worse than a refusal, so everything the tracks are made of is
 * checked and every problem is one sentence naming the file and the place: frame numbers are whole numbers from 0 up
 * and each appears once, times are finite and rise with the frame number, a frame lists each track once, coordinates
 * are finite numbers. Optional are: {@code format}, {@code video} (its {@code fps}, default 30, must then be positive),
 * {@code skeleton} (default coco-17), a frame's {@code people}, a person's {@code track_id} (default -1: one dancer
 * without identities), {@code keypoints_smoothed} (else {@code keypoints}) and {@code keypoints_3d} (a person without
 * it is left out of 3-D tracks); the confidence {@code c} is not used, so it may be any number or null.
 */
public final class PoseJsonReader {

    /** What the file holds: tracks (world or image) and where they came from. */
    public record Data(Path file, SkeletonSchema schema, double fps, String videoPath, List<PoseTrack> tracks) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private PoseJsonReader() {
    }

    /** One pose of one frame, before the tracks are put together. */
    private record Row(int frame, double time, float[][] points) {
    }

    public static Data read(Path file, boolean world) {
        String name = String.valueOf(file.getFileName());
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            String where = ParseErrors.where(e);
            throw DanceLensException.badInput(name + " is not readable JSON" + (where.isEmpty() ? "" : " at " + where) + ": "
                    + ParseErrors.syntax(e) + ".", e);
        } catch (IOException e) {
            throw DanceLensException.badInput(name + " cannot be read" + (Files.isDirectory(file) ? " (it is a folder)." : "."), e);
        }
        if (root == null || !root.isObject() || !root.path("frames").isArray()) {
            throw DanceLensException.badInput(name + " is not a poses.json file (it has no 'frames' list).");
        }
        JsonNode format = root.get("format");
        if (format != null && !format.isNull() && !(format.isTextual() && (format.asText().isEmpty() || format.asText().equals("dancelens-poses-1")))) {
            throw DanceLensException.badInput(name + " has the format " + ParseErrors.quote(format.isTextual() ? format.asText() : format.toString())
                    + "; DanceLens reads dancelens-poses-1.");
        }
        SkeletonSchema schema = schema(root.get("skeleton"), name);
        double fps = fps(root.get("video"), name);
        JsonNode videoPath = root.path("video").path("path");

        Map<Integer, Integer> entryOfFrame = new TreeMap<>();
        Map<Integer, Double> timeOfFrame = new TreeMap<>();
        Map<Integer, List<Row>> byTrack = new TreeMap<>();
        int entry = 0;
        for (JsonNode f : root.get("frames")) {
            entry++;
            String at = name + ", entry " + entry + " of 'frames',";
            if (!f.isObject()) {
                throw DanceLensException.badInput(at + " is not a frame (a mapping with 'frame', 'time_s' and 'people').");
            }
            JsonNode fn = f.get("frame");
            if (fn == null || !fn.isIntegralNumber() || !fn.canConvertToInt() || fn.asInt() < 0) {
                throw DanceLensException.badInput(at + " has " + (fn == null ? "no 'frame'" : "the frame " + shown(fn))
                        + "; a frame is a whole number from 0 up.");
            }
            int frame = fn.asInt();
            JsonNode tn = f.get("time_s");
            if (tn == null || !tn.isNumber() || !Double.isFinite(tn.asDouble())) {
                throw DanceLensException.badInput(name + ", frame " + frame + ", has " + (tn == null ? "no 'time_s'" : "the time_s " + shown(tn))
                        + "; a time is a number of seconds.");
            }
            Integer before = entryOfFrame.put(frame, entry);
            if (before != null) {
                throw DanceLensException.badInput(name + " lists frame " + frame + " twice (entries " + before + " and " + entry + " of 'frames').");
            }
            double t = tn.asDouble();
            timeOfFrame.put(frame, t);
            JsonNode people = f.get("people");
            if (people == null || people.isNull()) {
                continue;
            }
            if (!people.isArray()) {
                throw DanceLensException.badInput(name + ", frame " + frame + ", has 'people' that are not a list.");
            }
            Set<Integer> tracksHere = new HashSet<>();
            int person = 0;
            for (JsonNode p : people) {
                person++;
                String who = name + ", frame " + frame + ", person " + person;
                if (!p.isObject()) {
                    throw DanceLensException.badInput(who + " is not a person (a mapping with 'track_id' and 'keypoints').");
                }
                JsonNode id = p.get("track_id");
                int track;
                if (id == null || id.isNull()) {
                    track = -1;
                } else if (id.isIntegralNumber() && id.canConvertToInt()) {
                    track = id.asInt();
                } else {
                    throw DanceLensException.badInput(who + " has the track_id " + shown(id) + "; a track_id is a whole number.");
                }
                who = name + ", frame " + frame + ", " + (track == -1 ? "person " + person : "track " + track);
                if (!tracksHere.add(track)) {
                    throw DanceLensException.badInput(name + ", frame " + frame + ", lists " + (track == -1 ? "several people without a track_id"
                            : "track " + track + " twice") + "; each dancer must appear once per frame.");
                }
                float[][] pts = world ? world(p.get("keypoints_3d"), schema, who) : image(p, schema, who);
                if (pts != null) {
                    byTrack.computeIfAbsent(track, k -> new ArrayList<>()).add(new Row(frame, t, pts));
                }
            }
        }
        // Times rise with the frame number; windows and resampling depend on it.
        Map.Entry<Integer, Double> previous = null;
        for (Map.Entry<Integer, Double> e : timeOfFrame.entrySet()) {
            if (previous != null && !(e.getValue() > previous.getValue())) {
                throw DanceLensException.badInput(name + ", frame " + e.getKey() + ", has the time_s " + e.getValue() + ", not after frame "
                        + previous.getKey() + "'s " + previous.getValue() + "; times must rise with the frame number.");
            }
            previous = e;
        }
        List<PoseTrack> tracks = new ArrayList<>();
        byTrack.forEach((id, rows) -> {
            rows.sort(java.util.Comparator.comparingInt(Row::frame));
            int n = rows.size();
            int[] frames = new int[n];
            double[] times = new double[n];
            float[][][] pts = new float[n][][];
            for (int i = 0; i < n; i++) {
                frames[i] = rows.get(i).frame();
                times[i] = rows.get(i).time();
                pts[i] = rows.get(i).points();
            }
            tracks.add(new PoseTrack(id, schema, world, frames, times, pts));
        });
        return new Data(file, schema, fps, videoPath.isTextual() ? videoPath.asText() : null, tracks);
    }

    private static SkeletonSchema schema(JsonNode skeleton, String name) {
        if (skeleton == null || skeleton.isNull()) {
            return SkeletonSchema.COCO_17;
        }
        JsonNode n = skeleton.get("name");
        if (!skeleton.isObject() || n != null && !n.isNull() && !n.isTextual()) {
            throw DanceLensException.badInput(name + " has a 'skeleton' without a name DanceLens can read (coco-17 or blazepose-33).");
        }
        if (n == null || n.isNull()) {
            return SkeletonSchema.COCO_17;
        }
        return switch (n.asText()) {
            case "coco-17" -> SkeletonSchema.COCO_17;
            case "blazepose-33" -> SkeletonSchema.BLAZEPOSE_33;
            default -> throw DanceLensException.badInput(name + " names the skeleton " + ParseErrors.quote(n.asText())
                    + "; DanceLens reads coco-17 and blazepose-33.");
        };
    }

    private static double fps(JsonNode video, String name) {
        if (video == null || video.isNull()) {
            return 30;
        }
        if (!video.isObject()) {
            throw DanceLensException.badInput(name + " has a 'video' that is not a mapping (path, fps, ...).");
        }
        JsonNode fps = video.get("fps");
        if (fps == null || fps.isNull()) {
            return 30;
        }
        if (!fps.isNumber() || !(fps.asDouble() > 0) || !Double.isFinite(fps.asDouble())) {
            throw DanceLensException.badInput(name + " gives the video's fps as " + shown(fps) + "; it must be a number above 0.");
        }
        return fps.asDouble();
    }

    /** 2-D pixel coordinates from {@code keypoints_smoothed} (when given) or {@code keypoints}: {@code [x, y, c] * joints}. */
    private static float[][] image(JsonNode p, SkeletonSchema schema, String who) {
        JsonNode smoothed = p.get("keypoints_smoothed");
        String field = smoothed != null && !smoothed.isNull() ? "keypoints_smoothed" : "keypoints";
        JsonNode k = p.get(field);
        if (k == null || k.isNull()) {
            throw DanceLensException.badInput(who + " has no 'keypoints'.");
        }
        if (!k.isArray() || k.size() != 3 * schema.size()) {
            throw DanceLensException.badInput(who + " has " + (k.isArray() ? k.size() + " '" + field + "' values" : "'" + field + "' that are not a list")
                    + "; " + schema.id() + " needs " + 3 * schema.size() + " (x, y, c per joint).");
        }
        float[][] pts = new float[schema.size()][];
        for (int j = 0; j < pts.length; j++) {
            String joint = "joint " + j + " (" + schema.joints().get(j) + ")";
            pts[j] = new float[] {coordinate(k.get(3 * j), who, field, joint, "x"), coordinate(k.get(3 * j + 1), who, field, joint, "y")};
            JsonNode c = k.get(3 * j + 2);
            if (!c.isNull() && !c.isNumber()) {
                throw DanceLensException.badInput(who + ": " + field + " " + joint + " has the confidence " + shown(c) + ", not a number.");
            }
        }
        return pts;
    }

    /** 3-D world coordinates from {@code keypoints_3d} ({@code [[x, y, z], ...]}), or null when the person has none. */
    private static float[][] world(JsonNode w, SkeletonSchema schema, String who) {
        if (w == null || w.isNull()) {
            return null;
        }
        if (!w.isArray() || w.size() != schema.size()) {
            throw DanceLensException.badInput(who + " has " + (w.isArray() ? w.size() + " 3-D keypoints" : "'keypoints_3d' that are not a list")
                    + "; " + schema.id() + " has " + schema.size() + ".");
        }
        float[][] pts = new float[schema.size()][];
        for (int j = 0; j < pts.length; j++) {
            String joint = "joint " + j + " (" + schema.joints().get(j) + ")";
            JsonNode xyz = w.get(j);
            if (!xyz.isArray() || xyz.size() != 3) {
                throw DanceLensException.badInput(who + ": keypoints_3d " + joint + " is not a list of x, y and z.");
            }
            pts[j] = new float[] {coordinate(xyz.get(0), who, "keypoints_3d", joint, "x"), coordinate(xyz.get(1), who, "keypoints_3d", joint, "y"),
                coordinate(xyz.get(2), who, "keypoints_3d", joint, "z")};
        }
        return pts;
    }

    private static float coordinate(JsonNode v, String who, String field, String joint, String axis) {
        if (!v.isNumber()) {
            throw DanceLensException.badInput(who + ": " + field + " " + joint + " has the " + axis + " " + shown(v) + "; a coordinate is a number.");
        }
        float f = (float) v.asDouble();
        if (!Float.isFinite(f)) {
            throw DanceLensException.badInput(who + ": " + field + " " + joint + " has the " + axis + " " + shown(v) + ", which is out of range.");
        }
        return f;
    }

    /** A value from the file as a sentence shows it: numbers as they are, text in quotes, other things by kind. */
    private static String shown(JsonNode v) {
        if (v.isNumber()) {
            String s = v.asText();
            return s.length() > ParseErrors.MAX_QUOTE_LENGTH ? s.substring(0, ParseErrors.MAX_QUOTE_LENGTH - 3) + "..." : s;
        }
        if (v.isTextual()) {
            return ParseErrors.quote(v.asText());
        }
        if (v.isNull()) {
            return "null";
        }
        if (v.isBoolean()) {
            return v.asText();
        }
        return v.isArray() ? "a list" : "a mapping";
    }
}
