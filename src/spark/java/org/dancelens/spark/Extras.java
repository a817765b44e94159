package org.dancelens.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkFiles;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.dancelens.analysis.ClassifyAnalysis;
import org.dancelens.analysis.MovementAnalysis;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.classify.Aggregation;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.ScoreSeries;
import org.dancelens.core.TaskContext;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.movement.KinematicsResult;

/**
 * What the Spark job does after the pose analysis, when asked: classification by one or more classifiers or scorers
 * (as {@code dancelens classify}: scores per frame and dancer, and segments of the best label with the command's
 * default smoothing of 0.5 s and shortest segment of 1 s) and kinematics (as {@code dancelens kinematics}: every
 * dancer's measures per frame, gaps as nulls, and their summary), each into its own Parquet table partitioned by video.
 * The same cores as the command line ({@link ClassifyAnalysis}, {@link MovementAnalysis}) run into the task's
 * temporary store, so the rows are what the commands store for the same video.
 */
final class Extras {
    static final String SCORES = "scores";
    static final String SEGMENTS = "segments";
    static final String KINEMATICS = "kinematics";
    static final String KINEMATICS_SUMMARY = "kinematics_summary";
    static final List<String> TABLES = List.of(SCORES, SEGMENTS, KINEMATICS, KINEMATICS_SUMMARY);
    /** {@code dancelens classify}'s defaults for segments. */
    static final double SMOOTH_SECONDS = 0.5;
    static final double MIN_SEGMENT_SECONDS = 1.0;

    static final StructType SCORES_SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("video", DataTypes.StringType, false),
        DataTypes.createStructField("model", DataTypes.StringType, false),
        DataTypes.createStructField("frame", DataTypes.IntegerType, false),
        DataTypes.createStructField("time_s", DataTypes.DoubleType, false),
        DataTypes.createStructField("track", DataTypes.IntegerType, false),
        DataTypes.createStructField("label", DataTypes.StringType, false),
        DataTypes.createStructField("score", DataTypes.FloatType, false),
        DataTypes.createStructField("video_id", DataTypes.StringType, false)});

    static final StructType SEGMENTS_SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("video", DataTypes.StringType, false),
        DataTypes.createStructField("model", DataTypes.StringType, false),
        DataTypes.createStructField("track", DataTypes.IntegerType, false),
        DataTypes.createStructField("start_frame", DataTypes.IntegerType, false),
        DataTypes.createStructField("end_frame", DataTypes.IntegerType, false),
        DataTypes.createStructField("label", DataTypes.StringType, false),
        DataTypes.createStructField("mean_score", DataTypes.DoubleType, false),
        DataTypes.createStructField("video_id", DataTypes.StringType, false)});

    static final StructType KINEMATICS_SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("video", DataTypes.StringType, false),
        DataTypes.createStructField("track", DataTypes.IntegerType, false),
        DataTypes.createStructField("frame", DataTypes.IntegerType, false),
        DataTypes.createStructField("time_s", DataTypes.DoubleType, false),
        DataTypes.createStructField("measure", DataTypes.StringType, false),
        DataTypes.createStructField("unit", DataTypes.StringType, false),
        DataTypes.createStructField("value", DataTypes.DoubleType, true),
        DataTypes.createStructField("video_id", DataTypes.StringType, false)});

    static final StructType KINEMATICS_SUMMARY_SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("video", DataTypes.StringType, false),
        DataTypes.createStructField("track", DataTypes.IntegerType, false),
        DataTypes.createStructField("measure", DataTypes.StringType, false),
        DataTypes.createStructField("value", DataTypes.DoubleType, true),
        DataTypes.createStructField("video_id", DataTypes.StringType, false)});

    static StructType schema(String table) {
        return switch (table) {
            case SCORES -> SCORES_SCHEMA;
            case SEGMENTS -> SEGMENTS_SCHEMA;
            case KINEMATICS -> KINEMATICS_SCHEMA;
            case KINEMATICS_SUMMARY -> KINEMATICS_SUMMARY_SCHEMA;
            default -> throw new IllegalArgumentException(table);
        };
    }

    /** A classifier shipped with the job: its card's and ONNX file's names among the job's files, and its sha256. */
    record Classifier(String cardName, String id, String sha) implements Serializable {
    }

    /**
     * What to do after the poses: the classifiers (none: no classification) and whether to measure the kinematics with
     * which lowest keypoint confidence.
     */
    record Plan(List<Classifier> classifiers, boolean kinematics, double minScore) implements Serializable {
        Plan {
            classifiers = List.copyOf(classifiers);
        }

        static final Plan NONE = new Plan(List.of(), false, MovementAnalysis.DEFAULT_MIN_SCORE);

        /**
         * The plan as the runs table files it (empty for poses only): part of a video's identity, so a job asking for
         * more than a finished one did analyses the video again.
         */
        String describe() {
            List<String> parts = new ArrayList<>();
            classifiers.forEach(c -> parts.add("classify:" + c.id() + "@" + c.sha()));
            if (kinematics) {
                parts.add(String.format(Locale.ROOT, "kinematics:minScore=%s", minScore));
            }
            return String.join(";", parts);
        }
    }

    /** One video's rows of the extra tables, by table. */
    record Rows(Map<String, List<Row>> byTable) implements Serializable {
        static Rows none() {
            return new Rows(Map.of());
        }

        List<Row> of(String table) {
            return byTable.getOrDefault(table, List.of());
        }
    }

    /** Each executor JVM checks each shipped model file once (sha256 against the driver's), keyed by its path and sha. */
    private static final Map<String, ModelRegistry.Entry> MODELS = new ConcurrentHashMap<>();

    static ModelRegistry.Entry model(String cardName, String sha) {
        Path cardFile = Path.of(SparkFiles.get(cardName));
        return MODELS.computeIfAbsent(cardFile.toAbsolutePath() + "@" + sha, k -> {
            ModelRegistry.Entry e = ModelRegistry.entryOf(cardFile).pinned();
            if (!e.card().provenance().onnxSha256().equals(sha)) {
                throw DanceLensException.badInput("The model file shipped to this executor (" + e.onnxFile() + ") is not the one the job was"
                        + " started with (sha256 " + e.card().provenance().onnxSha256() + ", not " + sha + ").");
            }
            return e;
        });
    }

    private Extras() {
    }

    /**
     * The plan's analyses of one video whose pose run is in {@code store}: classification (a model that needs poses
     * takes them from {@code poseModel}'s run with the default settings, as {@code dancelens classify} does) and
     * kinematics of {@code poseRun}.
     *
     * @param timeOf the video's time of each frame, in seconds
     */
    static Rows analyse(Plan plan, Path video, ResultsStore store, Run poseRun, ModelRegistry.Entry poseModel, java.util.function.IntToDoubleFunction timeOf,
                        double fps, String uri, String id) {
        Map<String, List<Row>> out = new java.util.LinkedHashMap<>();
        for (Classifier c : plan.classifiers()) {
            ModelRegistry.Entry model = model(c.cardName(), c.sha());
            ClassifyAnalysis.Result r = ClassifyAnalysis.run(video, model, ClassifyAnalysis.needsPoses(model.card()) ? poseModel : null, store, 0, -1,
                    OrtRuntime.Device.CPU, TaskContext.NONE);
            List<Row> scores = out.computeIfAbsent(SCORES, k -> new ArrayList<>());
            int smoothFrames = Math.max(1, (int) Math.round(SMOOTH_SECONDS * fps) | 1);
            int minFrames = Math.max(1, (int) Math.round(MIN_SEGMENT_SECONDS * fps));
            boolean segmentable = r.series().stream().findFirst().map(s -> s.labels().size() > 1).orElse(false);
            for (ScoreSeries s : r.series()) {
                for (int i = 0; i < s.size(); i++) {
                    int f = s.frames()[i];
                    double t = timeOf.applyAsDouble(f);
                    for (int l = 0; l < s.labels().size(); l++) {
                        scores.add(RowFactory.create(uri, c.id(), f, t, s.track(), s.labels().get(l), s.scores()[i][l], id));
                    }
                }
                if (segmentable) {
                    for (Aggregation.Segment g : Aggregation.segments(Aggregation.smooth(s, smoothFrames), minFrames)) {
                        out.computeIfAbsent(SEGMENTS, k -> new ArrayList<>())
                                .add(RowFactory.create(uri, c.id(), g.track(), g.startFrame(), g.endFrame(), g.label(), g.meanScore(), id));
                    }
                }
            }
        }
        if (plan.kinematics()) {
            MovementAnalysis.KinematicsRun k = MovementAnalysis.kinematics(store, poseRun, plan.minScore(), null, TaskContext.NONE);
            List<Row> series = out.computeIfAbsent(KINEMATICS, x -> new ArrayList<>());
            List<Row> summary = out.computeIfAbsent(KINEMATICS_SUMMARY, x -> new ArrayList<>());
            for (KinematicsResult d : k.dancers()) {
                int[] frames = d.frames();
                double[] times = d.times();
                for (String name : d.names()) {
                    double[] v = d.values(name);
                    String unit = d.unit(name);
                    for (int i = 0; i < frames.length; i++) {
                        series.add(RowFactory.create(uri, d.trackId(), frames[i], times[i], name, unit, Double.isFinite(v[i]) ? v[i] : null, id));
                    }
                }
                d.summary().forEach((name, v) -> summary.add(RowFactory.create(uri, d.trackId(), name, v != null && Double.isFinite(v) ? v : null, id)));
            }
        }
        return new Rows(out);
    }
}
