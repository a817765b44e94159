package org.dancelens.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.core.AtomicFiles;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.core.VideoInfo;

/** Writes a pose run from the results store as poses.csv and poses.json (formats documented in the README). */
public final class PoseExport {
    public static final String JSON_FORMAT = "dancelens-poses-1";

    public static final String CSV = "poses.csv";
    public static final String JSON = "poses.json";

    private PoseExport() {
    }

    /** Writes {@code dir/poses.csv} and {@code dir/poses.json} as one set, poses.json last (see {@link AtomicFiles.FileSet}). */
    public static void write(ResultsStore store, Run run, VideoInfo video, Path dir) {
        try (AtomicFiles.FileSet files = AtomicFiles.fileSet(dir)) {
            files.add(CSV, csv(store, run));
            files.complete(JSON, json(store, run, video));
        }
    }

    /**
     * Writes one dancer's rows of a pose run as a CSV file (the columns of poses.csv, only the rows of {@code track}),
     * atomically.
     *
     * @return how many frames hold that dancer
     */
    public static int writeTrack(ResultsStore store, Run run, int track, Path out) {
        int[] frames = new int[1];
        AtomicFiles.write(out, csv(store, run, track, frames));
        return frames[0];
    }

    /**
     * One row per frame, track, keypoint and kind (raw / smoothed): frame,time_s,track,keypoint,x,y,score,kind, and for
     * models with 3D output world_x,world_y,world_z (metres, the same on raw and smoothed rows).
     */
    static AtomicFiles.Content csv(ResultsStore store, Run run) {
        return csv(store, run, null, new int[1]);
    }

    /** As {@link #csv(ResultsStore, Run)}, only the rows of one track when given; counts the frames written in {@code frames[0]}. */
    private static AtomicFiles.Content csv(ResultsStore store, Run run, Integer track, int[] frames) {
        Map<Integer, Double> times = store.poses().frameTimes(run.id());
        Map<Integer, List<Pose>> raw = store.poses().read(run.id(), run.spec().fromFrame(), run.spec().toFrame(), false);
        Map<Integer, List<Pose>> sm = store.poses().read(run.id(), run.spec().fromFrame(), run.spec().toFrame(), true);
        if (track != null) {
            raw = only(raw, track);
            sm = only(sm, track);
        }
        frames[0] = raw.size();
        Map<Integer, List<Pose>> rawRows = raw;
        Map<Integer, List<Pose>> smRows = sm;
        boolean world = raw.values().stream().flatMap(List::stream).anyMatch(p -> p.world() != null);
        String[] header = world
                ? new String[] {"frame", "time_s", "track", "keypoint", "x", "y", "score", "kind", "world_x", "world_y", "world_z"}
                : new String[] {"frame", "time_s", "track", "keypoint", "x", "y", "score", "kind"};
        return o -> {
            Writer w = new java.io.OutputStreamWriter(o, StandardCharsets.UTF_8);
            CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(header).build());
            for (Map.Entry<Integer, List<Pose>> e : rawRows.entrySet()) {
                int frame = e.getKey();
                List<Pose> smoothed = smRows.getOrDefault(frame, List.of());
                for (int k = 0; k < e.getValue().size(); k++) {
                    Pose r = e.getValue().get(k);
                    row(p, frame, times.getOrDefault(frame, Double.NaN), r, "raw", world ? r.world() : null, world);
                    row(p, frame, times.getOrDefault(frame, Double.NaN), smoothed.get(k), "smoothed", world ? r.world() : null, world);
                }
            }
            p.flush();
        };
    }

    /** The frames holding {@code track}, with only its pose. */
    private static Map<Integer, List<Pose>> only(Map<Integer, List<Pose>> byFrame, int track) {
        Map<Integer, List<Pose>> out = new java.util.TreeMap<>();
        byFrame.forEach((f, poses) -> {
            List<Pose> mine = poses.stream().filter(p -> p.trackId() == track).toList();
            if (!mine.isEmpty()) {
                out.put(f, mine);
            }
        });
        return out;
    }

    private static void row(CSVPrinter p, int frame, double time, Pose pose, String kind, float[][] world, boolean worldColumns)
            throws IOException {
        List<String> names = pose.schema().joints();
        java.util.Locale l = java.util.Locale.ROOT;
        for (int j = 0; j < pose.keypoints().size(); j++) {
            Keypoint k = pose.keypoints().get(j);
            List<Object> cells = new java.util.ArrayList<>(List.of(frame, String.format(l, "%.6f", time), pose.trackId(), names.get(j),
                    String.format(l, "%.2f", k.x()), String.format(l, "%.2f", k.y()), String.format(l, "%.4f", k.score()), kind));
            if (worldColumns) {
                for (int c = 0; c < 3; c++) {
                    cells.add(world == null ? "" : String.format(l, "%.4f", world[j][c]));
                }
            }
            p.printRecord(cells);
        }
    }

    /** COCO-keypoints-style JSON: per frame, per person; skeleton, video and model provenance at the top. */
    static AtomicFiles.Content json(ResultsStore store, Run run, VideoInfo video) {
        Map<Integer, Double> times = store.poses().frameTimes(run.id());
        Map<Integer, List<Pose>> raw = store.poses().read(run.id(), run.spec().fromFrame(), run.spec().toFrame(), false);
        Map<Integer, List<Pose>> sm = store.poses().read(run.id(), run.spec().fromFrame(), run.spec().toFrame(), true);
        SkeletonSchema schema = raw.values().stream().flatMap(List::stream).map(Pose::schema).findFirst().orElse(SkeletonSchema.COCO_17);
        List<Integer> undecodable = store.undecodable().list(run.id());
        return o -> {
            JsonGenerator g = new JsonFactory().createGenerator(o, JsonEncoding.UTF8);
            g.writeStartObject();
            g.writeStringField("format", JSON_FORMAT);
            g.writeObjectFieldStart("video");
            g.writeStringField("path", video.path().toAbsolutePath().toString());
            g.writeNumberField("width", video.width());
            g.writeNumberField("height", video.height());
            g.writeNumberField("fps", video.fps());
            g.writeNumberField("frameCount", video.frameCount());
            g.writeNumberField("rotation", video.rotation());
            g.writeEndObject();
            g.writeObjectFieldStart("model");
            g.writeStringField("id", run.spec().modelId());
            g.writeStringField("onnxSha256", run.spec().onnxSha256());
            g.writeEndObject();
            g.writeStringField("settings", run.spec().settings());
            g.writeNumberField("fromFrame", run.spec().fromFrame());
            g.writeNumberField("toFrame", run.spec().toFrame());
            g.writeStringField("status", run.status().key());
            g.writeStringField("devices", run.devices()); // where its models ran (null: a run stored before DanceLens recorded it)
            // Frames the decoder could not give out: gaps, not frames where nobody was found.
            g.writeArrayFieldStart("undecodableFrames");
            for (int f : undecodable) {
                g.writeNumber(f);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("skeleton");
            g.writeStringField("name", schema.id());
            g.writeArrayFieldStart("keypoints");
            for (String j : schema.joints()) {
                g.writeString(j);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("bones");
            for (int[] b : schema.bones()) {
                g.writeArray(b, 0, 2);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeArrayFieldStart("frames");
            for (Map.Entry<Integer, Double> f : times.entrySet()) {
                g.writeStartObject();
                g.writeNumberField("frame", f.getKey());
                g.writeNumberField("time_s", f.getValue());
                g.writeArrayFieldStart("people");
                List<Pose> poses = raw.getOrDefault(f.getKey(), List.of());
                List<Pose> smoothed = sm.getOrDefault(f.getKey(), List.of());
                for (int k = 0; k < poses.size(); k++) {
                    Pose p = poses.get(k);
                    g.writeStartObject();
                    g.writeNumberField("track_id", p.trackId());
                    g.writeNumberField("score", p.score());
                    float[] b = p.box() != null ? p.box() : p.keypointBox(0.2f);
                    g.writeArrayFieldStart("bbox");
                    g.writeNumber(b[0]);
                    g.writeNumber(b[1]);
                    g.writeNumber(b[2] - b[0]);
                    g.writeNumber(b[3] - b[1]);
                    g.writeEndArray();
                    flat(g, "keypoints", p);
                    flat(g, "keypoints_smoothed", smoothed.get(k));
                    if (p.world() != null) {
                        g.writeArrayFieldStart("keypoints_3d");
                        for (float[] w : p.world()) {
                            g.writeArray(new double[] {w[0], w[1], w[2]}, 0, 3);
                        }
                        g.writeEndArray();
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.flush();
        };
    }

    private static void flat(JsonGenerator g, String name, Pose p) throws IOException {
        g.writeArrayFieldStart(name);
        for (Keypoint k : p.keypoints()) {
            g.writeNumber(Math.round(k.x() * 100) / 100.0);
            g.writeNumber(Math.round(k.y() * 100) / 100.0);
            g.writeNumber(Math.round(k.score() * 10000) / 10000.0);
        }
        g.writeEndArray();
    }
}
