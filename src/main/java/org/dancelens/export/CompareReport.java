package org.dancelens.export;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.dancelens.analysis.DancerAlignment;
import org.dancelens.analysis.RunComparison;
import org.dancelens.analysis.store.Run;
import org.dancelens.compare.ClassifierComparison;
import org.dancelens.compare.JointDistances;
import org.dancelens.compare.MapComparison;
import org.dancelens.compare.PoseAlignment;
import org.dancelens.compare.PoseComparison;
import org.dancelens.render.JointHeatStrip;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The self-contained HTML report of a comparison ({@value #REPORT}): the summary as a table and the timelines as PNG line
 * charts (JFreeChart) embedded as base64, so the one file can be mailed or archived. Runs: OKS per frame and matched
 * pair (pose), Jensen–Shannon divergence per frame with the disagreement segments shaded (classify), IoU and Spearman per
 * frame (explain), and for poses the per-joint distance as heat strips ({@link JointHeatStrip}). A dancer against a reference: the warping path, the lag and the step cost over A's frames with the
 * ranked moments marked, the deviation per joint and frame as a heat strip, and the mean deviation per joint.
 */
public final class CompareReport {
    public static final String REPORT = "report.html";
    private static final int W = 900;
    private static final int H = 280;
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    private CompareReport() {
    }

    // ---- two runs of one video ----

    static String runs(RunComparison.Outcome o) {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("Video", Path.of(o.a().videoPath()).getFileName().toString());
        rows.put("Kind", o.kind().key());
        rows.put("Run A (reference)", describe(o.a()));
        rows.put("Run B", describe(o.b()));
        List<String[]> charts = new ArrayList<>();
        if (o instanceof RunComparison.PoseOutcome p) {
            PoseComparison.Summary s = p.result().summary();
            rows.put("Frames compared", Integer.toString(s.framesCompared()));
            rows.put("Matched pairs", Integer.toString(s.pairs()));
            rows.put("Mean OKS", fmt(s.meanOks()));
            rows.put("PCK@0.05 / @0.1", fmt(s.pck05()) + " / " + fmt(s.pck10()));
            rows.put("Frames with a missed dancer", s.framesWithMissed() + " (" + s.missedByB() + " seen by A only, " + s.missedByA() + " by B only)");
            Map<String, XYSeries> series = new LinkedHashMap<>();
            for (PoseComparison.IdentityPair i : p.result().identities()) {
                if (i.dominant() && series.size() < COLORS.length) {
                    series.put(i.trackA() + ":" + i.trackB(), new XYSeries("A " + i.trackA() + " / B " + i.trackB(), true, false));
                }
            }
            for (PoseComparison.Pair x : p.result().pairs()) {
                XYSeries ser = series.get(x.trackA() + ":" + x.trackB());
                if (ser != null && Double.isFinite(x.oks())) {
                    ser.add(x.frame(), x.oks());
                }
            }
            charts.add(new String[] {"OKS between the runs per frame and matched dancer pair (A's dancer / B's)",
                png(lines("OKS per frame", "frame", "OKS", series.values(), 0, 1, List.of(), List.of()))});
            String[] heat = jointHeat(p.result());
            if (heat != null) {
                charts.add(heat);
            }
        } else if (o instanceof RunComparison.ClassifyOutcome c) {
            ClassifierComparison.Summary s = c.result().summary();
            rows.put("Frames compared", Integer.toString(s.frames()));
            rows.put("Top label agrees", s.agreeing() + " (" + fmt(s.agreement()) + ")");
            rows.put("Cohen's kappa", fmt(s.kappa()));
            rows.put("Mean JS divergence (bits)", fmt(s.meanJs()));
            rows.put("Disagreement segments", Integer.toString(s.segments()));
            Map<String, XYSeries> series = new LinkedHashMap<>();
            for (ClassifierComparison.Frame f : c.result().frames()) {
                String key = f.trackA() + ":" + f.trackB();
                if (!series.containsKey(key) && series.size() >= COLORS.length) {
                    continue;
                }
                XYSeries ser = series.computeIfAbsent(key, k -> new XYSeries(f.trackA() < 0 ? "JS divergence" : "A " + f.trackA() + " / B " + f.trackB(),
                        true, false));
                if (Double.isFinite(f.js())) {
                    ser.add(f.frame(), f.js());
                }
            }
            List<double[]> shaded = c.result().segments().stream().map(x -> new double[] {x.startFrame() - 0.5, x.endFrame() + 0.5}).toList();
            charts.add(new String[] {"Jensen–Shannon divergence of the two score vectors per frame; shaded: frames whose top labels differ",
                png(lines("JS divergence per frame", "frame", "bits", series.values(), 0, 1, shaded, List.of()))});
        } else if (o instanceof RunComparison.ExplainOutcome e) {
            MapComparison.Summary s = e.result().summary();
            rows.put("Frames compared", Integer.toString(s.frames()));
            rows.put("Mean IoU of the strongest 20%", fmt(s.meanIou()));
            rows.put("Mean Spearman", fmt(s.meanSpearman()));
            XYSeries iou = new XYSeries("IoU of the strongest 20%", true, false);
            XYSeries rho = new XYSeries("Spearman", true, false);
            for (MapComparison.Frame f : e.result().frames()) {
                if (Double.isFinite(f.iou())) {
                    iou.add(f.frame(), f.iou());
                }
                if (Double.isFinite(f.spearman())) {
                    rho.add(f.frame(), f.spearman());
                }
            }
            charts.add(new String[] {"Agreement of the two explanation maps per frame",
                png(lines("Map agreement per frame", "frame", "", List.of(iou, rho), -1, 1, List.of(), List.of()))});
        }
        return page("Comparison of runs " + o.a().id() + " and " + o.b().id(), rows, charts, "");
    }

    // ---- a dancer against a reference ----

    static String dancers(DancerAlignment.Outcome o) {
        PoseAlignment.Result r = o.result();
        PoseAlignment.Summary s = r.summary();
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("A (reference)", side(o.a()));
        rows.put("B", side(o.b()));
        rows.put("Method", s.method() == PoseAlignment.Method.DTW ? "dynamic time warping" + (Double.isNaN(r.settings().window()) ? ", no window"
                : ", window " + fmt(r.settings().window()) + " of the longer sequence") : "frame by frame after the sync points");
        rows.put("Keypoints", (o.smoothed() ? "smoothed" : "raw") + (r.settings().mirrorB() ? ", B mirrored" : ""));
        rows.put("Frames used (dancer and torso seen)", "A " + s.usedA() + " of " + s.framesA() + ", B " + s.usedB() + " of " + s.framesB());
        rows.put("Aligned steps", s.steps() + (s.notComparable() > 0 ? " (" + s.notComparable() + " with too few shared joints)" : ""));
        rows.put("Normalised cost (torso lengths)", fmt(s.normalisedCost()));
        rows.put("Mean step cost (torso lengths)", fmt(s.meanStepCost()));
        rows.put("Lag of B, s (mean, min, max; + behind)", fmt(s.meanLagS()) + ", " + fmt(s.minLagS()) + ", " + fmt(s.maxLagS()));
        XYSeries path = new XYSeries("warping path", false, true);
        XYSeries lag = new XYSeries("lag of B (s)", true, true);
        XYSeries cost = new XYSeries("step cost", true, true);
        for (PoseAlignment.Step st : r.steps()) {
            path.add(st.aFrame(), st.bFrame());
            lag.add(st.aFrame(), st.lagS());
            cost.add(st.aFrame(), st.cost());
        }
        XYSeries diagonal = new XYSeries("same time after the sync points", false, true);
        PoseAlignment.Step first = r.steps().get(0);
        PoseAlignment.Step last = r.steps().get(r.steps().size() - 1);
        diagonal.add(o.a().fromFrame(), o.b().fromFrame());
        diagonal.add(last.aFrame(), o.b().fromFrame() + (last.aFrame() - o.a().fromFrame()));
        List<String[]> charts = new ArrayList<>();
        if (s.method() == PoseAlignment.Method.DTW) {
            charts.add(new String[] {"Warping path: which frame of B goes with which frame of A (above the grey line B is behind)",
                png(lines("Warping path", "frame of A", "frame of B", List.of(path, diagonal), Double.NaN, Double.NaN, List.of(), List.of()))});
        }
        charts.add(new String[] {"Lag of B behind A (seconds; negative: ahead) over A's frames",
            png(lines("Lag", "frame of A", "seconds", List.of(lag), Double.NaN, Double.NaN, List.of(), List.of()))});
        List<Double> marks = r.moments().stream().map(m -> (double) m.step().aFrame()).toList();
        charts.add(new String[] {"Difference after alignment (mean joint distance, torso lengths) over A's frames; lines: the ranked moments",
            png(lines("Pose difference", "frame of A", "torso lengths", List.of(cost), 0, Double.NaN, List.of(), marks))});
        charts.add(new String[] {"Deviation per joint after alignment over A's frames (torso lengths, white 0 to red 1 or more; grey: the joint missing on either side)",
            pngSized(jointHeat(r), W, 120 + 16 * r.joints().size())});
        StringBuilder extra = new StringBuilder();
        extra.append("<h2>Moments of largest difference</h2>\n<table>\n<tr><th>rank</th><th>frame of A</th><th>time of A (s)</th><th>frame of B</th>")
                .append("<th>lag (s)</th><th>difference</th><th>joint differing most</th><th>its distance</th></tr>\n");
        for (PoseAlignment.Moment m : r.moments()) {
            PoseAlignment.Step st = m.step();
            extra.append("<tr><td class=\"n\">").append(m.rank()).append("</td><td class=\"n\">").append(st.aFrame()).append("</td><td class=\"n\">")
                    .append(fmt(st.aTime())).append("</td><td class=\"n\">").append(st.bFrame()).append("</td><td class=\"n\">").append(fmt(st.lagS()))
                    .append("</td><td class=\"n\">").append(fmt(st.cost())).append("</td><td>").append(esc(m.worstJoint())).append("</td><td class=\"n\">")
                    .append(fmt(m.worstDeviation())).append("</td></tr>\n");
        }
        extra.append("</table>\n<h2>Mean deviation per joint</h2>\n<table>\n<tr><th>joint</th><th>torso lengths</th></tr>\n");
        for (int j = 0; j < r.joints().size(); j++) {
            extra.append("<tr><td>").append(esc(r.joints().get(j))).append("</td><td class=\"n\">").append(fmt(s.meanJointDeviation()[j]))
                    .append("</td></tr>\n");
        }
        extra.append("</table>\n<p class=\"note\">Poses are compared as joint positions relative to the hip midpoint divided by the torso length ")
                .append("(shoulder midpoint to hip midpoint); joints below confidence ").append(fmt(r.settings().minConfidence()))
                .append(" are missing and left out; frames without both shoulders and hips are left out. First step: A ").append(first.aFrame())
                .append(" with B ").append(first.bFrame()).append(".</p>\n");
        return page("Dancer " + o.b().track() + " against dancer " + o.a().track(), rows, charts, extra.toString());
    }

    private static String side(DancerAlignment.Side s) {
        return Path.of(s.run().videoPath()).getFileName() + ", dancer " + s.track() + " of pose run " + s.run().id() + " (" + s.run().modelId()
                + "), frames " + s.fromFrame() + "–" + s.toFrame() + " from " + fmt(s.syncS()) + " s, seen in " + s.seen();
    }

    private static String describe(Run r) {
        return "run " + r.id() + " (" + r.modelId() + ", " + r.status().key() + ", " + r.framesDone() + " of " + r.spec().frames() + " frames)";
    }

    // ---- pieces ----

    static JFreeChart lines(String title, String x, String y, java.util.Collection<XYSeries> series, double yMin, double yMax, List<double[]> shaded,
                            List<Double> marks) {
        XYSeriesCollection data = new XYSeriesCollection();
        series.forEach(data::addSeries);
        NumberAxis xAxis = new NumberAxis(x);
        xAxis.setAutoRangeIncludesZero(false);
        NumberAxis yAxis = new NumberAxis(y);
        yAxis.setAutoRangeIncludesZero(false);
        if (Double.isFinite(yMin) && Double.isFinite(yMax)) {
            yAxis.setRange(yMin, yMax);
        } else if (Double.isFinite(yMin)) {
            yAxis.setAutoRangeIncludesZero(true);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < series.size(); i++) {
            renderer.setSeriesPaint(i, COLORS[i % COLORS.length]);
            renderer.setSeriesStroke(i, new BasicStroke(1.5f));
        }
        if (title.equals("Warping path") && series.size() > 1) {
            renderer.setSeriesPaint(1, Color.GRAY);
            renderer.setSeriesStroke(1, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {4f, 4f}, 0f));
        }
        XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        for (double[] s : shaded) {
            IntervalMarker m = new IntervalMarker(s[0], s[1], new Color(255, 180, 0, 70));
            plot.addDomainMarker(m, org.jfree.chart.ui.Layer.BACKGROUND);
        }
        for (double v : marks) {
            ValueMarker m = new ValueMarker(v, new Color(0xd62728), new BasicStroke(1f));
            plot.addDomainMarker(m);
        }
        JFreeChart chart = new JFreeChart(plot);
        chart.setTitle(new TextTitle(title, new Font(Font.SANS_SERIF, Font.BOLD, 14)));
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        return chart;
    }

    /** Joints down, A's frames across, each step's deviation of the joint as a cell, white (0) to red (1 torso length or more),
     * grey where either side misses the joint. */
    static JFreeChart jointHeat(PoseAlignment.Result r) {
        List<String> joints = r.joints();
        int n = r.steps().size();
        double[] xs = new double[n * joints.size()];
        double[] ys = new double[xs.length];
        double[] zs = new double[xs.length];
        int k = 0;
        for (PoseAlignment.Step st : r.steps()) {
            for (int j = 0; j < joints.size(); j++) {
                xs[k] = st.aFrame();
                ys[k] = joints.size() - 1 - j; // the first joint on top
                zs[k] = st.deviation()[j];
                k++;
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("deviation", new double[][] {xs, ys, zs});
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setBlockWidth(1);
        renderer.setBlockHeight(1);
        renderer.setPaintScale(new PaintScale() {
            @Override
            public double getLowerBound() {
                return 0;
            }

            @Override
            public double getUpperBound() {
                return 1;
            }

            @Override
            public java.awt.Paint getPaint(double v) {
                if (Double.isNaN(v)) {
                    return new Color(0x9aa3ad); // missing on either side
                }
                float f = (float) Math.max(0, Math.min(1, v));
                return new Color(1f, 1f - 0.85f * f, 1f - 0.85f * f);
            }
        });
        String[] names = new String[joints.size()];
        for (int j = 0; j < names.length; j++) {
            names[j] = joints.get(joints.size() - 1 - j).replace('_', ' ');
        }
        SymbolAxis yAxis = new SymbolAxis("", names);
        yAxis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        NumberAxis xAxis = new NumberAxis("frame of A");
        xAxis.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        JFreeChart chart = new JFreeChart(plot);
        chart.removeLegend();
        chart.setTitle(new TextTitle("Deviation per joint (white 0, red 1 torso length or more, grey missing)", new Font(Font.SANS_SERIF, Font.BOLD, 14)));
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** Most heat strips in the report (the dancers of A matched in the most frames). */
    static final int HEAT_STRIPS = 12;

    /**
     * The per-joint distance between the runs as heat strips (the workbench's, {@link JointHeatStrip}), one per dancer
     * of A matched in the most frames, stacked, over the frames from the first to the last matched pair; null when
     * no pair was matched.
     */
    static String[] jointHeat(PoseComparison.Result r) {
        if (r.pairs().isEmpty()) {
            return null;
        }
        int from = r.pairs().stream().mapToInt(PoseComparison.Pair::frame).min().orElseThrow();
        int to = r.pairs().stream().mapToInt(PoseComparison.Pair::frame).max().orElseThrow() + 1;
        double max = JointDistances.scale(r.pairs());
        Map<Integer, Long> frames = new java.util.HashMap<>();
        r.pairs().forEach(x -> frames.merge(x.trackA(), 1L, Long::sum));
        List<JointDistances.Strip> all = JointDistances.of(r, to);
        List<JointDistances.Strip> shown = all.stream().sorted(java.util.Comparator.comparingLong((JointDistances.Strip x) -> -frames.get(x.trackA()))
                .thenComparingInt(JointDistances.Strip::trackA)).limit(HEAT_STRIPS).toList();
        List<BufferedImage> pics = new ArrayList<>();
        for (JointDistances.Strip st : shown) {
            String name = String.format(Locale.ROOT, "A %d ~ B %d%s, frames %d–%d", st.trackA(), st.trackB(), st.others() > 0 ? " (+" + st.others()
                    + " other)" : "", from, to - 1);
            pics.add(new JointHeatStrip(new JointHeatStrip.Heat(name, st.joints(), st.values(), max), from, Math.max(to, from + 1), W).picture());
        }
        int h = pics.stream().mapToInt(BufferedImage::getHeight).sum() + 4 * (pics.size() - 1);
        BufferedImage all2 = new BufferedImage(W, h, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = all2.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, h);
        int y = 0;
        for (BufferedImage b : pics) {
            g.drawImage(b, 0, y, null);
            y += b.getHeight() + 4;
        }
        g.dispose();
        String caption = String.format(Locale.ROOT, "Distance between A's and B's joint per matched dancer and frame, pixels (viridis: dark 0 to yellow %s px or "
                + "more; empty where the dancer has no partner or A does not see the joint)%s", String.format(Locale.ROOT, "%.0f", max),
                all.size() > shown.size() ? "; the " + shown.size() + " of " + all.size() + " dancers of A matched in the most frames" : "");
        return new String[] {caption, pngImage(all2)};
    }

    static String png(JFreeChart chart) {
        return pngSized(chart, W, H);
    }

    static String pngSized(JFreeChart chart, int w, int h) {
        return pngImage(chart.createBufferedImage(w, h));
    }

    static String pngImage(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    private static String page(String title, Map<String, String> rows, List<String[]> charts, String extra) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(esc(title)).append(" — DanceLens</title>\n")
                .append("<style>\nbody{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:60em;padding:0 1em;")
                .append("color:#222;line-height:1.4}\nh1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.8em}\n")
                .append("table{border-collapse:collapse;margin:.5em 0}th,td{padding:.25em .8em;border-bottom:1px solid #ddd;text-align:left}")
                .append("td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f5f8}\n")
                .append("img{max-width:100%;height:auto;border:1px solid #eee}\n.note{color:#555;font-size:.9em}\n</style>\n</head>\n<body>\n");
        h.append("<h1>").append(esc(title)).append("</h1>\n<h2>Summary</h2>\n<table>\n");
        rows.forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>\n"));
        h.append("</table>\n<h2>Timelines</h2>\n");
        for (String[] c : charts) {
            h.append("<p><img alt=\"").append(esc(c[0])).append("\" src=\"data:image/png;base64,").append(c[1]).append("\"></p>\n<p class=\"note\">")
                    .append(esc(c[0])).append("</p>\n");
        }
        h.append(extra);
        h.append("<p class=\"note\">Written by DanceLens ").append(esc(DataExport.softwareVersion())).append(". The numbers per frame are in the CSV files")
                .append(" beside this report; <code>").append(CompareExport.SUMMARY).append("</code> lists them.</p>\n</body>\n</html>\n");
        return h.toString();
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v + 0.0) : "—";
    }

    private static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
