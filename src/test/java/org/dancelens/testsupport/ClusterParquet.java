package org.dancelens.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.dancelens.analysis.ParquetImport;
import org.dancelens.analysis.ParquetTables;
import org.dancelens.analysis.store.PoseFrames;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;

/**
 * Writes the Spark job's output ({@code org.dancelens.spark.AnalyzeJob}: Parquet tables {@code runs}, {@code poses}
 * and {@code scores} partitioned by {@code video_id}, snappy) from a pose run in a results store, with parquet-hadoop and in exactly the
 * schema Spark writes for the job's tables (the Spark test checks the two are the same), so the import can be tested
 * without Spark.
 */
public final class ClusterParquet {
    /** The runs table's file schema as Spark 4.0.1 writes it (the partition column video_id is the folder's name). */
    public static final MessageType RUNS = MessageTypeParser.parseMessageType("""
            message spark_schema {
              required binary video (STRING);
              required binary model (STRING);
              required binary onnx_sha256 (STRING);
              required binary card (STRING);
              required binary settings (STRING);
              required binary software (STRING);
              required binary status (STRING);
              optional binary error (STRING);
              required int32 frames;
              required double seconds;
              required double setup_seconds;
              required double inference_seconds;
              optional int32 video_frames;
              optional int64 video_bytes;
              optional binary video_sha256 (STRING);
              optional int64 pose_rows;
              optional group frame_times (LIST) {
                repeated group list {
                  required double element;
                }
              }
              optional group undecodable (LIST) {
                repeated group list {
                  required int32 element;
                }
              }
              required binary analyses (STRING);
            }""");

    /** The poses table's file schema as Spark 4.0.1 writes it. */
    public static final MessageType POSES = MessageTypeParser.parseMessageType("""
            message spark_schema {
              required binary video (STRING);
              required int32 frame;
              required double time_s;
              required int32 track;
              required binary keypoint (STRING);
              required binary kind (STRING);
              required float x;
              required float y;
              required float score;
              optional float world_x;
              optional float world_y;
              optional float world_z;
              required binary skeleton (STRING);
              required float person_score;
              optional float box_x0;
              optional float box_y0;
              optional float box_x1;
              optional float box_y1;
              optional binary mask;
            }""");

    /** The scores table's file schema as Spark 4.0.1 writes it ({@code org.dancelens.spark.Extras.SCORES_SCHEMA}). */
    public static final MessageType SCORES = MessageTypeParser.parseMessageType("""
            message spark_schema {
              required binary video (STRING);
              required binary model (STRING);
              required int32 frame;
              required double time_s;
              required int32 track;
              required binary label (STRING);
              required float score;
            }""");

    private ClusterParquet() {
    }

    /** The job's video id: the first 16 hex digits of the sha256 of the video's URI. */
    public static String videoId(String uri) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(uri.getBytes(StandardCharsets.UTF_8)), 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A local file's URI as the job names it (Hadoop's qualified form, {@code file:/path}). */
    public static String uri(Path video) {
        return "file:" + video.toAbsolutePath();
    }

    /** The file schema of a Parquet file. */
    public static MessageType schema(Path file) throws IOException {
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file),
                org.apache.parquet.ParquetReadOptions.builder(new PlainParquetConfiguration()).withCodecFactory(ParquetTables.CODECS).build())) {
            return r.getFooter().getFileMetaData().getSchema();
        }
    }

    /** Writes an ok runs row and the poses of a stored pose run of {@code video}, named by {@code uri}, as the job does; returns the video id. */
    public static String writeOk(Path out, String uri, Path video, ResultsStore store, Run run) throws IOException {
        return writeOk(out, uri, video, store, run, List.of(), "");
    }

    /** The runs table's {@code analyses} of a job that ran these classify runs' models ({@code classify:ID@SHA;...}). */
    public static String analyses(List<Run> classified) {
        return String.join(";", classified.stream().map(c -> "classify:" + c.spec().modelId() + "@" + c.spec().onnxSha256()).toList());
    }

    /**
     * Like {@link #writeOk(Path, String, Path, ResultsStore, Run)} for a job run with {@code --classify}: also the
     * scores rows of the stored classify runs {@code classified} (one row per frame, track and label, at the pose run's
     * frame times, as the job writes them), with {@code analyses} in the runs row.
     */
    public static String writeOk(Path out, String uri, Path video, ResultsStore store, Run run, List<Run> classified, String analyses)
            throws IOException {
        String id = videoId(uri);
        Map<Integer, Double> times = store.poses().frameTimes(run.id());
        Map<Integer, List<Pose>> raw = store.poses().read(run.id(), run.spec().fromFrame(), run.spec().toFrame(), false);
        Map<Integer, List<Pose>> sm = store.poses().read(run.id(), run.spec().fromFrame(), run.spec().toFrame(), true);
        SimpleGroupFactory pf = new SimpleGroupFactory(POSES);
        List<Group> poses = new ArrayList<>();
        for (Map.Entry<Integer, List<Pose>> e : raw.entrySet()) {
            for (int k = 0; k < e.getValue().size(); k++) {
                Pose r = e.getValue().get(k);
                for (String kind : List.of("raw", "smoothed")) {
                    Pose p = kind.equals("raw") ? r : sm.get(e.getKey()).get(k);
                    for (int j = 0; j < p.keypoints().size(); j++) {
                        Keypoint kp = p.keypoints().get(j);
                        Group g = pf.newGroup().append("video", uri).append("frame", e.getKey()).append("time_s", times.get(e.getKey()))
                                .append("track", p.trackId()).append("keypoint", p.schema().joints().get(j)).append("kind", kind).append("x", kp.x())
                                .append("y", kp.y()).append("score", kp.score());
                        if (r.world() != null) {
                            g.append("world_x", r.world()[j][0]).append("world_y", r.world()[j][1]).append("world_z", r.world()[j][2]);
                        }
                        g.append("skeleton", r.schema().id()).append("person_score", r.score());
                        if (r.box() != null) {
                            g.append("box_x0", r.box()[0]).append("box_y0", r.box()[1]).append("box_x1", r.box()[2]).append("box_y1", r.box()[3]);
                        }
                        if (j == 0 && kind.equals("raw") && r.mask() != null) {
                            g.append("mask", Binary.fromConstantByteArray(PoseFrames.maskBlob(r.mask())));
                        }
                        poses.add(g);
                    }
                }
            }
        }
        ParquetImport.VideoContent content = ParquetImport.VideoContent.of(video);
        SimpleGroupFactory sf = new SimpleGroupFactory(SCORES);
        List<Group> scores = new ArrayList<>();
        for (Run c : classified) {
            for (org.dancelens.core.ScoreSeries series : store.scores().read(c.id())) {
                for (int i = 0; i < series.size(); i++) {
                    int f = series.frames()[i];
                    for (int l = 0; l < series.labels().size(); l++) {
                        scores.add(sf.newGroup().append("video", uri).append("model", c.spec().modelId()).append("frame", f)
                                .append("time_s", times.getOrDefault(f, Double.NaN)).append("track", series.track())
                                .append("label", series.labels().get(l)).append("score", series.scores()[i][l]));
                    }
                }
            }
        }
        Group row = runRow(uri, run.spec().modelId(), run.spec().onnxSha256(), run.spec().card(), run.spec().settings(), "ok", null, run.spec().frames(),
                analyses);
        row.append("video_frames", run.spec().videoFrames()).append("video_bytes", content.bytes()).append("video_sha256", content.sha256())
                .append("pose_rows", (long) poses.size());
        Group ft = row.addGroup("frame_times");
        times.values().forEach(t -> ft.addGroup("list").append("element", t));
        Group ud = row.addGroup("undecodable");
        store.undecodable().list(run.id()).forEach(f -> ud.addGroup("list").append("element", f));
        if (!poses.isEmpty()) {
            write(out.resolve("poses").resolve("video_id=" + id), POSES, poses);
        }
        if (!scores.isEmpty()) {
            write(out.resolve("scores").resolve("video_id=" + id), SCORES, scores);
        }
        write(out.resolve("runs").resolve("video_id=" + id), RUNS, List.of(row));
        return id;
    }

    /**
     * {@code OUT URI SENTENCE}: writes a runs table with one failed row, for the installer check
     * (jlink/ci-installer.sh), which has the installed {@code dancelens import parquet} read it.
     */
    public static void main(String[] args) throws IOException {
        writeFailed(Path.of(args[0]), args[1], args[2]);
    }

    /** Writes a failed runs row with its sentence, as the job does for a video it could not analyse. */
    public static String writeFailed(Path out, String uri, String error) throws IOException {
        String id = videoId(uri);
        write(out.resolve("runs").resolve("video_id=" + id), RUNS, List.of(runRow(uri, "movenet-lightning", "0".repeat(64), "id: movenet-lightning\n",
                "{}", "failed", error, 0, "")));
        return id;
    }

    private static Group runRow(String uri, String model, String sha, String card, String settings, String status, String error, int frames,
                                String analyses) {
        Group g = new SimpleGroupFactory(RUNS).newGroup().append("video", uri).append("model", model).append("onnx_sha256", sha).append("card", card)
                .append("settings", settings).append("software", "DanceLens development build").append("status", status);
        if (error != null) {
            g.append("error", error);
        }
        return g.append("frames", frames).append("seconds", 1.0).append("setup_seconds", 0.5).append("inference_seconds", 0.25)
                .append("analyses", analyses);
    }

    private static void write(Path partition, MessageType schema, List<Group> rows) throws IOException {
        Files.createDirectories(partition);
        Path file = partition.resolve("part-00000-" + java.util.UUID.randomUUID() + ".c000.snappy.parquet");
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file)).withConf(new PlainParquetConfiguration())
                .withCodecFactory(ParquetTables.CODECS).withCompressionCodec(CompressionCodecName.SNAPPY).withType(schema).build()) {
            for (Group g : rows) {
                w.write(g);
            }
        }
        Path success = partition.getParent().resolve("_SUCCESS");
        if (!Files.exists(success)) {
            Files.createFile(success);
        }
    }

    /**
     * Asserts that run {@code b} of store {@code sb} is run {@code a} of store {@code sa}: the same spec (video, frame
     * count, model, ONNX sha256, card, settings, range), complete, the same frames with the same times, the same
     * undecodable frames, and every pose the same to the bit (track, skeleton, raw and smoothed keypoints, score, box,
     * 3D, mask). Returns the number of keypoints compared.
     */
    public static int assertSameRun(ResultsStore sa, Run a, ResultsStore sb, Run b) {
        org.assertj.core.api.Assertions.assertThat(b.spec()).isEqualTo(a.spec());
        org.assertj.core.api.Assertions.assertThat(b.status()).isEqualTo(org.dancelens.analysis.store.RunStatus.COMPLETE);
        org.assertj.core.api.Assertions.assertThat(b.framesDone()).isEqualTo(a.framesDone());
        org.assertj.core.api.Assertions.assertThat(sb.poses().frameTimes(b.id())).isEqualTo(sa.poses().frameTimes(a.id()));
        org.assertj.core.api.Assertions.assertThat(sb.undecodable().list(b.id())).isEqualTo(sa.undecodable().list(a.id()));
        int compared = 0;
        for (boolean smoothed : new boolean[] {false, true}) {
            Map<Integer, List<Pose>> pa = sa.poses().read(a.id(), a.spec().fromFrame(), a.spec().toFrame(), smoothed);
            Map<Integer, List<Pose>> pb = sb.poses().read(b.id(), b.spec().fromFrame(), b.spec().toFrame(), smoothed);
            org.assertj.core.api.Assertions.assertThat(pb.keySet()).isEqualTo(pa.keySet());
            for (Map.Entry<Integer, List<Pose>> f : pa.entrySet()) {
                List<Pose> lb = pb.get(f.getKey());
                org.assertj.core.api.Assertions.assertThat(lb).hasSameSizeAs(f.getValue());
                for (int k = 0; k < lb.size(); k++) {
                    Pose x = f.getValue().get(k);
                    Pose y = lb.get(k);
                    String at = "frame " + f.getKey() + " track " + x.trackId();
                    org.assertj.core.api.Assertions.assertThat(y.trackId()).as(at).isEqualTo(x.trackId());
                    org.assertj.core.api.Assertions.assertThat(y.schema()).as(at).isEqualTo(x.schema());
                    org.assertj.core.api.Assertions.assertThat(y.keypoints()).as(at + " keypoints, bit for bit").isEqualTo(x.keypoints());
                    org.assertj.core.api.Assertions.assertThat(Float.floatToRawIntBits(y.score())).as(at).isEqualTo(Float.floatToRawIntBits(x.score()));
                    org.assertj.core.api.Assertions.assertThat(y.box()).as(at).isEqualTo(x.box());
                    org.assertj.core.api.Assertions.assertThat(y.world()).as(at).isDeepEqualTo(x.world());
                    org.assertj.core.api.Assertions.assertThat(y.mask() == null).as(at).isEqualTo(x.mask() == null);
                    if (x.mask() != null) {
                        org.assertj.core.api.Assertions.assertThat(y.mask().values()).as(at).isEqualTo(x.mask().values());
                    }
                    compared += x.keypoints().size();
                }
            }
        }
        return compared;
    }
}
