package org.dancelens.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import org.dancelens.analysis.store.Attributions.Attribution;
import org.dancelens.analysis.store.Maps;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.classify.Aggregation;
import org.dancelens.core.AtomicFiles;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.ScoreSeries;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.core.TaskContext;
import org.dancelens.core.VideoInfo;
import org.dancelens.render.OverlayScene;

/**
 * Everything the results store holds for one video, in open formats, into one folder, written as one
 * {@link AtomicFiles.FileSet} whose completion file {@value #COMPLETE} (the list of runs and files) comes last: an
 * export stopped half way (a cancel, a full disk) leaves no file of the new set in place, and a folder with
 * {@value #COMPLETE} holds a complete export. Per run (every kind with results, {@code N} its id):
 * <ul>
 *   <li>pose runs: {@code poses-N.csv} (the columns of {@link PoseExport}: raw and smoothed rows), {@code poses-N-coco.json}
 *       (COCO keypoints: {@code images}, {@code annotations} with {@code keypoints} triples and {@code num_keypoints},
 *       {@code categories} with the skeleton) and, for models with 3-D output, {@code poses-N-world.csv};</li>
 *   <li>classify runs: {@code scores-N.csv} and {@code segments-N.csv} (the columns of {@link ScoreExport}), and the
 *       timeline the workbench shows as a picture, {@code timeline-N.svg} (per dancer {@code timeline-N-dancer-T.svg}
 *       when the run scored several; see {@link TimelineExport});</li>
 *   <li>explain runs: per frame {@code maps-N-frame_FFFFFF.npy} (the stored map, float32 at the layer's resolution) and
 *       {@code maps-N.csv} (per frame: class, score, map size, the region of the frame it covers, file);</li>
 *   <li>attribution runs: {@code attribution-N-temporal.csv} and {@code attribution-N-joints.csv} (as {@link ExplainExport});</li>
 *   <li>kinematics and music runs: the files {@code dancelens kinematics} and {@code dancelens music} wrote, named
 *       {@code kinematics-N-kinematics-T.csv}, {@code kinematics-N-kinematics-summary.json}, {@code music-N-beats.csv},
 *       {@code music-N-music.json} and so on;</li>
 *   <li>every run: {@code provenance-N.json} (kind, model id, ONNX sha256, card, settings, range, frames, status, dates,
 *       software version).</li>
 * </ul>
 * An export into the folder of an earlier one replaces it: once the new set is complete, the files the earlier
 * {@value #COMPLETE} listed that the new export did not write (runs since deleted, a dancer no longer scored) are
 * removed, so the folder never mixes two exports; files it did not list are left alone.
 */
public final class DataExport {
    public static final String FORMAT = "dancelens-export-1";
    /** The set's completion file, written last. */
    public static final String COMPLETE = "export.json";

    /** What an export wrote: the runs by kind and the file names (the completion file last). */
    public record Summary(List<Run> runs, List<String> files) {
    }

    private DataExport() {
    }

    /** The software that wrote a file: the version of the jar, or "development build" when run from classes. */
    public static String softwareVersion() {
        String v = DataExport.class.getPackage().getImplementationVersion();
        return v != null ? v : "development build";
    }

    /**
     * The runs of the video that hold results, oldest first.
     *
     * @param videoPath the video's absolute path as the store records it
     */
    public static List<Run> runsWithResults(ResultsStore store, String videoPath) {
        List<Run> runs = new ArrayList<>();
        for (RunKind k : RunKind.values()) {
            store.runs().list(videoPath, k).stream().filter(r -> r.framesDone() > 0).forEach(runs::add);
        }
        runs.sort(java.util.Comparator.comparingLong(Run::id));
        return runs;
    }

    /**
     * Writes every run of the video that holds results into {@code dir} (created if missing) as one set.
     *
     * @param video  the video (size, frame rate) whose runs are written; its path is the one the store records
     * @param timeOf presentation time of a video frame, seconds (for the score and attribution files)
     * @throws DanceLensException (bad input) when the store holds nothing for the video, or a file cannot be written
     */
    public static Summary write(ResultsStore store, VideoInfo video, IntToDoubleFunction timeOf, Path dir, TaskContext ctx) {
        String videoPath = video.path().toAbsolutePath().toString();
        List<Run> runs = runsWithResults(store, videoPath);
        if (runs.isEmpty()) {
            throw DanceLensException.badInput("No results are stored for " + video.fileName() + " in " + store.file()
                    + ": analyse it first, e.g. 'dancelens analyze " + video.path() + " --pose movenet-lightning'.");
        }
        List<String> names = new ArrayList<>();
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode index = json.createObjectNode();
        index.put("format", FORMAT);
        ObjectNode v = index.putObject("video");
        v.put("path", videoPath);
        v.put("width", video.width());
        v.put("height", video.height());
        v.put("fps", video.fps());
        v.put("frameCount", video.frameCount());
        index.put("store", store.file().toAbsolutePath().toString());
        index.putObject("software").put("name", "DanceLens").put("version", softwareVersion());
        index.put("exported", Instant.now().toString());
        ArrayNode runList = index.putArray("runs");
        List<String> earlier = earlierFiles(json, dir);
        try (AtomicFiles.FileSet files = AtomicFiles.fileSet(dir)) {
            int done = 0;
            for (Run run : runs) {
                ctx.checkCancelled();
                ctx.progress((double) done++ / runs.size(), run.kind().key() + " run " + run.id());
                List<String> mine = new ArrayList<>();
                String n = String.valueOf(run.id());
                switch (run.kind()) {
                    case POSE -> {
                        add(files, mine, "poses-" + n + ".csv", PoseExport.csv(store, run));
                        add(files, mine, "poses-" + n + "-coco.json", coco(store, run, video));
                        if (hasWorld(store, run)) {
                            add(files, mine, "poses-" + n + "-world.csv", worldCsv(store, run));
                        }
                    }
                    case CLASSIFY -> {
                        List<ScoreSeries> series = store.scores().read(run.id());
                        add(files, mine, "scores-" + n + ".csv", bytes(ScoreExport.scoresCsv(series, timeOf)));
                        add(files, mine, "segments-" + n + ".csv", bytes(ScoreExport.segmentsCsv(segments(series, video.fps()))));
                        for (ScoreSeries s : series) { // the timeline of each dancer (or of the whole frame) as the workbench shows it
                            if (s.size() > 0 && video.frameCount() > 0) {
                                String name = "timeline-" + n + (series.size() == 1 ? "" : s.track() < 0 ? "-frame" : "-dancer-" + s.track()) + ".svg";
                                String svg = TimelineExport.svg(TimelineExport.lanes(store, run, s, video.frameCount(), video.fps()), video.frameCount());
                                add(files, mine, name, bytes(svg.getBytes(StandardCharsets.UTF_8)));
                            }
                        }
                    }
                    case EXPLAIN -> {
                        Map<Integer, Maps.MapFrame> maps = store.maps().read(run.id(), run.spec().fromFrame(), run.spec().toFrame());
                        StringBuilder csv = new StringBuilder("frame,time_s,class_index,score,height,width,region_y0,region_x0,region_y1,region_x1,file\n");
                        for (Maps.MapFrame m : maps.values()) {
                            ctx.checkCancelled();
                            String file = "maps-" + n + "-" + ExplainExport.frameName(m.frame()) + ".npy";
                            add(files, mine, file, bytes(HeatMapExport.npy(m.map(), m.height(), m.width())));
                            double[] r = m.region();
                            csv.append(String.format(Locale.ROOT, "%d,%.6f,%d,%.6g,%d,%d,%.6f,%.6f,%.6f,%.6f,%s%n", m.frame(), timeOf.applyAsDouble(m.frame()),
                                    m.classIndex(), m.score(), m.height(), m.width(), r[0], r[1], r[2], r[3], file));
                        }
                        add(files, mine, "maps-" + n + ".csv", bytes(csv.toString().getBytes(StandardCharsets.UTF_8)));
                    }
                    case ATTRIBUTION -> {
                        List<Attribution> a = List.copyOf(store.attributions().read(run.id()).values());
                        boolean clip = a.stream().allMatch(x -> x.track() < 0);
                        add(files, mine, "attribution-" + n + "-temporal.csv", bytes(ExplainExport.temporalCsv(a, clip ? null : timeOf)));
                        if (a.stream().anyMatch(x -> x.jointDrop().length > 0)) {
                            add(files, mine, "attribution-" + n + "-joints.csv", bytes(ExplainExport.jointsCsv(a)));
                        }
                    }
                    case KINEMATICS, MUSIC -> {
                        for (Map.Entry<String, byte[]> f : store.files().read(run.id()).entrySet()) {
                            add(files, mine, run.kind().key() + "-" + n + "-" + f.getKey(), bytes(f.getValue()));
                        }
                    }
                    default -> throw new IllegalStateException(run.kind().toString());
                }
                String prov = "provenance-" + n + ".json";
                mine.add(prov);
                files.add(prov, bytes(provenance(json, store, run, mine)));
                names.addAll(mine);
                ObjectNode r = runList.addObject();
                r.put("run", run.id());
                r.put("kind", run.kind().key());
                r.put("model", run.modelId());
                r.put("status", run.status().key());
                ArrayNode fl = r.putArray("files");
                mine.forEach(fl::add);
            }
            ctx.checkCancelled();
            names.add(COMPLETE);
            files.complete(COMPLETE, o -> json.writeValue(o, index));
        }
        for (String old : earlier) {
            if (!names.contains(old)) {
                AtomicFiles.delete(dir.resolve(old));
            }
        }
        ctx.progress(1, "done");
        return new Summary(runs, names);
    }

    /** What an export writes: plain names of its files (never a path, never the completion file). */
    private static final java.util.regex.Pattern EXPORT_FILE = java.util.regex.Pattern.compile(
            "(poses|scores|segments|timeline|maps|attribution|kinematics|music|provenance)-[0-9]+[A-Za-z0-9_.-]*\\.(csv|json|svg|npy)");

    /**
     * The files an earlier export in {@code dir} listed in its {@value #COMPLETE} (names of this format's files only;
     * none when there is no such file or it is not an export's).
     */
    private static List<String> earlierFiles(ObjectMapper json, Path dir) {
        Path complete = dir.resolve(COMPLETE);
        List<String> out = new ArrayList<>();
        if (!java.nio.file.Files.isRegularFile(complete)) {
            return out;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode root = json.readTree(complete.toFile());
            if (root != null && FORMAT.equals(root.path("format").asText())) {
                root.path("runs").forEach(r -> r.path("files").forEach(f -> {
                    if (EXPORT_FILE.matcher(f.asText()).matches()) {
                        out.add(f.asText());
                    }
                }));
            }
        } catch (java.io.IOException e) {
            // not an export's index: nothing of it is touched
        }
        return out;
    }

    private static void add(AtomicFiles.FileSet files, List<String> names, String name, AtomicFiles.Content content) {
        files.add(name, content);
        names.add(name);
    }

    private static AtomicFiles.Content bytes(byte[] b) {
        return o -> o.write(b);
    }

    /** Segments of a classification as the workbench shows them: scores smoothed over 0.5 s, a label held at least 1 s. */
    static List<Aggregation.Segment> segments(List<ScoreSeries> series, double fps) {
        List<Aggregation.Segment> out = new ArrayList<>();
        for (ScoreSeries s : series) {
            out.addAll(TimelineExport.segments(s, fps));
        }
        return out;
    }

    /** The run's facts: what made it (model, ONNX hash, card, settings), over what, how it ended, and the files written from it. */
    static byte[] provenance(ObjectMapper json, ResultsStore store, Run run, List<String> files) {
        ObjectNode p = json.createObjectNode();
        p.put("format", "dancelens-provenance-1");
        p.put("run", run.id());
        p.put("kind", run.kind().key());
        ObjectNode m = p.putObject("model");
        m.put("id", run.modelId());
        m.put("onnxSha256", run.spec().onnxSha256());
        m.put("card", run.spec().card());
        p.set("settings", settings(json, run.spec().settings()));
        ObjectNode v = p.putObject("video");
        v.put("path", run.videoPath());
        v.put("frameCount", run.spec().videoFrames());
        p.put("fromFrame", run.spec().fromFrame());
        p.put("toFrame", run.spec().toFrame());
        p.put("framesDone", run.framesDone());
        ArrayNode und = p.putArray("undecodableFrames");
        store.undecodable().list(run.id()).forEach(und::add);
        p.put("status", run.status().key());
        p.put("revision", run.revision());
        p.put("devices", run.devices()); // where its models ran (null: a run stored before DanceLens recorded it)
        p.put("created", run.created());
        p.put("updated", run.updated());
        p.putObject("software").put("name", "DanceLens").put("version", softwareVersion());
        p.put("exported", Instant.now().toString());
        ArrayNode f = p.putArray("files");
        files.forEach(f::add);
        try {
            return json.writeValueAsBytes(p);
        } catch (IOException e) {
            throw DanceLensException.internal("Could not format the provenance of run " + run.id() + ".", e);
        }
    }

    /** A run's settings text as JSON when it is JSON (it always is for runs DanceLens made), else as the text. */
    static JsonNode settings(ObjectMapper json, String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            return json.getNodeFactory().textNode(text);
        }
    }

    // ---- COCO keypoints ----

    /** Visibility of a keypoint in the COCO file: 2 at or above this confidence (the player's threshold), 1 below, 0 missing. */
    public static final double VISIBLE = OverlayScene.DEFAULT_MIN_CONFIDENCE;

    /** COCO visibility of one keypoint: 0 when it is missing (no position or no score), 1 below {@link #VISIBLE}, 2 at or above. */
    static int visibility(Keypoint k) {
        if (!Float.isFinite(k.x()) || !Float.isFinite(k.y()) || !Float.isFinite(k.score()) || k.score() <= 0) {
            return 0;
        }
        return k.score() >= VISIBLE ? 2 : 1;
    }

    /**
     * The raw keypoints of a pose run in the COCO keypoints layout (pycocotools reads it): one image per frame done
     * (id = frame + 1, {@code frame_index}, {@code time_s}), one annotation per dancer and frame (category 1,
     * {@code keypoints} as x, y, v triples, {@code num_keypoints} = triples with v &gt; 0, {@code bbox} [x, y, w, h]
     * within the image, {@code area} = w x h, {@code iscrowd} 0, {@code track_id}, {@code score}), one category
     * {@code person} with the keypoint names and the skeleton (1-based pairs).
     */
    static AtomicFiles.Content coco(ResultsStore store, Run run, VideoInfo video) {
        Map<Integer, Double> times = store.poses().frameTimes(run.id());
        Map<Integer, List<Pose>> raw = store.poses().read(run.id(), run.spec().fromFrame(), run.spec().toFrame(), false);
        SkeletonSchema schema = raw.values().stream().flatMap(List::stream).map(Pose::schema).findFirst().orElse(SkeletonSchema.COCO_17);
        int w = video.width();
        int h = video.height();
        return out -> {
            JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
            g.writeStartObject();
            g.writeObjectFieldStart("info");
            g.writeStringField("description", "Poses of " + video.fileName() + " by " + run.modelId() + " (DanceLens pose run " + run.id() + ")");
            g.writeStringField("version", softwareVersion());
            g.writeStringField("date_created", run.updated());
            g.writeStringField("model", run.modelId());
            g.writeStringField("onnx_sha256", run.spec().onnxSha256());
            g.writeNumberField("run", run.id());
            g.writeNumberField("visible_min_score", VISIBLE);
            g.writeEndObject();
            g.writeArrayFieldStart("images");
            for (Map.Entry<Integer, Double> f : times.entrySet()) {
                g.writeStartObject();
                g.writeNumberField("id", f.getKey() + 1);
                g.writeStringField("file_name", ExplainExport.frameName(f.getKey()) + ".png");
                g.writeNumberField("width", w);
                g.writeNumberField("height", h);
                g.writeNumberField("frame_index", f.getKey());
                g.writeNumberField("time_s", f.getValue());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("annotations");
            long id = 1;
            for (Map.Entry<Integer, List<Pose>> f : raw.entrySet()) {
                for (Pose p : f.getValue()) {
                    g.writeStartObject();
                    g.writeNumberField("id", id++);
                    g.writeNumberField("image_id", f.getKey() + 1);
                    g.writeNumberField("category_id", 1);
                    g.writeArrayFieldStart("keypoints");
                    int visible = 0;
                    for (Keypoint k : p.keypoints()) {
                        int vis = visibility(k);
                        g.writeNumber(vis == 0 ? 0 : Math.round(k.x() * 100) / 100.0);
                        g.writeNumber(vis == 0 ? 0 : Math.round(k.y() * 100) / 100.0);
                        g.writeNumber(vis);
                        if (vis > 0) {
                            visible++;
                        }
                    }
                    g.writeEndArray();
                    g.writeNumberField("num_keypoints", visible);
                    double[] b = clippedBox(p.box() != null ? p.box() : p.keypointBox((float) VISIBLE), w, h);
                    g.writeArrayFieldStart("bbox");
                    for (double x : b) {
                        g.writeNumber(Math.round(x * 100) / 100.0);
                    }
                    g.writeEndArray();
                    g.writeNumberField("area", Math.round(b[2] * b[3] * 100) / 100.0);
                    g.writeNumberField("iscrowd", 0);
                    g.writeNumberField("track_id", p.trackId());
                    g.writeNumberField("score", Math.round(p.score() * 10000) / 10000.0);
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            g.writeArrayFieldStart("categories");
            g.writeStartObject();
            g.writeNumberField("id", 1);
            g.writeStringField("name", "person");
            g.writeStringField("supercategory", "person");
            g.writeStringField("skeleton_schema", schema.id());
            g.writeArrayFieldStart("keypoints");
            for (String j : schema.joints()) {
                g.writeString(j);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("skeleton");
            for (int[] bone : schema.bones()) {
                g.writeArray(new int[] {bone[0] + 1, bone[1] + 1}, 0, 2);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.flush();
        };
    }

    /** A box {x0, y0, x1, y1} as COCO's [x, y, width, height], clipped to the image (rounded down so it stays inside). */
    static double[] clippedBox(float[] b, int w, int h) {
        double x0 = clamp(Math.min(b[0], b[2]), w);
        double y0 = clamp(Math.min(b[1], b[3]), h);
        double x1 = clamp(Math.max(b[0], b[2]), w);
        double y1 = clamp(Math.max(b[1], b[3]), h);
        x0 = Math.floor(x0 * 100) / 100.0;
        y0 = Math.floor(y0 * 100) / 100.0;
        return new double[] {x0, y0, Math.floor((x1 - x0) * 100) / 100.0, Math.floor((y1 - y0) * 100) / 100.0};
    }

    private static double clamp(double v, int max) {
        return Double.isFinite(v) ? Math.max(0, Math.min(max, v)) : 0;
    }

    // ---- 3-D world keypoints ----

    static boolean hasWorld(ResultsStore store, Run run) {
        return store.poses().read(run.id(), run.spec().fromFrame(), run.spec().toFrame(), false).values().stream().flatMap(List::stream)
                .anyMatch(p -> p.world() != null);
    }

    /** {@code frame,time_s,track,keypoint,world_x,world_y,world_z} (metres, the model's world frame), dancers with 3-D output only. */
    static AtomicFiles.Content worldCsv(ResultsStore store, Run run) {
        Map<Integer, Double> times = store.poses().frameTimes(run.id());
        Map<Integer, List<Pose>> raw = store.poses().read(run.id(), run.spec().fromFrame(), run.spec().toFrame(), false);
        return o -> {
            StringBuilder sb = new StringBuilder("frame,time_s,track,keypoint,world_x,world_y,world_z\n");
            for (Map.Entry<Integer, List<Pose>> e : raw.entrySet()) {
                for (Pose p : e.getValue()) {
                    if (p.world() == null) {
                        continue;
                    }
                    List<String> joints = p.schema().joints();
                    for (int j = 0; j < p.world().length; j++) {
                        float[] x = p.world()[j];
                        sb.append(String.format(Locale.ROOT, "%d,%.6f,%d,%s,%.4f,%.4f,%.4f%n", e.getKey(), times.getOrDefault(e.getKey(), Double.NaN),
                                p.trackId(), joints.get(j), x[0], x[1], x[2]));
                    }
                }
                if (sb.length() > 1 << 16) {
                    o.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                    sb.setLength(0);
                }
            }
            o.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        };
    }
}
