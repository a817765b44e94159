package org.dancelens.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.parquet.example.data.Group;
import org.dancelens.analysis.store.PoseFrames;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.analysis.store.RunLocks;
import org.dancelens.analysis.store.RunSpec;
import org.dancelens.analysis.store.RunStatus;
import org.dancelens.classify.ModelHead;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.ScoreSeries;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.core.TaskContext;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelRegistry;

/**
 * Brings the pose runs of the Spark job ({@code org.dancelens.spark.AnalyzeJob}: Parquet tables {@code runs} and
 * {@code poses}, partitioned by {@code video_id}) into the videos' results stores, as the pose runs
 * {@code dancelens analyze} would have stored (same run spec: video path and frame count, model id, ONNX sha256, card,
 * settings, range), so the workbench and the exports see an ordinary finished run.
 *
 * <p>A video is imported only when its file is on this machine (the runs row's URI, through the {@code OLD=NEW}
 * prefix mappings) and is the very file the cluster analysed (same size and sha256, which the job records), and only
 * when its data is whole (every frame of the range has a time or is recorded undecodable, every pose has each joint raw
 * and smoothed, and the poses are as many rows as the runs row says). Otherwise nothing of it is written and one
 * sentence says why. A run already complete in the store is left as it is, so importing twice adds nothing.
 *
 * <p>With the pose run stored, the classifications the job ran on the video ({@code --classify}: the runs row's
 * {@code analyses}, the {@code scores} table) are filed as {@code dancelens classify} would file them here, when the
 * model is installed here with the very ONNX file and reads whole frames, and its scores are whole (see
 * {@link #classifications}); so {@code classify} and the workbench reuse them.
 */
public final class ParquetImport {
    /** The Spark job's table of classification scores ({@code org.dancelens.spark.Extras}). */
    static final String SCORES = "scores";

    /** What happened to one video of the runs table. */
    public enum Kind { IMPORTED, ALREADY_STORED, FAILED_ON_CLUSTER, MISSING, CHANGED, INCOMPLETE }

    /**
     * One video's outcome: the video as the cluster named it, the local file (null when unknown), unless imported why
     * not, and the outcomes of the classifications the cluster ran on it (imported only with its poses).
     */
    public record Outcome(String video, Path local, Kind kind, String sentence, Long runId, List<Classification> classifications) {
        public Outcome {
            classifications = List.copyOf(classifications);
        }

        public Outcome(String video, Path local, Kind kind, String sentence, Long runId) {
            this(video, local, kind, sentence, runId, List.of());
        }

        /** True when the video's pose run is in its store (imported now or before). */
        public boolean ok() {
            return kind == Kind.IMPORTED || kind == Kind.ALREADY_STORED;
        }

        /** True when the pose run and every classification of the video are in its store. */
        public boolean allOk() {
            return ok() && classifications.stream().allMatch(Classification::ok);
        }
    }

    /**
     * One classification of a video ({@code classify:ID@SHA} in its runs row's {@code analyses}): the model id, what
     * happened (IMPORTED, ALREADY_STORED; MISSING when the model is not installed here, CHANGED when the installed one
     * is another file, INCOMPLETE when its scores are not whole or cannot be filed as {@code dancelens classify} would),
     * unless stored why not, and the classify run.
     */
    public record Classification(String model, Kind kind, String sentence, Long runId) {
        public boolean ok() {
            return kind == Kind.IMPORTED || kind == Kind.ALREADY_STORED;
        }
    }

    /** A prefix mapping from the cluster's video paths (or URIs) to this machine's. */
    public record Root(String from, String to) {
        /** Parses {@code OLD=NEW}. */
        public static Root parse(String text) {
            int eq = text.indexOf('=');
            if (eq <= 0 || eq == text.length() - 1) {
                throw DanceLensException.badInput("--video-root must look like OLD=NEW (a prefix of the cluster's video paths or URIs and the"
                        + " folder it is on this machine), not '" + text + "'.");
            }
            return new Root(text.substring(0, eq), text.substring(eq + 1));
        }
    }

    /** A video file's size and sha256 (lower-case hex): what the job records and the import checks. */
    public record VideoContent(long bytes, String sha256) {
        public static VideoContent of(Path video) throws IOException {
            MessageDigest md;
            try {
                md = MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            long n = 0;
            byte[] buf = new byte[1 << 16];
            try (InputStream in = Files.newInputStream(video)) {
                for (int k = in.read(buf); k >= 0; k = in.read(buf)) {
                    md.update(buf, 0, k);
                    n += k;
                }
            }
            return new VideoContent(n, HexFormat.of().formatHex(md.digest()));
        }
    }

    private ParquetImport() {
    }

    /**
     * Imports every video of the runs table under {@code dir}.
     *
     * @param storeFor the results store file of a local video (the workbench's, or one given)
     * @param models   the installed model with an id, or null when none is (its card files a classification)
     * @return one outcome per video, in the order of their partitions
     */
    public static List<Outcome> run(Path dir, List<Root> roots, Function<Path, Path> storeFor, Function<String, ModelRegistry.Entry> models,
                                    TaskContext ctx) {
        Path runs = dir.resolve("runs");
        Path poses = dir.resolve("poses");
        if (!Files.isDirectory(dir)) {
            throw DanceLensException.badInput(dir + " is not a folder (give the --out folder of the Spark job, with runs/ and poses/ in it).");
        }
        if (!Files.isDirectory(runs)) {
            throw DanceLensException.badInput(dir + " holds no runs table (runs/): it is not the --out folder of the Spark job.");
        }
        List<Path> parts;
        try {
            parts = ParquetTables.partitions(runs);
        } catch (IOException e) {
            throw DanceLensException.badInput("Cannot read " + runs + ": " + e.getMessage() + ".", e);
        }
        if (parts.isEmpty()) {
            throw DanceLensException.badInput(runs + " holds no video_id=... partitions: it is not a runs table of the Spark job.");
        }
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            ctx.checkCancelled();
            Path part = parts.get(i);
            List<Group> rows = new ArrayList<>();
            ParquetTables.read(part, rows::add);
            ctx.progress((double) i / parts.size(), rows.isEmpty() ? part.getFileName().toString() : name(rows.get(0).getString("video", 0)));
            if (rows.size() != 1) {
                out.add(new Outcome(part.getFileName().toString(), null, Kind.INCOMPLETE, "The runs table's partition " + part + " holds " + rows.size()
                        + " rows, not one; it is not imported.", null));
                continue;
            }
            out.add(importOne(rows.get(0), poses.resolve(part.getFileName()), dir.resolve(SCORES).resolve(part.getFileName()), roots, storeFor, models,
                    ctx.scaled((double) i / parts.size(),
                    (i + 1.0) / parts.size(), "")));
        }
        ctx.progress(1, "");
        return out;
    }

    private static String name(String uri) {
        int slash = uri.lastIndexOf('/');
        return slash >= 0 ? uri.substring(slash + 1) : uri;
    }

    private static Outcome importOne(Group row, Path posesPart, Path scoresPart, List<Root> roots, Function<Path, Path> storeFor,
                                     Function<String, ModelRegistry.Entry> models, TaskContext ctx) {
        String video = row.getString("video", 0);
        if (!"ok".equals(row.getString("status", 0))) {
            String error = ParquetTables.has(row, "error") ? row.getString("error", 0) : "no sentence recorded";
            return new Outcome(video, null, Kind.FAILED_ON_CLUSTER, name(video) + " was not analysed on the cluster: " + error, null);
        }
        for (String c : List.of("video_frames", "video_bytes", "video_sha256", "pose_rows", "frame_times", "undecodable")) {
            if (!ParquetTables.has(row, c)) {
                return new Outcome(video, null, Kind.INCOMPLETE, "The runs row of " + video + " has no " + c + " (written by an older version of the"
                        + " Spark job), so it cannot be imported; run the job again into a new --out folder.", null);
            }
        }
        Path local = local(video, roots);
        if (local == null) {
            return new Outcome(video, null, Kind.MISSING, name(video) + " was not imported: " + video + " is not a file on this machine"
                    + " (--video-root OLD=NEW maps the cluster's paths to this machine's).", null);
        }
        if (!Files.isRegularFile(local)) {
            return new Outcome(video, local, Kind.MISSING, name(video) + " was not imported: " + local + " is not there"
                    + (roots.isEmpty() ? " (--video-root OLD=NEW maps the cluster's paths to this machine's)." : "."), null);
        }
        VideoContent content;
        try {
            content = VideoContent.of(local);
        } catch (IOException e) {
            return new Outcome(video, local, Kind.MISSING, name(video) + " was not imported: " + local + " cannot be read (" + e.getMessage() + ").",
                    null);
        }
        long bytes = row.getLong("video_bytes", 0);
        String sha = row.getString("video_sha256", 0);
        if (content.bytes() != bytes || !content.sha256().equals(sha)) {
            return new Outcome(video, local, Kind.CHANGED, name(video) + " was not imported: " + local + " is not the file the cluster analysed ("
                    + (content.bytes() != bytes ? content.bytes() + " bytes, not " + bytes : "same size, other content") + ").", null);
        }
        int frames = row.getInteger("frames", 0);
        RunSpec spec = new RunSpec(local.toAbsolutePath().toString(), row.getInteger("video_frames", 0), RunKind.POSE, row.getString("model", 0),
                row.getString("onnx_sha256", 0), row.getString("card", 0), row.getString("settings", 0), 0, frames);
        Path storeFile = storeFor.apply(local);
        try (ResultsStore store = ResultsStore.open(storeFile)) {
            java.util.Optional<Run> stored = store.runs().find(spec);
            if (stored.isPresent() && stored.get().status() == RunStatus.COMPLETE) {
                return new Outcome(video, local, Kind.ALREADY_STORED, null, stored.get().id(),
                        classifications(row, scoresPart, video, local, store, models, ctx));
            }
            Frames data;
            try {
                data = frames(row, posesPart, video, frames);
            } catch (DanceLensException e) {
                return new Outcome(video, local, Kind.INCOMPLETE, name(video) + " was not imported: " + e.getMessage(), null);
            }
            Run run = store.runs().findOrCreate(spec);
            try (RunLocks.RunLock lock = store.locks().claim(run.id(), "the import of the cluster's pose run of " + local.getFileName())) {
                store.runs().working(run.id(), () -> {
                    // The frames in batches, the undecodable ones with the first; the run is complete only once all are stored.
                    int batch = 500;
                    for (int k = 0; k < Math.max(1, data.results().size()); k += batch) {
                        ctx.checkCancelled();
                        List<PoseFrames.FrameResult> b = data.results().subList(Math.min(k, data.results().size()),
                                Math.min(k + batch, data.results().size()));
                        store.poses().write(run.id(), b, k == 0 ? data.undecodable() : List.of(), null);
                        ctx.progress(Math.min(1, (k + batch) / (double) Math.max(1, data.results().size())), local.getFileName().toString());
                    }
                    store.runs().ranOn(run.id(), "cpu"); // the Spark job runs its models on the executors' CPUs
                    store.runs().setStatus(run.id(), RunStatus.COMPLETE);
                    return null;
                });
            }
            return new Outcome(video, local, Kind.IMPORTED, null, run.id(), classifications(row, scoresPart, video, local, store, models, ctx));
        }
    }

    /** The local file of a video URI or path, through the first matching prefix mapping; null for a URI of another file system. */
    static Path local(String video, List<Root> roots) {
        // As Hadoop's Path prints them: file:/a b/c.mp4 (not percent-encoded), or file:///..., or a plain path.
        String path = null;
        if (video.startsWith("file:")) {
            path = video.substring("file:".length());
            if (path.startsWith("//")) {
                int slash = path.indexOf('/', 2);
                path = slash < 0 ? "/" : path.substring(slash);
            }
        } else if (!video.matches("(?s)[A-Za-z][A-Za-z0-9+.-]+:.*")) {
            path = video; // a path (a single letter before the colon is a Windows drive)
        }
        for (Root r : roots) {
            if (video.startsWith(r.from())) {
                return Path.of(r.to() + video.substring(r.from().length()));
            }
            if (path != null && path.startsWith(r.from())) {
                return Path.of(r.to() + path.substring(r.from().length()));
            }
        }
        return path == null ? null : Path.of(path);
    }

    /** A video's stored frames as the store takes them, and the frames recorded undecodable. */
    private record Frames(List<PoseFrames.FrameResult> results, List<Integer> undecodable) {
    }

    /** One pose being put together from its long-form rows. */
    private static final class Building {
        final SkeletonSchema schema;
        final Keypoint[] raw;
        final Keypoint[] smoothed;
        final float[][] world;
        final float score;
        final float[] box;
        byte[] mask;
        int rows;

        Building(SkeletonSchema schema, float score, float[] box, boolean world) {
            this.schema = schema;
            this.raw = new Keypoint[schema.size()];
            this.smoothed = new Keypoint[schema.size()];
            this.world = world ? new float[schema.size()][] : null;
            this.score = score;
            this.box = box;
        }
    }

    /**
     * The frames of an ok runs row from its poses partition, checked whole: the frame times and undecodable frames cover
     * the range exactly, every pose has each joint raw and smoothed, and the rows are as many as the runs row says.
     */
    private static Frames frames(Group row, Path posesPart, String video, int frames) {
        Map<Integer, Double> timeOf = timeOf(row, frames);
        java.util.Set<Integer> gaps = new java.util.TreeSet<>(ParquetTables.list(row, "undecodable", (e, f) -> e.getInteger(f, 0)));
        long poseRows = row.getLong("pose_rows", 0);
        Map<Integer, Map<Integer, Building>> byFrame = new TreeMap<>();
        long[] seen = {0};
        String[] problem = {null};
        Map<String, Map<String, Integer>> jointIndex = new HashMap<>();
        if (Files.isDirectory(posesPart)) {
            ParquetTables.read(posesPart, g -> {
                seen[0]++;
                if (problem[0] != null) {
                    return;
                }
                int frame = g.getInteger("frame", 0);
                Double time = timeOf.get(frame);
                if (!video.equals(g.getString("video", 0)) || time == null || Double.compare(time, g.getDouble("time_s", 0)) != 0) {
                    problem[0] = "its poses table has a row of frame " + frame + " that does not match the runs row (another video, a frame outside"
                            + " its range or undecodable, or another time).";
                    return;
                }
                SkeletonSchema schema = SkeletonSchema.byId(g.getString("skeleton", 0));
                Integer j = jointIndex.computeIfAbsent(schema.id(), k -> {
                    Map<String, Integer> m = new HashMap<>();
                    for (int q = 0; q < schema.joints().size(); q++) {
                        m.put(schema.joints().get(q), q);
                    }
                    return m;
                }).get(g.getString("keypoint", 0));
                String kind = g.getString("kind", 0);
                boolean raw = kind.equals("raw");
                if (j == null || !raw && !kind.equals("smoothed")) {
                    problem[0] = "its poses table has a row of frame " + frame + " with keypoint '" + g.getString("keypoint", 0) + "' of kind '" + kind
                            + "', which the " + schema.id() + " skeleton does not have.";
                    return;
                }
                boolean hasWorld = ParquetTables.has(g, "world_x");
                float[] box = ParquetTables.has(g, "box_x0") ? new float[] {g.getFloat("box_x0", 0), g.getFloat("box_y0", 0), g.getFloat("box_x1", 0),
                    g.getFloat("box_y1", 0)} : null;
                Building b = byFrame.computeIfAbsent(frame, k -> new TreeMap<>()).computeIfAbsent(g.getInteger("track", 0),
                        k -> new Building(schema, g.getFloat("person_score", 0), box, hasWorld));
                Keypoint[] into = raw ? b.raw : b.smoothed;
                if (b.schema != schema || into[j] != null) {
                    problem[0] = "its poses table has two rows for " + kind + " " + g.getString("keypoint", 0) + " of track " + g.getInteger("track", 0)
                            + " in frame " + frame + ".";
                    return;
                }
                into[j] = new Keypoint(g.getFloat("x", 0), g.getFloat("y", 0), g.getFloat("score", 0));
                if (raw && b.world != null) {
                    b.world[j] = new float[] {g.getFloat("world_x", 0), g.getFloat("world_y", 0), g.getFloat("world_z", 0)};
                }
                if (ParquetTables.has(g, "mask")) {
                    b.mask = g.getBinary("mask", 0).getBytes();
                }
                b.rows++;
            });
        }
        if (problem[0] != null) {
            throw DanceLensException.badInput(problem[0]);
        }
        if (seen[0] != poseRows) {
            throw DanceLensException.badInput("its poses table holds " + seen[0] + " rows, not the " + poseRows + " its runs row counts"
                    + " (a part file is missing or was cut short).");
        }
        List<PoseFrames.FrameResult> out = new ArrayList<>(timeOf.size());
        for (Map.Entry<Integer, Double> f : timeOf.entrySet()) {
            List<Pose> raw = new ArrayList<>();
            List<Pose> smoothed = new ArrayList<>();
            for (Map.Entry<Integer, Building> e : byFrame.getOrDefault(f.getKey(), Map.of()).entrySet()) {
                Building b = e.getValue();
                if (b.rows != 2 * b.schema.size() || b.world != null && java.util.Arrays.stream(b.world).anyMatch(w -> w == null)) {
                    throw DanceLensException.badInput("track " + e.getKey() + " in frame " + f.getKey() + " has " + b.rows + " rows in its poses table, not "
                            + 2 * b.schema.size() + " (each joint raw and smoothed).");
                }
                org.dancelens.core.RegionMask mask = b.mask == null ? null : PoseFrames.maskOf(b.mask);
                raw.add(new Pose(e.getKey(), b.schema, List.of(b.raw), b.box, b.score, b.world, mask));
                smoothed.add(new Pose(e.getKey(), b.schema, List.of(b.smoothed), b.box, b.score, b.world, mask));
            }
            out.add(new PoseFrames.FrameResult(f.getKey(), f.getValue(), raw, smoothed));
        }
        return new Frames(out, List.copyOf(gaps));
    }

    /**
     * The time of each decoded frame of an ok runs row's range {@code [0, frames)}, checked against its undecodable
     * frames: together they cover the range exactly.
     */
    private static Map<Integer, Double> timeOf(Group row, int frames) {
        List<Double> times = ParquetTables.list(row, "frame_times", (e, f) -> e.getDouble(f, 0));
        List<Integer> undecodable = ParquetTables.list(row, "undecodable", (e, f) -> e.getInteger(f, 0));
        if (times.size() + undecodable.size() != frames || times.contains(null) || undecodable.contains(null)) {
            throw DanceLensException.badInput("its runs row gives " + times.size() + " frame times and " + undecodable.size()
                    + " undecodable frames for " + frames + " frames.");
        }
        // The i-th time is that of the i-th frame of the range that is not undecodable.
        java.util.Set<Integer> gaps = new java.util.TreeSet<>(undecodable);
        if (gaps.size() != undecodable.size() || gaps.stream().anyMatch(f -> f < 0 || f >= frames)) {
            throw DanceLensException.badInput("its runs row lists undecodable frames outside 0-" + (frames - 1) + " or twice.");
        }
        Map<Integer, Double> timeOf = new TreeMap<>();
        int t = 0;
        for (int f = 0; f < frames; f++) {
            if (!gaps.contains(f)) {
                timeOf.put(f, times.get(t++));
            }
        }
        return timeOf;
    }

    /** The classifications an ok runs row lists in its {@code analyses} ({@code classify:ID@SHA}), as {id, sha} pairs in order. */
    static List<String[]> classifyAnalyses(Group row) {
        List<String[]> out = new ArrayList<>();
        if (!ParquetTables.has(row, "analyses")) {
            return out;
        }
        for (String part : row.getString("analyses", 0).split(";")) {
            int at = part.lastIndexOf('@');
            if (part.startsWith("classify:") && at > "classify:".length()) {
                out.add(new String[] {part.substring("classify:".length(), at), part.substring(at + 1)});
            }
        }
        return out;
    }

    /**
     * Files the classifications of a video whose pose run is in {@code store}, each as the classify run
     * {@code dancelens classify VIDEO --model ID} would store on this machine: the same spec (video path and frame
     * count, model id, ONNX sha256, the installed card, settings, the whole video), the scores of the scores table as
     * one whole-frame series in the card's label order, the video's undecodable frames as the run's, complete. Only
     * models that read whole frames one at a time are filed (the settings of a model reading poses name a pose run of
     * this machine's store with the default pose settings, which the cluster's need not be; a clip model's scores
     * cannot be checked whole frame by frame); the others, and any whose model is not installed here with the very
     * ONNX file the cluster ran, or whose scores are not whole, are left out with a sentence.
     */
    private static List<Classification> classifications(Group row, Path scoresPart, String video, Path local, ResultsStore store,
                                                        Function<String, ModelRegistry.Entry> models, TaskContext ctx) {
        List<String[]> wanted = classifyAnalyses(row);
        if (wanted.isEmpty()) {
            return List.of();
        }
        Map<String, List<Group>> byModel = new HashMap<>();
        String unreadable = null;
        if (Files.isDirectory(scoresPart)) {
            try {
                ParquetTables.read(scoresPart, g -> byModel.computeIfAbsent(g.getString("model", 0), k -> new ArrayList<>()).add(g));
            } catch (DanceLensException e) {
                unreadable = e.getMessage();
            }
        }
        List<Classification> out = new ArrayList<>();
        for (String[] w : wanted) {
            ctx.checkCancelled();
            String what = name(video) + ": the classification by " + w[0] + " was not imported: ";
            out.add(unreadable != null ? new Classification(w[0], Kind.INCOMPLETE, what + unreadable, null)
                    : classification(w[0], w[1], byModel.getOrDefault(w[0], List.of()), row, video, local, store, models, what));
        }
        return out;
    }

    private static Classification classification(String id, String sha, List<Group> rows, Group row, String video, Path local, ResultsStore store,
                                                  Function<String, ModelRegistry.Entry> models, String what) {
        ModelRegistry.Entry installed = models.apply(id);
        if (installed == null) {
            return new Classification(id, Kind.MISSING, what + "no model with that id is installed here (--models DIR), and its card is needed to"
                    + " file the run as dancelens classify would.", null);
        }
        ModelRegistry.Entry model;
        try {
            model = installed.pinned();
        } catch (DanceLensException e) {
            return new Classification(id, Kind.CHANGED, what + "the installed model cannot be used (" + e.getMessage() + ")", null);
        }
        ModelCard card = model.card();
        String localSha = card.provenance().onnxSha256();
        if (!localSha.equals(sha)) {
            return new Classification(id, Kind.CHANGED, what + "the installed model (" + model.onnxFile() + ", sha256 " + localSha
                    + ") is not the one the cluster ran (sha256 " + sha + ").", null);
        }
        if (card.task() != ModelCard.Task.FRAME_CLASSIFIER && card.task() != ModelCard.Task.SCORER || card.clip() != null
                || ClassifyAnalysis.needsPoses(card)) {
            return new Classification(id, Kind.INCOMPLETE, what + "it is a " + card.task().label() + " model that reads "
                    + (ClassifyAnalysis.needsPoses(card) ? "dancers' poses" : "clips") + ", and the import files only models that read whole frames"
                    + " one at a time; run dancelens classify here.", null);
        }
        int videoFrames = row.getInteger("video_frames", 0);
        if (row.getInteger("frames", 0) != videoFrames) {
            return new Classification(id, Kind.INCOMPLETE, what + "the cluster's run covers " + row.getInteger("frames", 0) + " of the video's "
                    + videoFrames + " frames.", null);
        }
        RunSpec spec = new RunSpec(local.toAbsolutePath().toString(), videoFrames, RunKind.CLASSIFY, card.id(), localSha, card.toYaml(), "{}", 0,
                videoFrames);
        java.util.Optional<Run> stored = store.runs().find(spec);
        if (stored.isPresent() && stored.get().finished()) {
            return new Classification(id, Kind.ALREADY_STORED, null, stored.get().id());
        }
        List<ScoreSeries> series;
        List<Integer> gaps;
        try {
            Map<Integer, Double> timeOf = timeOf(row, videoFrames);
            gaps = ParquetTables.list(row, "undecodable", (e, f) -> e.getInteger(f, 0)).stream().sorted().toList();
            series = scores(rows, ModelHead.of(card).labels(), timeOf, video);
        } catch (DanceLensException e) {
            return new Classification(id, Kind.INCOMPLETE, what + e.getMessage(), null);
        }
        Run run = store.runs().findOrCreate(spec);
        try (RunLocks.RunLock lock = store.locks().claim(run.id(), "the import of the cluster's classification of " + local.getFileName() + " with " + id)) {
            store.runs().ranOn(run.id(), "cpu"); // the Spark job runs its models on the executors' CPUs
            store.runs().working(run.id(), () -> {
                store.undecodable().add(run.id(), gaps);
                store.scores().write(run.id(), series);
                store.runs().setStatus(run.id(), RunStatus.COMPLETE);
                return null;
            });
        }
        return new Classification(id, Kind.IMPORTED, null, run.id());
    }

    /**
     * A whole-frame model's scores from its rows of the scores table, as {@code ClassifyAnalysis} stores them: one
     * series of track -1 with a vector in {@code labels}' order for each decoded frame, checked whole (every decoded
     * frame, no other, each label once, at the frame's time).
     */
    private static List<ScoreSeries> scores(List<Group> rows, List<String> labels, Map<Integer, Double> timeOf, String video) {
        Map<String, Integer> labelIndex = new HashMap<>();
        for (int l = 0; l < labels.size(); l++) {
            labelIndex.put(labels.get(l), l);
        }
        TreeMap<Integer, float[]> vecs = new TreeMap<>();
        Map<Integer, java.util.BitSet> seen = new HashMap<>();
        for (Group g : rows) {
            int frame = g.getInteger("frame", 0);
            Double time = timeOf.get(frame);
            Integer l = labelIndex.get(g.getString("label", 0));
            if (!video.equals(g.getString("video", 0)) || g.getInteger("track", 0) != -1 || time == null
                    || Double.compare(time, g.getDouble("time_s", 0)) != 0 || l == null) {
                throw DanceLensException.badInput("its scores table has a row of frame " + frame + " that does not match (another video, a dancer's"
                        + " track, a frame outside the video or undecodable, another time, or the label '" + g.getString("label", 0)
                        + "', which the model's card may not have).");
            }
            java.util.BitSet b = seen.computeIfAbsent(frame, k -> new java.util.BitSet());
            if (b.get(l)) {
                throw DanceLensException.badInput("its scores table has two scores of '" + labels.get(l) + "' in frame " + frame + ".");
            }
            b.set(l);
            vecs.computeIfAbsent(frame, k -> new float[labels.size()])[l] = g.getFloat("score", 0);
        }
        if (!vecs.keySet().equals(timeOf.keySet()) || seen.values().stream().anyMatch(b -> b.cardinality() != labels.size())) {
            long whole = seen.values().stream().filter(b -> b.cardinality() == labels.size()).count();
            throw DanceLensException.badInput("its scores table holds every label's score for " + whole + " of the " + timeOf.size()
                    + " decoded frames (a part file is missing or was cut short).");
        }
        if (vecs.isEmpty()) {
            return List.of();
        }
        return List.of(new ScoreSeries(-1, labels, vecs.keySet().stream().mapToInt(Integer::intValue).toArray(), vecs.values().toArray(new float[0][])));
    }

    /** One line summing up outcomes. */
    public static String summary(List<Outcome> outcomes, double seconds) {
        Map<Kind, Integer> n = new java.util.EnumMap<>(Kind.class);
        for (Outcome o : outcomes) {
            n.merge(o.kind(), 1, Integer::sum);
        }
        Map<Kind, Integer> c = new java.util.EnumMap<>(Kind.class);
        outcomes.forEach(o -> o.classifications().forEach(x -> c.merge(x.kind(), 1, Integer::sum)));
        int classifications = c.values().stream().mapToInt(Integer::intValue).sum();
        return String.format(Locale.ROOT, "%d videos: %d imported, %d already stored, %d failed on the cluster, %d not imported"
                + " (missing, changed or incomplete)%s in %.1f s", outcomes.size(), n.getOrDefault(Kind.IMPORTED, 0), n.getOrDefault(Kind.ALREADY_STORED, 0),
                n.getOrDefault(Kind.FAILED_ON_CLUSTER, 0), n.getOrDefault(Kind.MISSING, 0) + n.getOrDefault(Kind.CHANGED, 0)
                        + n.getOrDefault(Kind.INCOMPLETE, 0),
                classifications == 0 ? "" : String.format(Locale.ROOT, "; %d classifications: %d imported, %d already stored, %d not imported",
                        classifications, c.getOrDefault(Kind.IMPORTED, 0), c.getOrDefault(Kind.ALREADY_STORED, 0),
                        classifications - c.getOrDefault(Kind.IMPORTED, 0) - c.getOrDefault(Kind.ALREADY_STORED, 0)),
                seconds);
    }
}
