package org.dancelens.export;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.dancelens.analysis.ClassifyAnalysis;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.classify.Aggregation;
import org.dancelens.core.AtomicFiles;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.DancerNames;
import org.dancelens.core.ScoreSeries;
import org.dancelens.core.TaskContext;
import org.dancelens.render.TimelineStrip;
import org.jfree.svg.SVGGraphics2D;

/**
 * A classify run's timeline as a picture (PNG or SVG) or under a clip: the lanes the workbench shows for the
 * classifier (the top three labels by mean score of the dancer scored longest, or of the whole frame, and the segments
 * with 0.5 s smoothing and a label held at least 1 s), drawn by {@link TimelineStrip}.
 */
public final class TimelineExport {
    /** How many labels get a lane, at most (the workbench's). */
    public static final int TOP_K = 3;
    /** The picture's size unless one is asked. */
    public static final int DEFAULT_WIDTH = 1200;

    private TimelineExport() {
    }

    /** What was written. */
    public record Result(Path out, long classifyRun, String title, int from, int to, int width, int height) {
    }

    /**
     * Segments of a classification as the workbench shows them: scores smoothed over 0.5 s, a label held at least 1 s
     * (none for a one-label model).
     */
    public static List<Aggregation.Segment> segments(ScoreSeries s, double fps) {
        double rate = fps > 0 ? fps : 25;
        int smooth = Math.max(1, (int) Math.round(0.5 * rate) | 1);
        int min = Math.max(1, (int) Math.round(rate));
        return s.labels().size() > 1 ? Aggregation.segments(Aggregation.smooth(s, smooth), min) : List.of();
    }

    /**
     * The lanes of one series over a video of {@code frames} frames: the {@code topK} labels by mean score, each a
     * per-frame array (NaN where unscored), and the segments.
     */
    public static TimelineStrip.Lanes lanes(String title, ScoreSeries s, List<Aggregation.Segment> segments, int frames, int topK) {
        List<String> top = Aggregation.topK(s, topK).stream().map(Aggregation.Ranked::label).toList();
        float[][] values = new float[top.size()][frames];
        for (int k = 0; k < top.size(); k++) {
            Arrays.fill(values[k], Float.NaN);
            int c = s.labels().indexOf(top.get(k));
            for (int i = 0; i < s.size(); i++) {
                int f = s.frames()[i];
                if (f >= 0 && f < frames) {
                    values[k][f] = s.scores()[i][c];
                }
            }
        }
        List<int[]> segs = new ArrayList<>();
        for (Aggregation.Segment seg : segments) {
            segs.add(new int[] {seg.startFrame(), seg.endFrame(), s.labels().indexOf(seg.label())});
        }
        return new TimelineStrip.Lanes(title, top, values, s.labels(), segs);
    }

    /**
     * The lanes of a stored classify run as the workbench first shows them: the dancer scored longest (or the whole
     * frame), titled with the model and the dancer ({@code styles · movenet-multipose #3}).
     *
     * @param track the dancer to show (-1: the whole frame), or null for the one scored longest
     */
    public static TimelineStrip.Lanes lanes(ResultsStore store, Run run, int frames, double fps, Integer track) {
        List<ScoreSeries> series = store.scores().read(run.id());
        ScoreSeries s = (track == null ? series.stream().max(Comparator.comparingInt(ScoreSeries::size))
                : series.stream().filter(x -> x.track() == track).findFirst()).orElseThrow(() -> DanceLensException.badInput(
                        "Classify run " + run.id() + " (" + run.modelId() + ") holds no scores" + (track == null ? "" : " for dancer " + track) + "."));
        return lanes(store, run, s, frames, fps);
    }

    /** The lanes of one series of a stored classify run, titled with the model and the dancer. */
    public static TimelineStrip.Lanes lanes(ResultsStore store, Run run, ScoreSeries s, int frames, double fps) {
        Long poseRun = ClassifyAnalysis.poseRunOf(run);
        String poseModel = poseRun == null ? null : store.runs().find(poseRun).map(Run::modelId).orElse(null);
        String who = s.track() < 0 ? "whole frame" : DancerNames.dancer(poseModel, s.track());
        return lanes(run.modelId() + " · " + who, s, segments(s, fps), frames, Math.min(TOP_K, s.labels().size()));
    }

    /** The whole video's timeline of one series as an SVG document, {@link #DEFAULT_WIDTH} wide (for the data export). */
    public static String svg(TimelineStrip.Lanes lanes, int frames) {
        return svg(new TimelineStrip(lanes, 0, frames, DEFAULT_WIDTH, TimelineStrip.height(lanes.labels().size(), TimelineStrip.DEFAULT_LANE)), -1);
    }

    /**
     * The classify run to show: the one named (a classify run of this video), or the newest finished one still true
     * to its poses, as the workbench shows.
     *
     * @param what what needs it, starting a sentence: {@code The 'timeline' overlay}
     */
    public static Run classifyRun(ResultsStore store, Path video, Long id, String what) {
        String abs = video.toAbsolutePath().toString();
        String how = "make one with 'dancelens classify " + video.getFileName() + " --model MODEL'";
        if (store == null) {
            throw DanceLensException.badInput(what + " needs a finished classify run of " + video.getFileName() + ", and nothing is stored for it; "
                    + how + ".");
        }
        if (id != null) {
            Run run = store.runs().find(id).orElseThrow(() -> DanceLensException.badInput("The results store holds no run " + id + "."));
            if (run.kind() != RunKind.CLASSIFY || !run.videoPath().equals(abs)) {
                throw DanceLensException.badInput("Run " + id + " is not a classify run of " + video.getFileName() + ".");
            }
            return run;
        }
        return store.runs().list(abs, RunKind.CLASSIFY).stream().filter(Run::finished).filter(run -> !ClassifyAnalysis.isStale(store, run)).findFirst()
                .orElseThrow(() -> DanceLensException.badInput(what + " needs a finished classify run of " + video.getFileName()
                        + ", and there is none; " + how + "."));
    }

    /** The picture formats by file name: png or svg, one sentence otherwise. */
    static String format(Path out) {
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            return "png";
        }
        if (name.endsWith(".svg")) {
            return "svg";
        }
        throw DanceLensException.badInput("Cannot write " + out.getFileName() + ": a timeline picture is a .png or an .svg file.");
    }

    /** The strip as an SVG document (text as text, lines as paths). */
    public static String svg(TimelineStrip strip, int playhead) {
        SVGGraphics2D g = new SVGGraphics2D(strip.width(), strip.height());
        strip.draw(g, playhead);
        return g.getSVGDocument();
    }

    /** Writes the strip as PNG or SVG (by the file's extension), atomically. */
    public static void write(TimelineStrip strip, int playhead, Path out) {
        String fmt = format(out);
        Path dir = out.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw DanceLensException.badInput("Cannot write " + out.getFileName() + ": the folder " + dir + " does not exist.");
        }
        if (fmt.equals("svg")) {
            AtomicFiles.write(svg(strip, playhead).getBytes(StandardCharsets.UTF_8), out);
        } else {
            BufferedImage img = strip.picture(playhead);
            HeatMapExport.png(img, out);
        }
    }

    /**
     * Lanes already made (e.g. those on screen) as a picture: what a workbench command calls to save the timeline it
     * shows, with its visible range and playhead.
     *
     * @param to     frame after the last shown
     * @param height pixels, 0 for the workbench's default lane height
     * @throws DanceLensException (bad input, one sentence) for a file that is not .png or .svg, an empty range or a size
     *                            the lanes do not fit
     */
    public static Result write(TimelineStrip.Lanes lanes, long classifyRun, int from, int to, int width, int height, int playhead, Path out) {
        format(out);
        if (to <= from || from < 0) {
            throw DanceLensException.badInput("The frames " + from + " to " + (to - 1) + " are no range to draw.");
        }
        int w = width > 0 ? width : DEFAULT_WIDTH;
        int h = height > 0 ? height : TimelineStrip.height(lanes.labels().size(), TimelineStrip.DEFAULT_LANE);
        checkSize(lanes, w, h);
        write(new TimelineStrip(lanes, from, to, w, h), playhead, out);
        return new Result(out, classifyRun, lanes.title(), from, to, w, h);
    }

    private static void checkSize(TimelineStrip.Lanes lanes, int w, int h) {
        int n = lanes.labels().size();
        if (w <= TimelineStrip.LABEL_W + 10 || w > 16384 || h < TimelineStrip.TITLE + TimelineStrip.ROW + 8 * n || h > 16384) {
            throw DanceLensException.badInput(String.format(Locale.ROOT, "A timeline of %d lane%s needs a size from %dx%d to 16384x16384, not %dx%d.",
                    n, n == 1 ? "" : "s", TimelineStrip.LABEL_W + 11, TimelineStrip.TITLE + TimelineStrip.ROW + 8 * n, w, h));
        }
    }

    /**
     * The timeline of a stored classify run as a picture: what {@code dancelens export timeline} and the workbench's
     * "Save timeline as picture" write.
     *
     * @param video      the video
     * @param frameCount its frame count
     * @param fps        its frame rate (for the segments' smoothing)
     * @param run        the classify run, or null for the newest finished one still true to its poses
     * @param track      the dancer whose scores are shown (-1: the whole frame), or null for the one scored longest
     * @param from       first frame shown
     * @param to         frame after the last shown, -1 for the end of the video
     * @param width      pixels, 0 for {@link #DEFAULT_WIDTH}
     * @param height     pixels, 0 for the workbench's lane height
     * @param playhead   frame of the playhead, -1 for none
     * @param out        a .png or .svg file
     */
    public static Result write(ResultsStore store, Path video, int frameCount, double fps, Long run, Integer track, int from, int to, int width,
                               int height, int playhead, Path out, TaskContext ctx) {
        format(out);
        int end = to < 0 ? frameCount : to;
        if (from < 0 || end > frameCount || end <= from) {
            throw DanceLensException.badInput("The range " + from + ":" + (to < 0 ? "" : to) + " is not inside " + video.getFileName()
                    + ", which has frames 0 to " + (frameCount - 1) + ".");
        }
        ctx.progress(0, "reading the scores");
        Run r = classifyRun(store, video, run, "The timeline picture");
        TimelineStrip.Lanes lanes = lanes(store, r, frameCount, fps, track);
        int w = width > 0 ? width : DEFAULT_WIDTH;
        int h = height > 0 ? height : TimelineStrip.height(lanes.labels().size(), TimelineStrip.DEFAULT_LANE);
        checkSize(lanes, w, h);
        ctx.checkCancelled();
        TimelineStrip strip = new TimelineStrip(lanes, from, end, w, h);
        write(strip, playhead, out);
        ctx.progress(1, "done");
        return new Result(out, r.id(), lanes.title(), from, end, w, h);
    }
}
