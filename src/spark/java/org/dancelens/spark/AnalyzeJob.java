package org.dancelens.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.dancelens.analysis.EstimatorPool;
import org.dancelens.analysis.ParquetImport;
import org.dancelens.analysis.PoseAnalysis;
import org.dancelens.analysis.store.PoseFrames;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.TaskContext;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;

/**
 * {@code dancelens analyze} as an Apache Spark application (spark-submit --class org.dancelens.spark.AnalyzeJob): the
 * same pose analysis core ({@link PoseAnalysis#run}) on the executors, one video per task, then, when asked, the
 * classification and kinematics of {@link Extras}; the poses, those tables and a runs table (provenance, status, error
 * sentence, what was done) written as Parquet partitioned by video id.
 *
 * <p>Idempotent: videos with an ok row in the runs table for the same model file and settings are skipped; each
 * video's partition is written with dynamic partition overwrite, so a retried task or a re-run replaces that video's
 * rows instead of adding to them. The poses are written before the runs table, so an ok row means its poses are there.
 * A video that cannot be analysed (damaged, missing) is a failed row with its sentence, not a failed job.
 *
 * <p>The model card and its ONNX file are shipped with the job ({@code SparkContext.addFile}) and read on each
 * executor from its own copy, its sha256 checked once per executor JVM. The loaded estimators are kept per executor JVM
 * ({@link EstimatorPool}): a task borrows one for its video and gives it back, so an executor loads a model once per
 * task slot (an estimator is not thread-safe: two tasks at once on one executor use two), not once per video.
 */
public final class AnalyzeJob {
    /** The executor JVM's loaded estimators, shared by its tasks (closed with the JVM). */
    private static final EstimatorPool ESTIMATORS = new EstimatorPool();

    /** Poses table under --out. */
    public static final String POSES = "poses";
    /** Runs table under --out. */
    public static final String RUNS = "runs";

    static final Set<String> VIDEO_EXTENSIONS = Set.of("mp4", "m4v", "mov", "avi", "mkv", "webm", "mpg", "mpeg", "ts", "mts", "m2ts", "ogv", "ogg",
            "3gp", "flv", "wmv", "dv");

    public static final StructType POSES_SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("video", DataTypes.StringType, false),
        DataTypes.createStructField("frame", DataTypes.IntegerType, false),
        DataTypes.createStructField("time_s", DataTypes.DoubleType, false),
        DataTypes.createStructField("track", DataTypes.IntegerType, false),
        DataTypes.createStructField("keypoint", DataTypes.StringType, false),
        DataTypes.createStructField("kind", DataTypes.StringType, false),
        DataTypes.createStructField("x", DataTypes.FloatType, false),
        DataTypes.createStructField("y", DataTypes.FloatType, false),
        DataTypes.createStructField("score", DataTypes.FloatType, false),
        DataTypes.createStructField("world_x", DataTypes.FloatType, true),
        DataTypes.createStructField("world_y", DataTypes.FloatType, true),
        DataTypes.createStructField("world_z", DataTypes.FloatType, true),
        DataTypes.createStructField("skeleton", DataTypes.StringType, false),
        DataTypes.createStructField("person_score", DataTypes.FloatType, false),
        DataTypes.createStructField("box_x0", DataTypes.FloatType, true),
        DataTypes.createStructField("box_y0", DataTypes.FloatType, true),
        DataTypes.createStructField("box_x1", DataTypes.FloatType, true),
        DataTypes.createStructField("box_y1", DataTypes.FloatType, true),
        DataTypes.createStructField("mask", DataTypes.BinaryType, true),
        DataTypes.createStructField("video_id", DataTypes.StringType, false)});

    public static final StructType RUNS_SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("video", DataTypes.StringType, false),
        DataTypes.createStructField("model", DataTypes.StringType, false),
        DataTypes.createStructField("onnx_sha256", DataTypes.StringType, false),
        DataTypes.createStructField("card", DataTypes.StringType, false),
        DataTypes.createStructField("settings", DataTypes.StringType, false),
        DataTypes.createStructField("software", DataTypes.StringType, false),
        DataTypes.createStructField("status", DataTypes.StringType, false),
        DataTypes.createStructField("error", DataTypes.StringType, true),
        DataTypes.createStructField("frames", DataTypes.IntegerType, false),
        DataTypes.createStructField("seconds", DataTypes.DoubleType, false),
        DataTypes.createStructField("setup_seconds", DataTypes.DoubleType, false),
        DataTypes.createStructField("inference_seconds", DataTypes.DoubleType, false),
        DataTypes.createStructField("video_frames", DataTypes.IntegerType, true),
        DataTypes.createStructField("video_bytes", DataTypes.LongType, true),
        DataTypes.createStructField("video_sha256", DataTypes.StringType, true),
        DataTypes.createStructField("pose_rows", DataTypes.LongType, true),
        DataTypes.createStructField("frame_times", DataTypes.createArrayType(DataTypes.DoubleType, false), true),
        DataTypes.createStructField("undecodable", DataTypes.createArrayType(DataTypes.IntegerType, false), true),
        DataTypes.createStructField("analyses", DataTypes.StringType, false),
        DataTypes.createStructField("video_id", DataTypes.StringType, false)});

    private AnalyzeJob() {
    }

    /** What to analyse and how: the arguments of the job. */
    /**
     * @param classify   classifiers or scorers to run after the poses (none: no classification)
     * @param kinematics whether to measure every dancer's kinematics, with keypoints below {@code minScore} as gaps
     */
    public record Options(List<String> inputs, Path models, String pose, String out, PoseAnalysis.Settings settings, List<String> classify,
                          boolean kinematics, double minScore) {
        public Options {
            classify = List.copyOf(classify);
        }

        static Options parse(String... args) {
            List<String> inputs = new ArrayList<>();
            Path models = null;
            String pose = null;
            String out = null;
            String smooth = "one-euro";
            float minPersonScore = 0.2f;
            int maxPeople = 0;
            List<String> classify = new ArrayList<>();
            boolean kinematics = false;
            double minScore = org.dancelens.analysis.MovementAnalysis.DEFAULT_MIN_SCORE;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (!a.startsWith("--")) {
                    inputs.add(a);
                    continue;
                }
                if (a.equals("--kinematics")) {
                    kinematics = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw DanceLensException.badInput(a + " needs a value.");
                }
                String v = args[++i];
                switch (a) {
                    case "--models" -> models = Path.of(v);
                    case "--pose" -> pose = v;
                    case "--out" -> out = v;
                    case "--smooth" -> smooth = v;
                    case "--min-person-score" -> minPersonScore = Float.parseFloat(v);
                    case "--max-people" -> maxPeople = Integer.parseInt(v);
                    case "--classify" -> java.util.Arrays.stream(v.split(",")).map(String::strip).filter(x -> !x.isEmpty()).forEach(classify::add);
                    case "--min-score" -> minScore = Double.parseDouble(v);
                    default -> throw DanceLensException.badInput("Unknown option " + a
                            + " (--models DIR, --pose MODEL, --out DIR, --smooth, --min-person-score, --max-people, --classify MODEL[,MODEL],"
                            + " --kinematics, --min-score).");
                }
            }
            if (inputs.isEmpty() || models == null || pose == null || out == null) {
                throw DanceLensException.badInput(
                        "Usage: AnalyzeJob INPUT... --models DIR --pose MODEL --out DIR [--smooth one-euro|savgol|butterworth|none]"
                                + " [--min-person-score S] [--max-people N] [--classify MODEL[,MODEL]] [--kinematics [--min-score S]];"
                                + " INPUT is a video, a folder of videos, a list file or a URI.");
            }
            if (!(minScore >= 0 && minScore <= 1)) {
                throw DanceLensException.badInput("--min-score takes a confidence from 0 to 1, not " + minScore + ".");
            }
            return new Options(inputs, models, pose, out, new PoseAnalysis.Settings(smooth, minPersonScore, 1.0, 0.05, maxPeople), classify, kinematics,
                    minScore);
        }
    }

    /**
     * What a job did: videos found, analysed now (ok or failed) and skipped as already done; frames analysed; the job's
     * wall time; and summed over the tasks: their time, the set-up (opening the video while loading the model) and inference.
     */
    public record Summary(int videos, int ok, int failed, int skipped, int frames, double seconds, double taskSeconds, double setupSeconds,
                          double inferenceSeconds, double analyseSeconds, double writeSeconds) {
    }

    public static void main(String[] args) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (DanceLensException e) {
            System.err.println("dancelens: " + e.getMessage());
            System.exit(2);
            return;
        }
        SparkSession spark = SparkSession.builder().appName("DanceLens analyze").getOrCreate();
        try {
            Summary s = run(spark, o);
            System.out.printf(Locale.ROOT, "%d videos: %d analysed, %d failed, %d skipped (done before); %d frames in %.1f s (%.1f frames/s);"
                    + " analysing %.1f s, writing %.1f s; tasks %.1f s in all, of which set-up (video open + model load) %.1f s, inference %.1f s;"
                    + " Parquet in %s%n",
                    s.videos(), s.ok(), s.failed(), s.skipped(), s.frames(), s.seconds(), s.frames() / Math.max(1e-9, s.seconds()), s.analyseSeconds(),
                    s.writeSeconds(), s.taskSeconds(),
                    s.setupSeconds(), s.inferenceSeconds(), o.out());
            if (s.failed() > 0) {
                System.exit(2);
            }
        } finally {
            spark.stop();
        }
    }

    /** The job in a running session (the tests use {@code local[2]}). */
    public static Summary run(SparkSession spark, Options o) {
        long t0 = System.nanoTime();
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        List<String> videos = expand(o.inputs(), hadoop);
        ModelRegistry registry = ModelRegistry.scan(List.of(o.models()));
        ModelRegistry.Entry model = registry.find(o.pose()).pinned();
        String sha = model.card().provenance().onnxSha256();
        String settings = settingsJson(o.settings());
        // The model's files travel with the job: each executor reads its own copy (SparkFiles), never the driver's folder.
        spark.sparkContext().addFile(model.cardFile().toAbsolutePath().toString());
        spark.sparkContext().addFile(model.onnxFile().toAbsolutePath().toString());
        List<Extras.Classifier> classifiers = new ArrayList<>();
        Set<String> shipped = new HashSet<>(Set.of(model.cardFile().getFileName().toString(), model.onnxFile().getFileName().toString()));
        for (String id : o.classify()) {
            ModelRegistry.Entry c = registry.find(id).pinned();
            for (Path f : List.of(c.cardFile(), c.onnxFile())) {
                if (!shipped.add(f.getFileName().toString())) {
                    throw DanceLensException.badInput("Two of the job's models have a file named " + f.getFileName()
                            + "; the files shipped with a job must have different names.");
                }
                spark.sparkContext().addFile(f.toAbsolutePath().toString());
            }
            classifiers.add(new Extras.Classifier(c.cardFile().getFileName().toString(), c.card().id(), c.card().provenance().onnxSha256()));
        }
        Extras.Plan plan = new Extras.Plan(classifiers, o.kinematics(), o.minScore());
        PoseAnalysis.Settings st = o.settings();
        Task task = new Task(model.cardFile().getFileName().toString(), model.card().id(), sha, model.card().toYaml(), settings, st.smoothing(),
                st.minPersonScore(), st.maxPeople(), software(), plan);

        Set<String> done = doneVideos(spark, o.out(), hadoop, sha, settings, model.card().id(), plan.describe());
        List<String> todo = videos.stream().filter(v -> !done.contains(videoId(v))).toList();
        if (todo.isEmpty()) {
            return new Summary(videos.size(), 0, 0, videos.size(), 0, (System.nanoTime() - t0) / 1e9, 0, 0, 0, 0, 0);
        }
        spark.conf().set("spark.sql.sources.partitionOverwriteMode", "dynamic");
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // One video per partition, so one task per video.
        JavaRDD<VideoResult> results = jsc.parallelize(todo, todo.size()).map(task::analyse).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long ta = System.nanoTime();
            List<Row> runs = results.map(VideoResult::run).collect();
            long tw = System.nanoTime();
            // First the runs rows of the videos analysed now go (a job killed from here on leaves them to be done again),
            // then every table's partition of theirs, so no table keeps rows of an earlier analysis of theirs that this one
            // does not replace (e.g. kinematics no longer asked for).
            for (String table : tables()) {
                for (String v : todo) {
                    deletePartition(hadoop, o.out() + "/" + table, videoId(v));
                }
            }
            long poseRows = results.map(r -> (long) r.poses().size()).reduce(Long::sum);
            if (poseRows > 0) {
                spark.createDataFrame(results.flatMap(r -> r.poses().iterator()), POSES_SCHEMA)
                        .write().mode(SaveMode.Overwrite).partitionBy("video_id").parquet(o.out() + "/" + POSES);
            }
            for (String table : Extras.TABLES) {
                long n = results.map(r -> (long) r.extras().of(table).size()).reduce(Long::sum);
                if (n > 0) {
                    spark.createDataFrame(results.flatMap(r -> r.extras().of(table).iterator()), Extras.schema(table))
                            .write().mode(SaveMode.Overwrite).partitionBy("video_id").parquet(o.out() + "/" + table);
                }
            }
            // After the poses: an ok row in the runs table means the video's poses are written.
            spark.createDataFrame(jsc.parallelize(runs, runs.size()), RUNS_SCHEMA).write().mode(SaveMode.Overwrite).partitionBy("video_id")
                    .parquet(o.out() + "/" + RUNS);
            int ok = (int) runs.stream().filter(r -> r.getString(6).equals("ok")).count();
            int frames = runs.stream().mapToInt(r -> r.getInt(8)).sum();
            return new Summary(videos.size(), ok, runs.size() - ok, videos.size() - todo.size(), frames, (System.nanoTime() - t0) / 1e9,
                    runs.stream().mapToDouble(r -> r.getDouble(9)).sum(), runs.stream().mapToDouble(r -> r.getDouble(10)).sum(),
                    runs.stream().mapToDouble(r -> r.getDouble(11)).sum(), (tw - ta) / 1e9, (System.nanoTime() - tw) / 1e9);
        } finally {
            results.unpersist(false);
        }
    }

    /** The tables a job writes, the runs table first (see {@link #run}). */
    static List<String> tables() {
        List<String> t = new ArrayList<>(List.of(RUNS, POSES));
        t.addAll(Extras.TABLES);
        return t;
    }

    private static void deletePartition(Configuration hadoop, String table, String id) {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(table, "video_id=" + id);
        try {
            FileSystem fs = p.getFileSystem(hadoop);
            if (fs.exists(p) && !fs.delete(p, true)) {
                throw DanceLensException.badInput("Cannot remove " + p + " before writing it again.");
            }
        } catch (IOException e) {
            throw DanceLensException.badInput("Cannot remove " + p + " before writing it again: " + e.getMessage(), e);
        }
    }

    /** The ids of the videos with an ok row for this model file, these settings and these analyses. */
    private static Set<String> doneVideos(SparkSession spark, String out, Configuration hadoop, String sha, String settings, String modelId,
                                          String analyses) {
        String runs = out + "/" + RUNS;
        try {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(runs);
            if (!p.getFileSystem(hadoop).exists(p)) {
                return Set.of();
            }
        } catch (IOException e) {
            throw DanceLensException.badInput("Cannot read " + runs + ": " + e.getMessage(), e);
        }
        Dataset<Row> ok = spark.read().parquet(runs).where("status = 'ok'").where(org.apache.spark.sql.functions.col("onnx_sha256").equalTo(sha))
                .where(org.apache.spark.sql.functions.col("settings").equalTo(settings)).where(org.apache.spark.sql.functions.col("model").equalTo(modelId))
                .where(org.apache.spark.sql.functions.col("analyses").equalTo(analyses))
                .select("video_id");
        Set<String> ids = new HashSet<>();
        for (Row r : ok.collectAsList()) {
            ids.add(r.getString(0));
        }
        return ids;
    }

    /**
     * The videos: a folder's video files (sorted), the lines of a list file (a file whose name is not a video's), or a
     * video's path or URI (any Hadoop file system), each as its qualified URI, each once.
     */
    static List<String> expand(List<String> inputs, Configuration hadoop) {
        Set<String> out = new LinkedHashSet<>();
        for (String in : inputs) {
            try {
                org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(in);
                FileSystem fs = p.getFileSystem(hadoop);
                if (!fs.exists(p)) {
                    // Not an error of the job: the video is a failed row saying so.
                    out.add(fs.makeQualified(p).toString());
                } else if (fs.getFileStatus(p).isDirectory()) {
                    List<String> found = new ArrayList<>();
                    for (FileStatus s : fs.listStatus(p)) {
                        if (s.isFile() && isVideoName(s.getPath().getName())) {
                            found.add(s.getPath().toString());
                        }
                    }
                    if (found.isEmpty()) {
                        throw DanceLensException.badInput(in + " holds no video files.");
                    }
                    found.stream().sorted().forEach(out::add);
                } else if (!isVideoName(p.getName())) {
                    String text;
                    try (InputStream s = fs.open(p)) {
                        text = new String(s.readAllBytes(), StandardCharsets.UTF_8);
                    }
                    text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                            .forEach(l -> out.addAll(expand(List.of(l), hadoop)));
                } else {
                    out.add(fs.makeQualified(p).toString());
                }
            } catch (IOException e) {
                throw DanceLensException.badInput("Cannot read " + in + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(out);
    }

    static boolean isVideoName(String n) {
        int dot = n.lastIndexOf('.');
        return dot > 0 && VIDEO_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** A video's id: the first 16 hex digits of the sha256 of its qualified URI (stable across runs and machines). */
    public static String videoId(String uri) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(uri.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The settings as the results store files them (the pose run's identity). */
    static String settingsJson(PoseAnalysis.Settings s) {
        return String.format(Locale.ROOT,
                "{\"smoothing\":\"%s\",\"minPersonScore\":%s,\"oneEuroMinCutoff\":%s,\"oneEuroBeta\":%s,\"maxPeople\":%d}",
                s.smoothing(), s.minPersonScore(), s.oneEuroMinCutoff(), s.oneEuroBeta(), s.maxPeople());
    }

    static String software() {
        String v = AnalyzeJob.class.getPackage().getImplementationVersion(); // the same jar as the command line
        return "DanceLens " + (v != null ? v : "development build");
    }

    /** One video's rows. */
    public record VideoResult(Row run, List<Row> poses, Extras.Rows extras) implements Serializable {
    }

    /** The work of one task: shipped to the executors (serialisable), run once per video. */
    record Task(String cardName, String modelId, String sha, String card, String settingsJson, String smoothing, float minPersonScore,
                int maxPeople, String software, Extras.Plan plan) implements Serializable {

        /** The pose model's shipped files, checked once per executor JVM ({@link Extras#model}). */
        ModelRegistry.Entry model() {
            return Extras.model(cardName, sha);
        }

        VideoResult analyse(String uri) {
            long t0 = System.nanoTime();
            String id = videoId(uri);
            org.apache.spark.TaskContext tc = org.apache.spark.TaskContext.get();
            int threads = tc != null ? Math.max(1, tc.cpus()) : 1;
            Path tmp = null;
            try {
                tmp = Files.createTempDirectory("dancelens-spark-");
                Path video = local(uri, tmp);
                try (ResultsStore store = ResultsStore.open(tmp.resolve("results.db"))) {
                    PoseAnalysis.Result r = PoseAnalysis.run(video, model(), store, 0, -1,
                            new PoseAnalysis.Settings(smoothing, minPersonScore, 1.0, 0.05, maxPeople), OrtRuntime.Device.CPU, threads, ESTIMATORS,
                            TaskContext.NONE);
                    Run run = store.runs().find(r.runId()).orElseThrow();
                    List<Row> poses = rows(store, run, uri, id);
                    Extras.Rows extras = Extras.Rows.none();
                    if (!plan.classifiers().isEmpty() || plan.kinematics()) {
                        Map<Integer, Double> times = store.poses().frameTimes(run.id());
                        double fps;
                        try (org.dancelens.video.VideoSource src = org.dancelens.video.VideoSource.open(video, TaskContext.NONE, 0, 1)) {
                            fps = src.info().fps();
                        }
                        extras = Extras.analyse(plan, video, store, run, model(), f -> times.getOrDefault(f, Double.NaN), fps, uri, id);
                    }
                    // What `dancelens import parquet` needs to file the run as `analyze` would and to check it has the same video,
                    // whole: the video's frame count, size and sha256, the frames' times, the undecodable frames, the pose rows.
                    ParquetImport.VideoContent content = ParquetImport.VideoContent.of(video);
                    Row row = runRow(uri, id, "ok", null, r.toFrame() - r.fromFrame(), (System.nanoTime() - t0) / 1e9, r.setupSeconds(),
                            r.inferenceSeconds(), run.spec().videoFrames(), content, (long) poses.size(),
                            store.poses().frameTimes(run.id()).values().stream().mapToDouble(Double::doubleValue).toArray(),
                            store.undecodable().list(run.id()).stream().mapToInt(Integer::intValue).toArray());
                    return new VideoResult(row, poses, extras);
                }
            } catch (Exception | LinkageError e) {
                return new VideoResult(runRow(uri, id, "failed", DanceLensException.userMessage(e), 0, (System.nanoTime() - t0) / 1e9, 0, 0,
                        null, null, null, null, null), List.of(), Extras.Rows.none());
            } finally {
                deleteQuietly(tmp);
            }
        }

        private Row runRow(String uri, String id, String status, String error, int frames, double seconds, double setup, double inference,
                           Integer videoFrames, ParquetImport.VideoContent content, Long poseRows, double[] frameTimes, int[] undecodable) {
            return RowFactory.create(uri, modelId, sha, card, settingsJson, software, status, error, frames, seconds, setup, inference, videoFrames,
                    content == null ? null : content.bytes(), content == null ? null : content.sha256(), poseRows, frameTimes, undecodable,
                    plan.describe(), id);
        }

        /** The video as a local file: itself when it is one, else a copy in {@code tmp} read through its Hadoop file system. */
        private static Path local(String uri, Path tmp) throws IOException {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
            java.net.URI u = p.toUri();
            if (u.getScheme() == null || u.getScheme().equals("file")) {
                return Path.of(u.getPath());
            }
            Configuration conf = new Configuration();
            Path copy = tmp.resolve(p.getName());
            try (InputStream in = p.getFileSystem(conf).open(p)) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            return copy;
        }

        /** The run's poses in long form, raw and smoothed rows as in poses.csv (3D, where the model gives it, on both). */
        private static List<Row> rows(ResultsStore store, Run run, String uri, String id) {
            Map<Integer, Double> times = store.poses().frameTimes(run.id());
            Map<Integer, List<Pose>> raw = store.poses().read(run.id(), run.spec().fromFrame(), run.spec().toFrame(), false);
            Map<Integer, List<Pose>> sm = store.poses().read(run.id(), run.spec().fromFrame(), run.spec().toFrame(), true);
            List<Row> out = new ArrayList<>();
            for (Map.Entry<Integer, List<Pose>> e : raw.entrySet()) {
                int frame = e.getKey();
                double time = times.getOrDefault(frame, Double.NaN);
                List<Pose> smoothed = sm.getOrDefault(frame, List.of());
                for (int k = 0; k < e.getValue().size(); k++) {
                    Pose r = e.getValue().get(k);
                    add(out, uri, id, frame, time, r, "raw", r);
                    add(out, uri, id, frame, time, smoothed.get(k), "smoothed", r);
                }
            }
            return out;
        }

        /**
         * One row per joint; the person's score, box and skeleton (the raw pose's, as the store keeps them) on every row, its
         * segmentation mask (the store's bytes) only on the raw row of the first joint.
         */
        private static void add(List<Row> out, String uri, String id, int frame, double time, Pose pose, String kind, Pose raw) {
            List<String> names = pose.schema().joints();
            float[][] world = raw.world();
            float[] box = raw.box();
            for (int j = 0; j < pose.keypoints().size(); j++) {
                Keypoint k = pose.keypoints().get(j);
                byte[] mask = j == 0 && kind.equals("raw") && raw.mask() != null ? PoseFrames.maskBlob(raw.mask()) : null;
                out.add(RowFactory.create(uri, frame, time, pose.trackId(), names.get(j), kind, k.x(), k.y(), k.score(),
                        world == null ? null : world[j][0], world == null ? null : world[j][1], world == null ? null : world[j][2],
                        raw.schema().id(), raw.score(), box == null ? null : box[0], box == null ? null : box[1], box == null ? null : box[2],
                        box == null ? null : box[3], mask, id));
            }
        }

        private static void deleteQuietly(Path dir) {
            if (dir == null) {
                return;
            }
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException | RuntimeException ignored) {
                // a temporary folder; the executor's scratch space is cleaned with it
            }
        }
    }
}
