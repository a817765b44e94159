package org.dancelens.export;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR0;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.awt.image.BufferedImage;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;
import org.dancelens.analysis.ClassifyAnalysis;
import org.dancelens.analysis.ExplainMetrics;
import org.dancelens.analysis.store.ExplainSettings;
import org.dancelens.analysis.store.Maps;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.core.AtomicFiles;
import org.dancelens.core.CancelledException;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Pose;
import org.dancelens.core.ScoreSeries;
import org.dancelens.core.TaskContext;
import org.dancelens.core.VideoFrame;
import org.dancelens.render.HeatMapLayer;
import org.dancelens.render.OverlayRenderer;
import org.dancelens.render.OverlayScene;
import org.dancelens.render.Palette;
import org.dancelens.video.DecodeAhead;
import org.dancelens.video.VideoSource;

/**
 * Writes an annotated clip: a frame range of a video with the stored results drawn over it by the player's renderer
 * ({@link OverlayRenderer}, the same {@link OverlayScene} the player builds for each frame), encoded as H.264 in MP4
 * (yuv420p, even dimensions, {@code +faststart}) with the source's audio for the range (AAC). Each frame keeps its source
 * presentation time relative to the range's first frame, so variable-frame-rate footage keeps its rhythm; frames come
 * upright (the video core applies the rotation). The clip is written to a temporary file beside the target and renamed
 * when complete: a cancel or a failure leaves no partial file.
 */
public final class ClipExporter {
    /** The H.264 encoder of the bundled FFmpeg build (it has no libx264; OpenH264 is the one it carries). */
    public static final String VIDEO_ENCODER = "libopenh264";
    /** Time base of the clip's video stream: 1/90000 s holds the frame times of 24, 25, 30, 60 and 30000/1001 fps exactly. */
    static final int TIME_BASE = 90_000;
    public static final int DEFAULT_QUALITY = 20;
    /** The bitrates a clip may ask for, bits/s. */
    static final long MIN_BITRATE = 100_000;
    static final long MAX_BITRATE = 500_000_000;

    /** What can be burned into a clip. */
    public enum Overlay {
        /** Bones and joints (joints coloured by confidence) of every dancer of the pose run, as the player draws them. */
        SKELETON,
        /** Each dancer's box with its identity, as the player draws them. */
        BOXES,
        /** Each dancer's identity alone (without {@link #BOXES}). */
        IDS,
        /** The joints alone, coloured by confidence (without {@link #SKELETON}). */
        JOINTS,
        /** Segmentation masks of the pose run (when it stored any). */
        MASK,
        /** The explain run's heat map on the frames it has one. */
        HEAT,
        /**
         * The classify run's top label and score on each frame it scored: top left for a whole-frame model, under each
         * dancer (whose box carries its name with {@link #BOXES} or {@link #IDS}) for a per-dancer model.
         */
        LABELS;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The overlays a comma-separated list names ({@code skeleton,boxes}), or none for {@code none}. */
        public static Set<Overlay> parse(String list) {
            EnumSet<Overlay> out = EnumSet.noneOf(Overlay.class);
            if (list == null || list.isBlank() || list.strip().equals("none")) {
                return out;
            }
            for (String s : list.split(",")) {
                String k = s.strip().toLowerCase(Locale.ROOT);
                switch (k) {
                    case "skeleton", "skeletons" -> out.add(SKELETON);
                    case "boxes", "box" -> out.add(BOXES);
                    case "ids" -> out.add(IDS);
                    case "joints" -> out.add(JOINTS);
                    case "mask", "masks" -> out.add(MASK);
                    case "heat" -> out.add(HEAT);
                    case "labels" -> out.add(LABELS);
                    case "timeline" -> throw DanceLensException.badInput("The overlay 'timeline' cannot be burned into clips yet;"
                            + " choose from skeleton, boxes, ids, mask, joints, heat and labels.");
                    default -> throw DanceLensException.badInput("There is no overlay called '" + k
                            + "'; choose from skeleton, boxes, ids, mask, joints, heat and labels.");
                }
            }
            return out;
        }
    }

    /**
     * What to export.
     *
     * @param video     the source video
     * @param out       the clip to write (.mp4)
     * @param from      first frame (inclusive)
     * @param to        last frame (exclusive), -1 for the end of the video
     * @param overlays  what to draw
     * @param poseRun   the pose run to draw, or null for the newest finished one
     * @param explainRun the explain run whose maps to draw, or null for the newest finished one
     * @param classifyRun the classify run whose labels to draw, or null for the newest finished one
     * @param width     clip width (0: from {@code scale})
     * @param height    clip height (0: from {@code scale})
     * @param scale     clip size over the video's when width and height are 0
     * @param encoding  the video encoder and its rate control
     */
    public record Request(Path video, Path out, int from, int to, Set<Overlay> overlays, Long poseRun, Long explainRun, Long classifyRun, int width,
                          int height, double scale, Encoding encoding) {
        public Request {
            overlays = Set.copyOf(overlays);
        }

        public static Request of(Path video, Path out) {
            return new Request(video, out, 0, -1, EnumSet.of(Overlay.SKELETON, Overlay.BOXES), null, null, null, 0, 0, 1, Encoding.DEFAULT);
        }

        public Request range(int f, int t) {
            return new Request(video, out, f, t, overlays, poseRun, explainRun, classifyRun, width, height, scale, encoding);
        }

        public Request overlays(Set<Overlay> o) {
            return new Request(video, out, from, to, o, poseRun, explainRun, classifyRun, width, height, scale, encoding);
        }

        public Request runs(Long pose, Long explain) {
            return new Request(video, out, from, to, overlays, pose, explain, classifyRun, width, height, scale, encoding);
        }

        /** The classify run whose labels {@link Overlay#LABELS} draws (null: the newest finished one still true to its poses). */
        public Request classifyRun(Long id) {
            return new Request(video, out, from, to, overlays, poseRun, explainRun, id, width, height, scale, encoding);
        }

        public Request size(int w, int h) {
            return new Request(video, out, from, to, overlays, poseRun, explainRun, classifyRun, w, h, 1, encoding);
        }

        public Request scaled(double s) {
            return new Request(video, out, from, to, overlays, poseRun, explainRun, classifyRun, 0, 0, s, encoding);
        }

        public Request quality(int q) {
            return new Request(video, out, from, to, overlays, poseRun, explainRun, classifyRun, width, height, scale, encoding.quality(q));
        }

        /** The quantiser held on every frame ({@link Encoding#quality}). */
        public int quality() {
            return encoding.quality();
        }

        /** A target bitrate in bits/s instead of a held quantiser ({@link Encoding#bitrate}). */
        public Request bitrate(long bitsPerSecond) {
            return new Request(video, out, from, to, overlays, poseRun, explainRun, classifyRun, width, height, scale, encoding.bitrate(bitsPerSecond));
        }

        /** Another FFmpeg video encoder than {@link #VIDEO_ENCODER}, for {@code bench export} ({@link Encoding#encoder}). */
        public Request encoder(String name) {
            return new Request(video, out, from, to, overlays, poseRun, explainRun, classifyRun, width, height, scale, encoding.encoder(name));
        }
    }

    /**
     * How the clip's video is encoded.
     *
     * @param encoder FFmpeg video encoder: {@link #VIDEO_ENCODER} (H.264) for clips; {@code bench export} also uses
     *                {@code mpeg4}, the encoder JavaCV's FFmpeg and Debian's {@code ffmpeg} both have
     * @param quality the quantiser held on every frame (lower: better and bigger; 1..51) when {@code bitrate} is 0
     * @param bitrate target bits/s over the clip (the encoder's bitrate rate control), or 0 for the held quantiser
     */
    public record Encoding(String encoder, int quality, long bitrate) {
        public static final Encoding DEFAULT = new Encoding(VIDEO_ENCODER, DEFAULT_QUALITY, 0);

        public Encoding quality(int q) {
            return new Encoding(encoder, q, 0);
        }

        public Encoding bitrate(long b) {
            return new Encoding(encoder, quality, b);
        }

        public Encoding encoder(String name) {
            return new Encoding(name, quality, bitrate);
        }
    }

    /**
     * What was written.
     *
     * @param frames       frames in the clip
     * @param undecodable  frames of the range the decoder could not give (left out: the frame before stays on screen longer)
     * @param width        clip width
     * @param height       clip height
     * @param audio        whether the clip has the source's audio
     * @param poseRun      the pose run drawn, or null
     * @param explainRun   the explain run drawn, or null
     * @param classifyRun  the classify run whose labels were drawn, or null
     * @param seconds      wall time of the export
     * @param drawSeconds  of which building scenes, drawing and compositing overlays
     */
    public record Result(int frames, int undecodable, int width, int height, boolean audio, Long poseRun, Long explainRun, Long classifyRun, double seconds,
                         double drawSeconds) {
        public double framesPerSecond() {
            return seconds > 0 ? frames / seconds : 0;
        }
    }

    private ClipExporter() {
    }

    /**
     * Exports a clip; progress and cancel through {@code ctx}.
     *
     * @param store the video's results store, or null when it has none (then no overlay that needs a run can be drawn)
     */
    public static Result export(Request r, ResultsStore store, TaskContext ctx) {
        long t0 = System.nanoTime();
        Path out = r.out().toAbsolutePath();
        Path dir = out.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw DanceLensException.badInput("Cannot write " + out.getFileName() + ": the folder " + dir + " does not exist.");
        }
        if (!Files.isWritable(dir)) {
            throw DanceLensException.badInput("Cannot write " + out.getFileName() + ": the folder " + dir + " is not writable.");
        }
        if (r.quality() < 1 || r.quality() > 51) {
            throw DanceLensException.badInput("The quality must be between 1 (best) and 51, not " + r.quality() + ".");
        }
        if (r.encoding().bitrate() != 0 && (r.encoding().bitrate() < MIN_BITRATE || r.encoding().bitrate() > MAX_BITRATE)) {
            throw DanceLensException.badInput("The bitrate must be between 100k and 500M bits a second, not " + r.encoding().bitrate() + ".");
        }
        try (VideoSource src = VideoSource.open(r.video(), ctx.scaled(0, 0.05, "Indexing: "), 64L << 20, 0)) {
            int n = src.frameCount();
            int from = r.from();
            int to = r.to() < 0 ? n : r.to();
            if (from >= n || to > n || to <= from) {
                throw DanceLensException.badInput("The range " + from + ":" + (r.to() < 0 ? "" : r.to()) + " is not inside "
                        + r.video().getFileName() + ", which has frames 0 to " + (n - 1) + ".");
            }
            String abs = r.video().toAbsolutePath().toString();
            int fw = src.info().width();
            int fh = src.info().height();
            int[] size = outputSize(r, fw, fh);
            Run classifyRun = null;
            List<ScoreSeries> scores = List.of();
            Long poseRunId = r.poseRun();
            if (r.overlays().contains(Overlay.LABELS)) {
                classifyRun = chooseClassifyRun(store, abs, r.classifyRun(), r.video());
                scores = store.scores().read(classifyRun.id());
                Long read = ClassifyAnalysis.poseRunOf(classifyRun);
                if (read != null && poseRunId != null && !read.equals(poseRunId)) {
                    throw DanceLensException.badInput("Classify run " + classifyRun.id() + " read pose run " + read + ", not " + poseRunId
                            + ": its dancers are not the ones drawn; leave --pose-run out or name pose run " + read + ".");
                }
                if (read != null) {
                    poseRunId = read; // the dancers its labels name are the ones drawn, as in the workbench
                }
            }
            Run poseRun = null;
            Map<Integer, List<Pose>> poses = Map.of();
            Overlay named = java.util.Arrays.stream(Overlay.values()).filter(o -> o != Overlay.HEAT && o != Overlay.LABELS && r.overlays().contains(o))
                    .findFirst().orElse(null);
            if (named != null) {
                poseRun = chooseRun(store, abs, RunKind.POSE, poseRunId, named, r.video(), "dancelens analyze " + r.video().getFileName() + " --pose MODEL");
                covers(poseRun, from, to, "analyze");
                poses = store.poses().read(poseRun.id(), from, to, true);
                if (r.overlays().contains(Overlay.MASK) && !store.poses().hasMasks(poseRun.id())) {
                    throw DanceLensException.badInput("Pose run " + poseRun.id() + " (" + poseRun.modelId() + ") stored no segmentation masks for the 'mask' overlay;"
                            + " analyse with a model that makes masks (e.g. blazepose-full) or leave 'mask' out.");
                }
            }
            Run explainRun = null;
            Map<Integer, Maps.MapFrame> maps = Map.of();
            ExplainSettings es = null;
            if (r.overlays().contains(Overlay.HEAT)) {
                explainRun = chooseRun(store, abs, RunKind.EXPLAIN, r.explainRun(), Overlay.HEAT, r.video(),
                        "dancelens explain " + r.video().getFileName() + " --model MODEL");
                maps = store.maps().read(explainRun.id(), from, to);
                es = ExplainSettings.of(explainRun);
            }
            Set<OverlayScene.Layer> layers = OverlayScene.layersFor(r.overlays().contains(Overlay.SKELETON), r.overlays().contains(Overlay.BOXES),
                    r.overlays().contains(Overlay.MASK));
            if (r.overlays().contains(Overlay.IDS)) {
                layers.add(OverlayScene.Layer.IDS);
            }
            if (r.overlays().contains(Overlay.JOINTS)) {
                layers.add(OverlayScene.Layer.JOINTS);
            }
            // dancers are named by the pose model of the run drawn, or of the run the labels' classifier read
            String poseModel = poseRun != null ? poseRun.modelId()
                    : poseRunId == null ? null : store.runs().find(poseRunId).map(Run::modelId).orElse(null);
            Writer w = new Writer(src, from, to, size[0], size[1], poses, layers, poseModel, maps, es, scores, r.encoding(), ctx);
            AtomicFiles.writeVia(out, tmp -> w.write(tmp, out));
            return new Result(w.frames, w.undecodable, size[0], size[1], w.audio, poseRun == null ? null : poseRun.id(),
                    explainRun == null ? null : explainRun.id(), classifyRun == null ? null : classifyRun.id(), (System.nanoTime() - t0) / 1e9, w.drawNanos / 1e9);
        }
    }

    /** The clip's size: as asked, or the video's times the scale, rounded to even numbers. */
    static int[] outputSize(Request r, int fw, int fh) {
        if (r.width() > 0 || r.height() > 0) {
            if (r.width() < 2 || r.height() < 2 || r.width() % 2 != 0 || r.height() % 2 != 0 || r.width() > 8192 || r.height() > 8192) {
                throw DanceLensException.badInput("The clip size must be two even numbers of pixels up to 8192, not " + r.width() + "x" + r.height() + ".");
            }
            return new int[] {r.width(), r.height()};
        }
        if (!(r.scale() > 0) || r.scale() > 4) {
            throw DanceLensException.badInput("The scale must be above 0 and at most 4, not " + r.scale() + ".");
        }
        int w = Math.max(2, (int) Math.round(fw * r.scale() / 2) * 2);
        int h = Math.max(2, (int) Math.round(fh * r.scale() / 2) * 2);
        return new int[] {w, h};
    }

    private static Run chooseRun(ResultsStore store, String abs, RunKind kind, Long id, Overlay overlay, Path video, String how) {
        if (store == null) {
            throw DanceLensException.badInput("The '" + overlay.key() + "' overlay needs a finished " + kind.key() + " run of " + video.getFileName()
                    + ", and nothing is stored for it; make one with '" + how + "'.");
        }
        if (id != null) {
            Run run = store.runs().find(id).orElseThrow(() -> DanceLensException.badInput("The results store holds no run " + id + "."));
            if (run.kind() != kind || !run.videoPath().equals(abs)) {
                throw DanceLensException.badInput("Run " + id + " is not a " + kind.key() + " run of " + video.getFileName() + ".");
            }
            return run;
        }
        return store.runs().newestFinished(abs, kind).orElseThrow(() -> DanceLensException.badInput("The '" + overlay.key()
                + "' overlay needs a finished " + kind.key() + " run of " + video.getFileName() + ", and there is none; make one with '" + how + "'."));
    }

    /** The named classify run, or the newest finished one still true to its poses (as the workbench shows). */
    private static Run chooseClassifyRun(ResultsStore store, String abs, Long id, Path video) {
        String how = "dancelens classify " + video.getFileName() + " --model MODEL";
        if (id != null) {
            return chooseRun(store, abs, RunKind.CLASSIFY, id, Overlay.LABELS, video, how);
        }
        if (store == null) {
            return chooseRun(null, abs, RunKind.CLASSIFY, null, Overlay.LABELS, video, how);
        }
        return store.runs().list(abs, RunKind.CLASSIFY).stream().filter(Run::finished).filter(run -> !ClassifyAnalysis.isStale(store, run)).findFirst()
                .orElseThrow(() -> DanceLensException.badInput("The 'labels' overlay needs a finished classify run of " + video.getFileName()
                        + ", and there is none; make one with '" + how + "'."));
    }

    /** Refuses a range the run does not cover: frames without results would show nothing, as if nobody were there. */
    private static void covers(Run run, int from, int to, String command) {
        if (from < run.spec().fromFrame() || to > run.spec().toFrame() || !run.finished()) {
            throw DanceLensException.badInput("Pose run " + run.id() + " covers frames " + run.spec().fromFrame() + " to " + (run.spec().toFrame() - 1)
                    + (run.finished() ? "" : " and is not finished") + ", not all of " + from + " to " + (to - 1) + "; choose a range inside it or run '"
                    + command + "' over the range.");
        }
    }

    /** Decodes, draws and encodes the range into one file. */
    private static final class Writer {
        private final VideoSource src;
        private final int from;
        private final int to;
        private final int width;
        private final int height;
        private final Map<Integer, List<Pose>> poses;
        private final Set<OverlayScene.Layer> layers;
        private final String poseModel;
        private final Map<Integer, Maps.MapFrame> maps;
        private final ExplainSettings explain;
        private final List<ScoreSeries> scores;
        private final Encoding encoding;
        private final TaskContext ctx;
        int frames;
        int undecodable;
        boolean audio;
        long drawNanos;

        Writer(VideoSource src, int from, int to, int width, int height, Map<Integer, List<Pose>> poses, Set<OverlayScene.Layer> layers, String poseModel,
               Map<Integer, Maps.MapFrame> maps, ExplainSettings explain, List<ScoreSeries> scores, Encoding encoding, TaskContext ctx) {
            this.src = src;
            this.from = from;
            this.to = to;
            this.width = width;
            this.height = height;
            this.poses = poses;
            this.layers = layers;
            this.poseModel = poseModel;
            this.maps = maps;
            this.explain = explain;
            this.scores = scores;
            this.encoding = encoding;
            this.ctx = ctx;
        }

        /**
         * The clip into {@code tmp}. A variable-rate clip is encoded beside it first and then copied packet for packet with
         * its last frame given its source duration: the encoder leaves a frame's duration to the muxer, which makes it one
         * tick of the time base, a frame at a constant rate but 1/90000 s at a variable one.
         */
        void write(Path tmp, Path out) {
            if (!src.info().variableFrameRate()) {
                encode(tmp, out);
                return;
            }
            Path enc = tmp.resolveSibling(tmp.getFileName().toString().replaceFirst("\\.mp4$", "") + ".enc.mp4");
            try {
                encode(enc, out);
                lastFrameLasts(enc, tmp, out);
            } finally {
                try {
                    Files.deleteIfExists(enc);
                } catch (java.io.IOException e) {
                    // the folder went away: nothing is left to clean
                }
            }
        }

        /** The clip's time base in ticks a second, its last frame's time and the range's end, in ticks. */
        private double rate;
        private long lastPts = -1;
        private long endPts;

        /** Copies {@code enc} into {@code tmp} packet for packet, the last video packet lasting to the range's end. */
        private void lastFrameLasts(Path enc, Path tmp, Path out) {
            try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(enc.toFile())) {
                g.start(false);
                try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(tmp.toFile(), g.getImageWidth(), g.getImageHeight(), g.getAudioChannels())) {
                    rec.setFormat("mp4");
                    rec.setFrameRate(rate);
                    rec.setOption("movflags", "+faststart");
                    rec.start(g.getFormatContext());
                    int video = g.getVideoStream();
                    org.bytedeco.ffmpeg.avutil.AVRational tb = g.getFormatContext().streams(video).time_base();
                    org.bytedeco.ffmpeg.avcodec.AVPacket held = null;
                    try {
                        for (org.bytedeco.ffmpeg.avcodec.AVPacket p = g.grabPacket(); p != null; p = g.grabPacket()) {
                            if (p.stream_index() == video) {
                                if (held != null) {
                                    rec.recordPacket(held);
                                    avcodec.av_packet_free(held);
                                }
                                held = avcodec.av_packet_clone(p);
                            } else {
                                rec.recordPacket(p);
                            }
                        }
                        if (held != null) {
                            long ticks = Math.max(1, endPts - lastPts);
                            held.duration(org.bytedeco.ffmpeg.global.avutil.av_rescale_q(ticks, org.bytedeco.ffmpeg.global.avutil.av_make_q(1, (int) rate), tb));
                            rec.recordPacket(held);
                        }
                    } finally {
                        if (held != null) {
                            avcodec.av_packet_free(held);
                        }
                    }
                    rec.stop();
                }
            } catch (FrameRecorder.Exception | FrameGrabber.Exception e) {
                throw writeFailed(out, e);
            }
        }

        private void encode(Path tmp, Path out) {
            double start = src.index().timeOf(from);
            double end = to < src.frameCount() ? src.index().timeOf(to) : src.info().durationSeconds();
            try (AudioFeed feed = src.info().hasAudio() ? AudioFeed.open(src.info().path(), start, end) : null;
                 FFmpegFrameRecorder rec = new FFmpegFrameRecorder(tmp.toFile(), width, height, feed == null ? 0 : feed.channels())) {
                rec.setFormat("mp4");
                rec.setVideoCodecName(encoding.encoder());
                rec.setPixelFormat(AV_PIX_FMT_YUV420P);
                // a constant-rate source keeps its frame rate as the time base (one tick a frame, so the last frame
                // lasts a frame); a variable-rate one gets 1/90000 s ticks, which hold its times (its last frame is given its
                // duration after, by lastFrameLasts)
                rate = src.info().variableFrameRate() ? TIME_BASE : 1 / src.index().frameDurationSeconds(from);
                endPts = Math.round((end - start) * rate);
                rec.setFrameRate(rate);
                rec.setGopSize(Math.max(1, (int) Math.round(2 * (src.info().fps() > 0 ? src.info().fps() : 30))));
                rateControl(rec, encoding);
                rec.setOption("movflags", "+faststart");
                if (feed != null) {
                    rec.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
                    rec.setSampleRate(feed.sampleRate());
                    rec.setAudioChannels(feed.channels());
                    rec.setAudioBitrate(192_000);
                }
                rec.start();
                audio = feed != null;
                FramePainter painter = new FramePainter();
                int total = to - from;
                // drawing here, encoding on a thread of its own (the recorder and the audio are used there alone until it ends)
                try (EncodeStage stage = new EncodeStage(ENCODE_AHEAD, p -> {
                    rec.setFrameNumber((int) p.pts());
                    rec.recordImage(p.width(), p.height(), Frame.DEPTH_UBYTE, 4, p.width() * 4, AV_PIX_FMT_BGR0, p.pixels());
                    if (feed != null) {
                        feed.recordUntil(rec, p.timeSeconds(), false);
                    }
                }, ctx)) {
                    VideoSource.FrameSink sink = f -> {
                        long pts = Math.round((f.timeSeconds() - start) * rate);
                        handOver(out, () -> {
                            ByteBuffer buffer = stage.buffer(4 * f.width() * f.height());
                            long d0 = System.nanoTime();
                            ByteBuffer pixels = draw(f, painter, buffer);
                            drawNanos += System.nanoTime() - d0;
                            stage.submit(new EncodeStage.Picture(pixels, f.width(), f.height(), f.timeSeconds(), pts));
                        });
                        frames++;
                        lastPts = pts;
                        if (frames % 10 == 0 || frames == total) {
                            ctx.progress(0.05 + 0.95 * (f.index() + 1 - from) / total, "frame " + (f.index() + 1 - from) + " / " + total);
                        }
                        return !ctx.isCancelled();
                    };
                    readAhead(sink, out);
                    if (ctx.isCancelled()) {
                        throw new CancelledException("Exporting " + out.getFileName());
                    }
                    if (frames == 0) {
                        throw DanceLensException.badInput("No frame of " + from + " to " + (to - 1) + " of " + src.info().fileName() + " could be decoded.");
                    }
                    handOver(out, stage::finish);
                }
                if (feed != null) {
                    feed.recordUntil(rec, end, true);
                }
                rec.stop();
            } catch (FrameRecorder.Exception | FrameGrabber.Exception e) {
                throw writeFailed(out, e);
            }
        }

        /** Pictures drawn ahead of the encoder (each 4 bytes a pixel: 25 MB at 1080p). */
        private static final int ENCODE_AHEAD = 3;

        /** A step with the encoder's thread, its failure worded for the user (a cancel or a sentence stays as it is). */
        private void handOver(Path out, EncodeStep step) {
            try {
                step.run();
            } catch (FrameRecorder.Exception | FrameGrabber.Exception e) {
                throw writeFailed(out, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException("Exporting " + out.getFileName());
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw writeFailed(out, e);
            }
        }

        @FunctionalInterface
        private interface EncodeStep {
            void run() throws Exception;
        }

        /**
         * Hands the range's frames to {@code sink} on this thread while the next ones are decoded on a thread of their own
         * ({@link DecodeAhead}, a few frames ahead), so decoding overlaps drawing and encoding. Returns at the range's end,
         * when the sink says stop or when the job is cancelled; a decoder failure is thrown here, and whatever ends this,
         * the decoding thread is ended with it (a sink that throws included).
         */
        private void readAhead(VideoSource.FrameSink sink, Path out) {
            try (DecodeAhead ahead = DecodeAhead.start(src, from, to, READ_AHEAD, ctx)) {
                while (!ctx.isCancelled()) {
                    DecodeAhead.Item item = ahead.next(100, TimeUnit.MILLISECONDS);
                    if (item instanceof DecodeAhead.Frame fr) {
                        if (!sink.accept(fr.frame())) {
                            return;
                        }
                    } else if (item instanceof DecodeAhead.Undecodable) {
                        undecodable++;
                    } else if (item instanceof DecodeAhead.End end) {
                        if (end.error() != null) {
                            throw end.error();
                        }
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException("Exporting " + out.getFileName());
            }
        }

        /** Frames decoded ahead of drawing and encoding (each 4 bytes a pixel: 33 MB at 1080p). */
        private static final int READ_AHEAD = 4;

        /** The encoder's rate control: a target bitrate, or one quantiser on every frame. */
        private static void rateControl(FFmpegFrameRecorder rec, Encoding e) {
            boolean openH264 = e.encoder().equals(VIDEO_ENCODER);
            if (e.bitrate() > 0) {
                // OpenH264 honours the bitrate in its 'bitrate' mode only (its default 'quality' mode lets the size float)
                if (openH264) {
                    rec.setVideoOption("rc_mode", "bitrate");
                }
                rec.setVideoBitrate((int) Math.min(Integer.MAX_VALUE, e.bitrate()));
            } else if (openH264) {
                // OpenH264 has no constant-rate-factor mode: its quality mode with the quantiser held at one number (qmin = qmax)
                // gives the same quality on every frame
                rec.setVideoOption("rc_mode", "quality");
                rec.setVideoOption("qmin", String.valueOf(e.quality()));
                rec.setVideoOption("qmax", String.valueOf(e.quality()));
            } else {
                rec.setVideoQuality(e.quality()); // FFmpeg's fixed quantiser (-q:v)
            }
        }

        /**
         * The frame with the scene the player shows for it laid over, as the encoder takes it (B, G, R, x),
         * drawn into {@code into} (a buffer of the encode stage's, not encoded meanwhile).
         */
        private ByteBuffer draw(VideoFrame f, FramePainter painter, ByteBuffer into) {
            HeatMapLayer heat = null;
            Maps.MapFrame m = maps.get(f.index());
            if (m != null) {
                int h = explain.inputHeight() > 0 ? explain.inputHeight() : m.height();
                int w = explain.inputWidth() > 0 ? explain.inputWidth() : m.width();
                heat = new HeatMapLayer(ExplainMetrics.upsampled(m, h, w), h, w, m.region(), Palette.ColorMap.DEFAULT, HEAT_OPACITY);
            }
            OverlayScene scene = scene(f.width(), f.height(), poses.getOrDefault(f.index(), List.of()), layers, heat, poseModel);
            Map<Integer, String> labels = labels(scores, f.index());
            return painter.paint(f, scene, labels.isEmpty() ? null : pic -> drawLabels(pic, labels, poses.getOrDefault(f.index(), List.of())),
                    into);
        }
    }

    /**
     * The frame with an overlay laid over it, into {@code out} (0x00RRGGBB): the pixels {@link OverlayRenderer#composite}
     * makes (Java2D's source-over of a premultiplied overlay on an opaque picture, with its rounding), in one pass
     * without an image per frame.
     *
     * @param overlay the overlay at frame resolution, premultiplied ARGB
     */
    static void composite(VideoFrame f, int[] overlay, int[] out) {
        byte[] bgra = f.bgra();
        for (int i = 0; i < out.length; i++) {
            int o = 4 * i;
            int ov = overlay[i];
            int a = ov >>> 24;
            if (a == 0) {
                out[i] = (bgra[o + 2] & 0xff) << 16 | (bgra[o + 1] & 0xff) << 8 | bgra[o] & 0xff;
            } else if (a == 0xff) {
                out[i] = ov & 0xffffff;
            } else {
                int keep = 0xff - a;
                int r = (ov >> 16 & 0xff) + mul8(keep, bgra[o + 2] & 0xff);
                int g = (ov >> 8 & 0xff) + mul8(keep, bgra[o + 1] & 0xff);
                int b = (ov & 0xff) + mul8(keep, bgra[o] & 0xff);
                out[i] = r << 16 | g << 8 | b;
            }
        }
    }

    /** a x b / 255 as Java2D's blending tables round it. */
    static int mul8(int a, int b) {
        return (int) (((long) a * 0x010101 * b + (1 << 23)) >>> 24);
    }

    /**
     * The top label and score of each series on a frame it scored, {@code salsa 0.87}, by track (-1: a whole-frame
     * model), in the series' order; none for frames the model did not score.
     */
    static Map<Integer, String> labels(List<ScoreSeries> scores, int frame) {
        Map<Integer, String> out = new java.util.LinkedHashMap<>();
        for (ScoreSeries s : scores) {
            int i = java.util.Arrays.binarySearch(s.frames(), frame);
            if (i < 0) {
                continue;
            }
            float[] v = s.scores()[i];
            int best = 0;
            for (int k = 1; k < v.length; k++) {
                if (v[k] > v[best]) {
                    best = k;
                }
            }
            out.put(s.track(), String.format(Locale.ROOT, "%s %.2f", s.labels().get(best), v[best]));
        }
        return out;
    }

    /**
     * Burns the labels in: a whole-frame model's top left, a dancer's under its box (or its confident joints) in the
     * renderer's label font scaled with the picture, on a dark translucent panel; a dancer not in the frame gets none.
     */
    static void drawLabels(BufferedImage pic, Map<Integer, String> labels, List<Pose> poses) {
        java.awt.Graphics2D g = pic.createGraphics();
        try {
            g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            String whole = labels.get(-1);
            if (whole != null) {
                g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, Math.round(Math.max(14f, Math.min(40f, pic.getHeight() / 30f)))));
                java.awt.FontMetrics fm = g.getFontMetrics();
                int pad = fm.getHeight() / 4;
                panel(g, whole, pad, pad, fm);
            }
            g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, Math.round(Math.max(12f, Math.min(32f, pic.getHeight() / 45f)))));
            java.awt.FontMetrics fm = g.getFontMetrics();
            for (Pose p : poses) {
                String text = labels.get(p.trackId());
                if (text == null) {
                    continue;
                }
                float[] b = p.box() != null ? p.box() : p.keypointBox((float) OverlayScene.DEFAULT_MIN_CONFIDENCE);
                int h = fm.getHeight() + fm.getHeight() / 2;
                int x = Math.max(0, Math.min(pic.getWidth() - fm.stringWidth(text) - fm.getHeight() / 2, Math.round(b[0])));
                int y = Math.round(b[3]) + 2;
                if (y + h > pic.getHeight()) {
                    y = Math.max(0, Math.round(b[1]) - h - 2);
                }
                panel(g, text, x, y, fm);
            }
        } finally {
            g.dispose();
        }
    }

    /** One line of white text on a dark translucent panel whose top left is at (x, y). */
    private static void panel(java.awt.Graphics2D g, String text, int x, int y, java.awt.FontMetrics fm) {
        int pad = fm.getHeight() / 4;
        g.setColor(new java.awt.Color(0, 0, 0, 170));
        g.fillRect(x, y, fm.stringWidth(text) + 2 * pad, fm.getHeight() + 2 * pad);
        g.setColor(java.awt.Color.WHITE);
        g.drawString(text, x + pad, y + pad + fm.getAscent());
    }

    /** The player's default heat opacity. */
    static final double HEAT_OPACITY = 0.6;

    /**
     * The scene over one frame as the player builds it with its default settings (threshold, bone width, nobody
     * selected, no joint importance).
     */
    public static OverlayScene scene(int frameWidth, int frameHeight, List<Pose> poses, Set<OverlayScene.Layer> layers, HeatMapLayer heat, String poseModel) {
        return new OverlayScene(frameWidth, frameHeight, poses, layers, OverlayScene.DEFAULT_MIN_CONFIDENCE, OverlayScene.DEFAULT_BONE_WIDTH, -1, heat,
                null, poseModel);
    }

    private static DanceLensException writeFailed(Path out, Exception e) {
        String why = e.getMessage() == null ? "" : e.getMessage();
        String hint = why.contains("-28") || why.toLowerCase(Locale.ROOT).contains("no space") ? ": the disk is full"
                : why.contains("-13") || why.toLowerCase(Locale.ROOT).contains("permission") ? ": the folder is not writable" : " (" + why + ")";
        return DanceLensException.badInput("Could not write the clip " + out.getFileName() + hint + ".", e);
    }

    /** The source's audio between two video times, cut to the sample, handed to a recorder as the video goes. */
    static final class AudioFeed implements AutoCloseable {
        private final FFmpegFrameGrabber grabber;
        /** The range on the grabber's clock, microseconds. */
        private final long startMicros;
        private final long endMicros;
        /** Where video time 0 (the first frame) is on the grabber's clock, microseconds. */
        private final long videoZero;
        private boolean done;

        private AudioFeed(FFmpegFrameGrabber grabber, long videoZero, long startMicros, long endMicros) {
            this.grabber = grabber;
            this.videoZero = videoZero;
            this.startMicros = startMicros;
            this.endMicros = endMicros;
        }

        /** The audio of video times {@code [start, end)} seconds, or null when the file has no audio stream. */
        static AudioFeed open(Path video, double start, double end) throws FrameGrabber.Exception {
            FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile());
            boolean ok = false;
            try {
                g.start();
                if (g.getAudioChannels() <= 0) {
                    return null;
                }
                Frame first = g.grabImage();
                long zero = first == null ? 0 : first.timestamp;
                long s = zero + Math.round(start * 1e6);
                g.setAudioTimestamp(Math.max(0, s - 100_000)); // a little before: the cut is made to the sample below
                ok = true;
                return new AudioFeed(g, zero, s, zero + Math.round(end * 1e6));
            } finally {
                if (!ok) {
                    g.close();
                }
            }
        }

        int channels() {
            return grabber.getAudioChannels();
        }

        int sampleRate() {
            return grabber.getSampleRate();
        }

        /** Records the audio up to video time {@code t} seconds (to the range's end when {@code last}). */
        void recordUntil(FFmpegFrameRecorder rec, double t, boolean last) throws FrameGrabber.Exception, FrameRecorder.Exception {
            long until = last ? endMicros : Math.min(endMicros, videoZero + Math.round(t * 1e6));
            while (!done && pendingUntil < until) {
                Frame f = grabber.grabSamples();
                if (f == null) {
                    done = true;
                    return;
                }
                int rate = f.sampleRate > 0 ? f.sampleRate : sampleRate();
                int count = samples(f);
                long t0 = f.timestamp;
                long t1 = t0 + Math.round(count * 1e6 / rate);
                pendingUntil = t1;
                if (t1 <= startMicros) {
                    continue;
                }
                if (t0 >= endMicros) {
                    done = true;
                    return;
                }
                int skip = (int) Math.max(0, Math.round((startMicros - t0) * rate / 1e6));
                int keep = (int) Math.min(count, Math.round((endMicros - t0) * rate / 1e6));
                if (keep > skip) {
                    rec.recordSamples(rate, f.audioChannels, cut(f, skip, keep));
                }
                if (t1 >= endMicros) {
                    done = true;
                }
            }
        }

        private long pendingUntil = Long.MIN_VALUE;

        /** Samples per channel in an audio frame (planar: one buffer per channel; packed: channels interleaved in one). */
        private static int samples(Frame f) {
            Buffer b = f.samples[0];
            return f.samples.length > 1 ? b.limit() - b.position() : (b.limit() - b.position()) / Math.max(1, f.audioChannels);
        }

        /** Samples {@code [skip, keep)} of each channel, as views on the frame's buffers. */
        private static Buffer[] cut(Frame f, int skip, int keep) {
            int per = f.samples.length > 1 ? 1 : Math.max(1, f.audioChannels);
            List<Buffer> out = new ArrayList<>();
            for (Buffer b : f.samples) {
                Buffer d = b.duplicate();
                int base = b.position();
                d.limit(base + keep * per);
                d.position(base + skip * per);
                out.add(d.slice());
            }
            return out.toArray(new Buffer[0]);
        }

        @Override
        public void close() throws FrameGrabber.Exception {
            grabber.close();
        }
    }
}
