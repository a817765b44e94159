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
import java.util.function.Predicate;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;
import org.dancelens.analysis.ClassifyAnalysis;
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
import org.dancelens.render.LaneLayout;
import org.dancelens.render.OverlayRenderer;
import org.dancelens.render.OverlayScene;
import org.dancelens.render.Palette;
import org.dancelens.render.SceneBuilder;
import org.dancelens.render.SceneStyle;
import org.dancelens.render.TimelineStrip;
import org.dancelens.render.Viewport;
import org.dancelens.video.DecodeAhead;
import org.dancelens.video.VideoSource;
import org.dancelens.video.YuvFrame;

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
        LABELS,
        /**
         * A strip under the video with the classify run's confidence lanes over the clip's range and a playhead at
         * each frame, as the workbench's timeline shows them ({@link TimelineStrip}); the clip grows by its height.
         */
        TIMELINE;

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
                    case "timeline" -> out.add(TIMELINE);
                    default -> throw DanceLensException.badInput("There is no overlay called '" + k
                            + "'; choose from skeleton, boxes, ids, mask, joints, heat, labels and timeline.");
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
     * @param style     how the overlays look: the player's settings (threshold, bone width, hidden dancers, smoothed or raw
     *                  keypoints, heat-map look); {@link SceneStyle#PLAYER_DEFAULTS} unless set
     */
    public record Request(Path video, Path out, int from, int to, Set<Overlay> overlays, Long poseRun, Long explainRun, Long classifyRun, int width,
                          int height, double scale, Encoding encoding, SceneStyle style) {
        public Request {
            overlays = Set.copyOf(overlays);
            java.util.Objects.requireNonNull(style, "style");
        }

        public static Request of(Path video, Path out) {
            return new Request(video, out, 0, -1, EnumSet.of(Overlay.SKELETON, Overlay.BOXES), null, null, null, 0, 0, 1, Encoding.DEFAULT,
                    SceneStyle.PLAYER_DEFAULTS);
        }

        /** The overlays drawn as the player draws them with these settings. */
        public Request style(SceneStyle st) {
            return new Request(video, out, from, to, overlays, poseRun, explainRun, classifyRun, width, height, scale, encoding, st);
        }

        public Request range(int f, int t) {
            return new Request(video, out, f, t, overlays, poseRun, explainRun, classifyRun, width, height, scale, encoding, style);
        }

        public Request overlays(Set<Overlay> o) {
            return new Request(video, out, from, to, o, poseRun, explainRun, classifyRun, width, height, scale, encoding, style);
        }

        public Request runs(Long pose, Long explain) {
            return new Request(video, out, from, to, overlays, pose, explain, classifyRun, width, height, scale, encoding, style);
        }

        /** The classify run {@link Overlay#LABELS} and {@link Overlay#TIMELINE} draw (null: the newest finished one still true to its poses). */
        public Request classifyRun(Long id) {
            return new Request(video, out, from, to, overlays, poseRun, explainRun, id, width, height, scale, encoding, style);
        }

        public Request size(int w, int h) {
            return new Request(video, out, from, to, overlays, poseRun, explainRun, classifyRun, w, h, 1, encoding, style);
        }

        public Request scaled(double s) {
            return new Request(video, out, from, to, overlays, poseRun, explainRun, classifyRun, 0, 0, s, encoding, style);
        }

        public Request quality(int q) {
            return new Request(video, out, from, to, overlays, poseRun, explainRun, classifyRun, width, height, scale, encoding.quality(q), style);
        }

        /** The quantiser held on every frame ({@link Encoding#quality}). */
        public int quality() {
            return encoding.quality();
        }

        /** A target bitrate in bits/s instead of a held quantiser ({@link Encoding#bitrate}). */
        public Request bitrate(long bitsPerSecond) {
            return new Request(video, out, from, to, overlays, poseRun, explainRun, classifyRun, width, height, scale, encoding.bitrate(bitsPerSecond), style);
        }

        /** Another FFmpeg video encoder than {@link #VIDEO_ENCODER}, for {@code bench export} ({@link Encoding#encoder}). */
        public Request encoder(String name) {
            return new Request(video, out, from, to, overlays, poseRun, explainRun, classifyRun, width, height, scale, encoding.encoder(name), style);
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
        check(out, r.encoding());
        r.style().checked();
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
            TimelineStrip strip = null;
            if (r.overlays().contains(Overlay.TIMELINE)) {
                classifyRun = TimelineExport.classifyRun(store, r.video(), r.classifyRun(), "The 'timeline' overlay");
                if (size[0] < MIN_TIMELINE_WIDTH) {
                    throw DanceLensException.badInput("The 'timeline' overlay needs a clip at least " + MIN_TIMELINE_WIDTH + " pixels wide, not "
                            + size[0] + "; choose a larger --size or --scale, or leave 'timeline' out.");
                }
                TimelineStrip.Lanes lanes = TimelineExport.lanes(store, classifyRun, n, src.info().fps(), null);
                strip = new TimelineStrip(lanes, from, to, size[0], stripHeight(lanes.labels().size(), size[1]));
            }
            if (r.overlays().contains(Overlay.LABELS)) {
                if (classifyRun == null) {
                    classifyRun = TimelineExport.classifyRun(store, r.video(), r.classifyRun(), "The 'labels' overlay");
                }
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
            Overlay named = java.util.Arrays.stream(Overlay.values()).filter(o -> o != Overlay.HEAT && o != Overlay.LABELS && o != Overlay.TIMELINE && r.overlays().contains(o))
                    .findFirst().orElse(null);
            if (named != null) {
                poseRun = chooseRun(store, abs, RunKind.POSE, poseRunId, named, r.video(), "dancelens analyze " + r.video().getFileName() + " --pose MODEL");
                covers(poseRun, from, to, "analyze");
                // the keypoints the style shows (smoothed or raw), without the dancers it hides (nor their labels)
                poses = r.style().shownByFrame(store.poses().read(poseRun.id(), from, to, r.style().smoothed()));
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
            Set<OverlayScene.Layer> layers = SceneBuilder.layers(r.overlays().contains(Overlay.SKELETON), r.overlays().contains(Overlay.BOXES),
                    r.overlays().contains(Overlay.MASK), r.overlays().contains(Overlay.IDS), r.overlays().contains(Overlay.JOINTS));
            // dancers are named by the pose model of the run drawn, or of the run the labels' classifier read
            String poseModel = poseRun != null ? poseRun.modelId()
                    : poseRunId == null ? null : store.runs().find(poseRunId).map(Run::modelId).orElse(null);
            Writer w = new Writer(src, from, to, size[0], size[1], poses, layers, poseModel, maps, es, scores, strip, r.encoding(), r.style(), ctx);
            AtomicFiles.writeVia(out, tmp -> w.write(tmp, out));
            return new Result(w.frames, w.undecodable, size[0], w.height(), w.audio, poseRun == null ? null : poseRun.id(),
                    explainRun == null ? null : explainRun.id(), classifyRun == null ? null : classifyRun.id(), (System.nanoTime() - t0) / 1e9, w.drawNanos / 1e9);
        }
    }

    /** Refuses, with one sentence, a clip that cannot be written there or an encoding out of bounds. */
    static void check(Path out, Encoding encoding) {
        Path dir = out.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw DanceLensException.badInput("Cannot write " + out.getFileName() + ": the folder " + dir + " does not exist.");
        }
        if (!Files.isWritable(dir)) {
            throw DanceLensException.badInput("Cannot write " + out.getFileName() + ": the folder " + dir + " is not writable.");
        }
        if (encoding.quality() < 1 || encoding.quality() > 51) {
            throw DanceLensException.badInput("The quality must be between 1 (best) and 51, not " + encoding.quality() + ".");
        }
        if (encoding.bitrate() != 0 && (encoding.bitrate() < MIN_BITRATE || encoding.bitrate() > MAX_BITRATE)) {
            throw DanceLensException.badInput("The bitrate must be between 100k and 500M bits a second, not " + encoding.bitrate() + ".");
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

    /** The narrowest clip a timeline strip is drawn under: the lane names and a plot of some width. */
    static final int MIN_TIMELINE_WIDTH = TimelineStrip.LABEL_W + 96;

    /**
     * The timeline strip's height under a video {@code videoHeight} pixels high: lanes a twelfth of the video's height,
     * within 16 and the workbench's 36 pixels (an even number, as the clip's height must be).
     */
    static int stripHeight(int lanes, int videoHeight) {
        return TimelineStrip.height(lanes, Math.max(LaneLayout.MIN_LANE, Math.min(TimelineStrip.DEFAULT_LANE, Math.floor(videoHeight / 12.0))));
    }

    /** Refuses a range the run does not cover: frames without results would show nothing, as if nobody were there. */
    private static void covers(Run run, int from, int to, String command) {
        if (from < run.spec().fromFrame() || to > run.spec().toFrame() || !run.finished()) {
            throw DanceLensException.badInput("Pose run " + run.id() + " covers frames " + run.spec().fromFrame() + " to " + (run.spec().toFrame() - 1)
                    + (run.finished() ? "" : " and is not finished") + ", not all of " + from + " to " + (to - 1) + "; choose a range inside it or run '"
                    + command + "' over the range.");
        }
    }

    /**
     * Writes a clip into {@code tmp} by {@code encode}; a variable-rate clip is encoded beside it first and then copied
     * packet for packet with its last frame lasting {@code lastTicks} ticks of {@code rate} (both asked after encoding):
     * the encoder leaves a frame's duration to the muxer, which makes it one tick of the time base, a frame at a constant
     * rate but 1/90000 s at a variable one.
     */
    static void keepingLastFrame(boolean variableRate, Path tmp, Path out, java.util.function.Consumer<Path> encode, java.util.function.DoubleSupplier rate,
            java.util.function.LongSupplier lastTicks) {
        if (!variableRate) {
            encode.accept(tmp);
            return;
        }
        Path enc = tmp.resolveSibling(tmp.getFileName().toString().replaceFirst("\\.mp4$", "") + ".enc.mp4");
        try {
            encode.accept(enc);
            lastFrameLasts(enc, tmp, out, rate.getAsDouble(), lastTicks.getAsLong());
        } finally {
            try {
                Files.deleteIfExists(enc);
            } catch (java.io.IOException e) {
                // the folder went away: nothing is left to clean
            }
        }
    }

    /**
     * The clip's time base in ticks a second: a constant-rate source keeps its frame rate (one tick a frame, so the last
     * frame lasts a frame); a variable-rate one gets 1/90000 s ticks, which hold its times (its last frame is given its
     * duration after, by {@link #lastFrameLasts}). A "constant" rate is the shortest gap between two frames of the range:
     * a container that rounds times (Matroska's milliseconds: 33, 33 and 34 ms at 30 fps) would otherwise put two frames
     * on one tick when the range starts on a longer gap, and the muxer refuses a frame that does not move on.
     */
    static double timeBase(boolean variableFrameRate, org.dancelens.video.FrameIndex index, int from, int to) {
        if (variableFrameRate) {
            return TIME_BASE;
        }
        double shortest = index.frameDurationSeconds(from);
        for (int i = from + 1; i < to - 1; i++) {
            shortest = Math.min(shortest, index.frameDurationSeconds(i));
        }
        return 1 / shortest;
    }

    /**
     * A frame's time in ticks of {@code rate} from {@code start}, and at least one tick after the frame before (the
     * muxer refuses two frames on one tick; with {@link #timeBase} this is a guard against the last bit of rounding).
     */
    static long ticks(double timeSeconds, double start, double rate, long lastPts) {
        return Math.max(Math.round((timeSeconds - start) * rate), lastPts + 1);
    }

    /**
     * Starts a recorder with the clip's settings: MP4 with {@code +faststart}, the encoding's codec and rate control in
     * yuv420p, {@code rate} ticks a second, a key frame every two seconds, and AAC audio from {@code feed} (null: none).
     */
    static void start(FFmpegFrameRecorder rec, double rate, double fps, Encoding encoding, AudioFeed feed) throws FrameRecorder.Exception {
        rec.setFormat("mp4");
        rec.setVideoCodecName(encoding.encoder());
        rec.setPixelFormat(AV_PIX_FMT_YUV420P);
        rec.setFrameRate(rate);
        rec.setGopSize(Math.max(1, (int) Math.round(2 * (fps > 0 ? fps : 30))));
        rateControl(rec, encoding);
        rec.setOption("movflags", "+faststart");
        if (feed != null) {
            rec.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
            rec.setSampleRate(feed.sampleRate());
            rec.setAudioChannels(feed.channels());
            rec.setAudioBitrate(192_000);
        }
        rec.start();
    }

    /**
     * What the encode stage does with each picture: records it at its time stamp (B, G, R, x or yuv420p planes) and the
     * audio up to its time.
     */
    static EncodeStage.Encoder encoder(FFmpegFrameRecorder rec, AudioFeed feed) {
        return p -> {
            rec.setFrameNumber((int) p.pts());
            if (p.yuv()) {
                rec.recordImage(p.width(), p.height(), Frame.DEPTH_UBYTE, 1, p.width(), AV_PIX_FMT_YUV420P, p.pixels());
            } else {
                rec.recordImage(p.width(), p.height(), Frame.DEPTH_UBYTE, 4, p.width() * 4, AV_PIX_FMT_BGR0, p.pixels());
            }
            if (feed != null) {
                feed.recordUntil(rec, p.timeSeconds(), false);
            }
        };
    }

    /**
     * Copies {@code enc} into {@code tmp} packet for packet, the last video packet lasting {@code lastTicks} ticks of
     * {@code rate} (to the range's end).
     */
    static void lastFrameLasts(Path enc, Path tmp, Path out, double rate, long lastTicks) {
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
                        long ticks = Math.max(1, lastTicks);
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

    /** The encoder's rate control: a target bitrate, or one quantiser on every frame. */
    static void rateControl(FFmpegFrameRecorder rec, Encoding e) {
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
        /** How the overlays look. */
        private final SceneStyle style;
        /** The timeline under the video, or null. */
        private final TimelineStrip strip;
        private final TaskContext ctx;
        int frames;
        int undecodable;
        boolean audio;
        long drawNanos;

        Writer(VideoSource src, int from, int to, int width, int height, Map<Integer, List<Pose>> poses, Set<OverlayScene.Layer> layers, String poseModel,
               Map<Integer, Maps.MapFrame> maps, ExplainSettings explain, List<ScoreSeries> scores, TimelineStrip strip, Encoding encoding, SceneStyle style,
               TaskContext ctx) {
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
            this.style = style;
            this.strip = strip;
            this.ctx = ctx;
        }

        /** The clip into {@code tmp} ({@link #keepingLastFrame}). */
        void write(Path tmp, Path out) {
            keepingLastFrame(src.info().variableFrameRate(), tmp, out, file -> encode(file, out), () -> rate, () -> endPts - lastPts);
        }

        /** The clip's time base in ticks a second, its last frame's time and the range's end, in ticks. */
        private double rate;
        private long lastPts = -1;
        private long endPts;

        private void encode(Path tmp, Path out) {
            double start = src.index().timeOf(from);
            double end = to < src.frameCount() ? src.index().timeOf(to) : src.info().durationSeconds();
            try (AudioFeed feed = src.info().hasAudio() ? AudioFeed.open(src.info().path(), start, end) : null;
                 FFmpegFrameRecorder rec = new FFmpegFrameRecorder(tmp.toFile(), width, height(), feed == null ? 0 : feed.channels())) {
                rate = timeBase(src.info().variableFrameRate(), src.index(), from, to);
                endPts = Math.round((end - start) * rate);
                start(rec, rate, src.info().fps(), encoding, feed);
                audio = feed != null;
                FramePainter painter = new FramePainter();
                int total = to - from;
                // drawing here, encoding on a thread of its own (the recorder and the audio are used there alone until it ends)
                try (EncodeStage stage = new EncodeStage(ENCODE_AHEAD, encoder(rec, feed), ctx)) {
                    VideoSource.FrameSink sink = f -> deliver(f.index(), f.timeSeconds(), start, total, out, pts -> {
                        ByteBuffer buffer = stage.buffer(pictureBytes(f));
                        long d0 = System.nanoTime();
                        ByteBuffer pixels = draw(f, painter, buffer);
                        drawNanos += System.nanoTime() - d0;
                        int[] size = pictureSize(f);
                        stage.submit(new EncodeStage.Picture(pixels, size[0], size[1], f.timeSeconds(), pts));
                    });
                    // without a timeline, frames come as the decoder's planes and go to the encoder as planes: only the
                    // overlay's rectangle is converted to RGB and back; a frame with labels takes the BGRA way
                    Predicate<YuvFrame> planes = strip != null ? null : y -> {
                        Map<Integer, String> labels = labels(scores, y.index());
                        if (!labels.isEmpty()) {
                            return sink.accept(painter.toFrame(y));
                        }
                        return deliver(y.index(), y.timeSeconds(), start, total, out, pts -> {
                            ByteBuffer buffer = stage.buffer(y.sizeBytes());
                            long d0 = System.nanoTime();
                            OverlayScene scene = scene(y.width(), y.height(), poses.getOrDefault(y.index(), List.of()), layers, maps.get(y.index()), explain,
                                    style, poseModel);
                            ByteBuffer pixels = painter.paintYuv(y, scene, buffer);
                            drawNanos += System.nanoTime() - d0;
                            stage.submit(new EncodeStage.Picture(pixels, y.width(), y.height(), y.timeSeconds(), pts, true));
                        });
                    };
                    try {
                        readAhead(sink, planes, out);
                    } finally {
                        painter.close();
                    }
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

        /** A frame drawn and handed to the encoder with its time stamp. */
        @FunctionalInterface
        private interface DrawStep {
            void run(long pts) throws Exception;
        }

        /** Draws and hands over a frame, then counts it and tells the progress: false when the job is cancelled. */
        private boolean deliver(int index, double timeSeconds, double start, int total, Path out, DrawStep step) {
            long pts = ticks(timeSeconds, start, rate, lastPts);
            handOver(out, () -> step.run(pts));
            frames++;
            lastPts = pts;
            if (frames % 10 == 0 || frames == total) {
                ctx.progress(0.05 + 0.95 * (index + 1 - from) / total, "frame " + (index + 1 - from) + " / " + total);
            }
            return !ctx.isCancelled();
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
        private void readAhead(VideoSource.FrameSink sink, Predicate<YuvFrame> planes, Path out) {
            try (DecodeAhead ahead = planes == null ? DecodeAhead.start(src, from, to, READ_AHEAD, ctx)
                    : DecodeAhead.startPlanes(src, from, to, READ_AHEAD, ctx)) {
                while (!ctx.isCancelled()) {
                    DecodeAhead.Item item = ahead.next(100, TimeUnit.MILLISECONDS);
                    if (item instanceof DecodeAhead.Frame fr) {
                        if (!sink.accept(fr.frame())) {
                            return;
                        }
                    } else if (item instanceof DecodeAhead.Planes p) {
                        if (!planes.test(p.frame())) {
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

        /** The clip's height: the video's and the timeline strip's. */
        int height() {
            return height + (strip == null ? 0 : strip.height());
        }

        /** With a timeline: its lanes drawn once, and the clip's picture (video over strip), reused from frame to frame. */
        private BufferedImage stripLanes;
        private BufferedImage stacked;

        /**
         * The frame with the scene the player shows for it laid over (and the timeline strip under it, when there is one),
         * as the encoder takes it (B, G, R, x), drawn into {@code into} (a buffer of the encode stage's, not encoded
         * meanwhile, of at least {@link #pictureBytes} bytes).
         */
        private ByteBuffer draw(VideoFrame f, FramePainter painter, ByteBuffer into) {
            OverlayScene scene = scene(f.width(), f.height(), poses.getOrDefault(f.index(), List.of()), layers, maps.get(f.index()), explain, style, poseModel);
            Map<Integer, String> labels = labels(scores, f.index());
            if (strip == null) {
                return painter.paint(f, scene, labels.isEmpty() ? null : pic -> drawLabels(pic, labels, poses.getOrDefault(f.index(), List.of())),
                        into);
            }
            // with a timeline: the whole frame composited, then stacked over the strip
            BufferedImage[] framePic = new BufferedImage[1];
            painter.paint(f, scene, pic -> {
                if (!labels.isEmpty()) {
                    drawLabels(pic, labels, poses.getOrDefault(f.index(), List.of()));
                }
                framePic[0] = pic;
            }, into);
            if (stripLanes == null) {
                stripLanes = new BufferedImage(strip.width(), strip.height(), BufferedImage.TYPE_INT_RGB);
                java.awt.Graphics2D g = stripLanes.createGraphics();
                try {
                    strip.drawLanes(g);
                } finally {
                    g.dispose();
                }
                stacked = new BufferedImage(width, height(), BufferedImage.TYPE_INT_RGB);
            }
            stack(framePic[0], stripLanes, strip, f.index(), stacked);
            into.clear();
            // 0x00RRGGBB little-endian: the bytes B, G, R, 0
            into.order(java.nio.ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(((java.awt.image.DataBufferInt) stacked.getRaster().getDataBuffer()).getData());
            return into;
        }

        /** The picture the encoder gets for a frame: the frame, or with a timeline the clip's width over the video and strip. */
        private int[] pictureSize(VideoFrame f) {
            return strip == null ? new int[] {f.width(), f.height()} : new int[] {width, height()};
        }

        /** Bytes of the buffer {@link #draw} draws a frame into. */
        private int pictureBytes(VideoFrame f) {
            int[] s = pictureSize(f);
            return 4 * Math.max(f.width() * f.height(), s[0] * s[1]);
        }
    }

    /**
     * The clip's picture with a timeline: the video picture (scaled to the clip's width when it differs, bilinear) over
     * the strip's lanes (drawn once, by {@link TimelineStrip#drawLanes}) with the playhead at {@code frame}: the
     * strip's pixels are those {@link TimelineStrip#picture} draws for the frame.
     */
    static void stack(BufferedImage video, BufferedImage lanes, TimelineStrip strip, int frame, BufferedImage out) {
        int vh = out.getHeight() - lanes.getHeight();
        java.awt.Graphics2D g = out.createGraphics();
        try {
            if (video.getWidth() == out.getWidth() && video.getHeight() == vh) {
                g.drawImage(video, 0, 0, null);
            } else {
                g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.drawImage(video, 0, 0, out.getWidth(), vh, null);
            }
            g.drawImage(lanes, 0, vh, null);
            g.translate(0, vh);
            strip.drawPlayhead(g, frame);
        } finally {
            g.dispose();
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

    /**
     * The scene over one frame as the player builds it with its default settings ({@link SceneBuilder#defaults}: the
     * one rule the player, the frame pictures and the clips share).
     */
    public static OverlayScene scene(int frameWidth, int frameHeight, List<Pose> poses, Set<OverlayScene.Layer> layers, HeatMapLayer heat, String poseModel) {
        return SceneBuilder.defaults(frameWidth, frameHeight, poses, layers, heat, poseModel);
    }

    /**
     * The scene over one frame of a clip as the player builds it with the settings of {@code style}
     * ({@link SceneBuilder#styled}): the one call the clip's frames are drawn from.
     *
     * @param poses   the frame's dancers (from the keypoints the style shows; hidden ones are left out here too)
     * @param map     the frame's stored map, or null
     * @param explain the settings of the explain run the map belongs to (null without a map)
     */
    public static OverlayScene scene(int frameWidth, int frameHeight, List<Pose> poses, Set<OverlayScene.Layer> layers, Maps.MapFrame map,
                                     ExplainSettings explain, SceneStyle style, String poseModel) {
        HeatMapLayer heat = map == null ? null : FrameExport.heatOf(map, explain, style.colorMap(), style.heatOpacity());
        return SceneBuilder.styled(frameWidth, frameHeight, poses, layers, style, heat, poseModel);
    }

    static DanceLensException writeFailed(Path out, Exception e) {
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
