package org.dancelens.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dancelens.classify.ratings.RaterAgreement;
import org.dancelens.classify.ratings.RatingsEvaluation;
import org.dancelens.classify.ratings.ScoreAgreement;
import org.dancelens.core.AtomicFiles;
import org.dancelens.core.DanceLensException;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Writes a scorer's evaluation against ratings into a folder: {@code metrics.json}, {@code ratings.csv} (each item's
 * score, reference and ratings), for each criterion a scatter plot of the model's score against the raters' mean with
 * the fitted line and a Bland–Altman plot (PNG and SVG), and a self-contained {@code report.html}. Written as one set
 * ({@link AtomicFiles#writeSet}), {@code metrics.json} last.
 */
public final class RatingsReport {
    public static final String JSON_FORMAT = "dancelens-ratings-evaluation-1";
    public static final String METRICS_JSON = "metrics.json";
    public static final String RATINGS_CSV = "ratings.csv";
    public static final String REPORT_HTML = "report.html";

    private static final Color POINT = new Color(0x1f77b4);
    private static final Color LINE = new Color(0xd62728);
    private static final Color INK = new Color(0x222222);

    private RatingsReport() {
    }

    /** The chart files of one criterion, without extension: {@code scatter-NAME} and {@code bland-altman-NAME}. */
    public record ChartNames(String scatter, String blandAltman) {
    }

    /** Each criterion's chart file names, from the criterion made safe for file names (made unique by a number if two clash). */
    public static List<ChartNames> chartNames(List<RatingsEvaluation.Criterion> criteria) {
        Set<String> used = new HashSet<>();
        List<ChartNames> out = new ArrayList<>();
        for (RatingsEvaluation.Criterion c : criteria) {
            String slug = c.criterion().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-").replaceAll("^-+|-+$", "");
            if (slug.isEmpty()) {
                slug = "criterion";
            }
            if (slug.length() > 40) {
                slug = slug.substring(0, 40);
            }
            String name = slug;
            for (int k = 2; !used.add(name); k++) {
                name = slug + "-" + k;
            }
            out.add(new ChartNames("scatter-" + name, "bland-altman-" + name));
        }
        return out;
    }

    /**
     * Writes the report files into {@code folder} (created if missing), replacing earlier ones.
     *
     * @param provenance what produced the numbers (modelId, onnxSha256, ratings, date, ...), written in its order
     * @throws DanceLensException bad input, one sentence naming the file, if the folder cannot be written
     */
    public static void write(RatingsEvaluation.Result result, Map<String, String> provenance, Path folder) {
        List<ChartNames> names = chartNames(result.criteria());
        Map<String, AtomicFiles.Content> files = new LinkedHashMap<>();
        List<byte[]> scatterPngs = new ArrayList<>();
        List<byte[]> baPngs = new ArrayList<>();
        for (int i = 0; i < result.criteria().size(); i++) {
            RatingsEvaluation.Criterion c = result.criteria().get(i);
            EvaluationReport.Chart scatter = scatterChart(c);
            EvaluationReport.Chart ba = blandAltmanChart(c);
            byte[] sp = EvaluationReport.png(scatter.image());
            byte[] ss = scatter.svg().getBytes(StandardCharsets.UTF_8);
            byte[] bp = EvaluationReport.png(ba.image());
            byte[] bs = ba.svg().getBytes(StandardCharsets.UTF_8);
            scatterPngs.add(sp);
            baPngs.add(bp);
            files.put(names.get(i).scatter() + ".png", o -> o.write(sp));
            files.put(names.get(i).scatter() + ".svg", o -> o.write(ss));
            files.put(names.get(i).blandAltman() + ".png", o -> o.write(bp));
            files.put(names.get(i).blandAltman() + ".svg", o -> o.write(bs));
        }
        byte[] csv = csv(result);
        byte[] html = html(result, provenance, names, scatterPngs, baPngs).getBytes(StandardCharsets.UTF_8);
        byte[] json = json(result, provenance, names);
        files.put(RATINGS_CSV, o -> o.write(csv));
        files.put(REPORT_HTML, o -> o.write(html));
        files.put(METRICS_JSON, o -> o.write(json)); // last: the report's completion file
        AtomicFiles.writeSet(folder, files);
    }

    // ---- metrics.json ----

    static byte[] json(RatingsEvaluation.Result result, Map<String, String> provenance, List<ChartNames> names) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(bytes, JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("format", JSON_FORMAT);
            g.writeObjectFieldStart("provenance");
            for (Map.Entry<String, String> p : provenance.entrySet()) {
                g.writeStringField(p.getKey(), p.getValue());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("raters");
            for (String r : result.raters()) {
                g.writeString(r);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("criteria");
            for (int i = 0; i < result.criteria().size(); i++) {
                RatingsEvaluation.Criterion c = result.criteria().get(i);
                ScoreAgreement.Comparison m = c.comparison();
                g.writeStartObject();
                g.writeStringField("criterion", c.criterion());
                g.writeStringField("modelOutput", c.label());
                g.writeNumberField("n", m.n());
                g.writeStringField("reference", "mean of the raters' ratings of each item");
                g.writeObjectFieldStart("pearson");
                number(g, "r", m.pearson());
                number(g, "ci95Low", m.pearsonLow());
                number(g, "ci95High", m.pearsonHigh());
                g.writeStringField("ci", "percentile bootstrap over items");
                g.writeNumberField("resamples", m.resamples());
                g.writeNumberField("resamplesDefined", m.defined());
                g.writeNumberField("seed", m.seed());
                g.writeEndObject();
                number(g, "spearman", m.spearman());
                number(g, "mse", m.mse());
                number(g, "mae", m.mae());
                number(g, "bias", m.bias());
                g.writeObjectFieldStart("blandAltman");
                number(g, "meanDifference", m.bias());
                number(g, "sdDifference", m.sdDifference());
                number(g, "lowerLimit", m.lowerLimit());
                number(g, "upperLimit", m.upperLimit());
                g.writeEndObject();
                g.writeObjectFieldStart("fit");
                g.writeStringField("line", "model = intercept + slope * reference (least squares)");
                number(g, "slope", m.slope());
                number(g, "intercept", m.intercept());
                g.writeEndObject();
                g.writeObjectFieldStart("ratersAmongThemselves");
                if (c.icc() != null) {
                    RaterAgreement.Icc icc = c.icc();
                    g.writeObjectFieldStart("icc");
                    g.writeStringField("form", "Shrout & Fleiss (1979) case 2: two-way random effects, absolute agreement");
                    g.writeNumberField("itemsRatedByAll", icc.n());
                    g.writeNumberField("raters", icc.k());
                    number(g, "icc21", icc.single());
                    number(g, "icc2k", icc.average());
                    number(g, "bms", icc.bms());
                    number(g, "jms", icc.jms());
                    number(g, "ems", icc.ems());
                    g.writeEndObject();
                } else {
                    g.writeNullField("icc");
                }
                number(g, "krippendorffAlphaInterval", c.alpha());
                g.writeEndObject();
                g.writeArrayFieldStart("leaveOneRaterOut");
                for (ScoreAgreement.LeftOut l : c.leftOut()) {
                    g.writeStartObject();
                    g.writeStringField("rater", l.rater());
                    g.writeNumberField("n", l.n());
                    number(g, "raterPearson", l.raterPearson());
                    number(g, "raterMae", l.raterMae());
                    number(g, "modelPearson", l.modelPearson());
                    number(g, "modelMae", l.modelMae());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeObjectFieldStart("charts");
                g.writeStringField("scatter", names.get(i).scatter());
                g.writeStringField("blandAltman", names.get(i).blandAltman());
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("skipped");
            for (String s : result.skipped()) {
                g.writeString(s);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void number(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumberField(name, v);
        } else {
            g.writeNullField(name);
        }
    }

    // ---- ratings.csv ----

    static byte[] csv(RatingsEvaluation.Result result) {
        StringWriter w = new StringWriter();
        List<String> header = new ArrayList<>(List.of("criterion", "item", "model", "raters_mean"));
        for (String r : result.raters()) {
            header.add("rater:" + r);
        }
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build())) {
            p.printRecord(header);
            for (RatingsEvaluation.Criterion c : result.criteria()) {
                for (int i = 0; i < c.items().size(); i++) {
                    List<String> row = new ArrayList<>(List.of(c.criterion(), c.items().get(i), Double.toString(c.model()[i]),
                            Double.toString(c.reference()[i])));
                    for (double v : c.ratings()[i]) {
                        row.add(Double.isNaN(v) ? "" : Double.toString(v));
                    }
                    p.printRecord(row);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString().getBytes(StandardCharsets.UTF_8);
    }

    // ---- charts ----

    /** The model's score (up) against the raters' mean (across), each item a dot, with the least-squares line. */
    static EvaluationReport.Chart scatterChart(RatingsEvaluation.Criterion c) {
        XYSeries points = new XYSeries("items", false, true);
        for (int i = 0; i < c.model().length; i++) {
            points.add(c.reference()[i], c.model()[i]);
        }
        double lo = min(c.reference());
        double hi = max(c.reference());
        XYSeries line = new XYSeries("least-squares line", true, true);
        ScoreAgreement.Comparison m = c.comparison();
        if (Double.isFinite(m.slope())) {
            line.add(lo, m.intercept() + m.slope() * lo);
            line.add(hi, m.intercept() + m.slope() * hi);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(points);
        data.addSeries(line);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        r.setSeriesLinesVisible(0, false);
        r.setSeriesShapesVisible(0, true);
        r.setSeriesShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
        r.setSeriesPaint(0, POINT);
        r.setSeriesLinesVisible(1, true);
        r.setSeriesShapesVisible(1, false);
        r.setSeriesPaint(1, LINE);
        r.setSeriesStroke(1, new BasicStroke(2f));
        XYPlot plot = plot(data, r, "Raters' mean rating (" + c.criterion() + ")", "Model score (" + c.label() + ")");
        String title = String.format(Locale.ROOT, "%s: r = %s [%s, %s], n = %d", c.criterion(), fmt(m.pearson()), fmt(m.pearsonLow()),
                fmt(m.pearsonHigh()), m.n());
        return chart(plot, title, true);
    }

    /** Bland–Altman: the difference model − raters' mean (up) against their average (across), with the bias and the limits of agreement. */
    static EvaluationReport.Chart blandAltmanChart(RatingsEvaluation.Criterion c) {
        XYSeries points = new XYSeries("items", false, true);
        for (int i = 0; i < c.model().length; i++) {
            points.add((c.model()[i] + c.reference()[i]) / 2, c.model()[i] - c.reference()[i]);
        }
        XYSeriesCollection data = new XYSeriesCollection(points);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        r.setSeriesShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
        r.setSeriesPaint(0, POINT);
        XYPlot plot = plot(data, r, "Mean of model score and raters' mean", "Model score − raters' mean");
        ScoreAgreement.Comparison m = c.comparison();
        marker(plot, m.bias(), "mean difference " + fmt(m.bias()), new BasicStroke(2f));
        BasicStroke dashed = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
        marker(plot, m.upperLimit(), "+1.96 SD " + fmt(m.upperLimit()), dashed);
        marker(plot, m.lowerLimit(), "−1.96 SD " + fmt(m.lowerLimit()), dashed);
        NumberAxis y = (NumberAxis) plot.getRangeAxis();
        double lo = Math.min(min(data.getSeries(0)), m.lowerLimit());
        double hi = Math.max(max(data.getSeries(0)), m.upperLimit());
        double pad = Math.max(1e-9, (hi - lo) * 0.12);
        if (Double.isFinite(lo) && Double.isFinite(hi)) {
            y.setRange(lo - pad, hi + pad);
        }
        String title = String.format(Locale.ROOT, "%s: Bland–Altman, bias %s, limits %s to %s", c.criterion(), fmt(m.bias()), fmt(m.lowerLimit()),
                fmt(m.upperLimit()));
        return chart(plot, title, false);
    }

    private static void marker(XYPlot plot, double value, String label, BasicStroke stroke) {
        if (!Double.isFinite(value)) {
            return;
        }
        ValueMarker m = new ValueMarker(value, LINE, stroke);
        m.setLabel(label);
        m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        m.setLabelPaint(LINE);
        m.setLabelBackgroundColor(new Color(255, 255, 255, 220));
        m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        m.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        plot.addRangeMarker(m);
    }

    private static XYPlot plot(XYSeriesCollection data, XYLineAndShapeRenderer renderer, String xLabel, String yLabel) {
        NumberAxis x = new NumberAxis(xLabel);
        NumberAxis y = new NumberAxis(yLabel);
        for (NumberAxis a : List.of(x, y)) {
            a.setAutoRangeIncludesZero(false);
            a.setLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            a.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            a.setLabelPaint(INK);
            a.setTickLabelPaint(INK);
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        plot.setOutlinePaint(new Color(0x999999));
        return plot;
    }

    private static EvaluationReport.Chart chart(XYPlot plot, String title, boolean legend) {
        JFreeChart chart = new JFreeChart(null, new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, legend);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        TextTitle t = new TextTitle(title, new Font(Font.SANS_SERIF, Font.BOLD, 15));
        t.setPaint(INK);
        t.setPadding(new RectangleInsets(10, 0, 10, 0));
        chart.setTitle(t);
        if (legend) {
            chart.getLegend().setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        }
        return new EvaluationReport.Chart(chart, 640, 480);
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) {
            m = Math.min(m, x);
        }
        return m;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    private static double min(XYSeries s) {
        return s.getMinY();
    }

    private static double max(XYSeries s) {
        return s.getMaxY();
    }

    // ---- report.html ----

    static String html(RatingsEvaluation.Result result, Map<String, String> provenance, List<ChartNames> names, List<byte[]> scatter,
                       List<byte[]> blandAltman) {
        StringBuilder h = new StringBuilder(65536);
        String model = provenance.getOrDefault("modelId", "");
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Scores against ratings")
                .append(model.isEmpty() ? "" : " of " + EvaluationReport.esc(model)).append(" — DanceLens</title>\n<style>\n")
                .append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:60em;")
                .append("padding:0 1em;color:#222;line-height:1.4}\n")
                .append("h1{font-size:1.5em}h2{font-size:1.25em;margin-top:1.8em}h3{font-size:1.05em}\n")
                .append("table{border-collapse:collapse;margin:.5em 0}th,td{padding:.25em .8em;border-bottom:1px solid #ddd;")
                .append("text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f5f8}\n")
                .append("img{max-width:100%;height:auto;border:1px solid #eee}\n.note{color:#555;font-size:.9em}\n")
                .append("code{background:#f3f5f8;padding:0 .2em}\n</style>\n</head>\n<body>\n");
        h.append("<h1>Scores against ratings").append(model.isEmpty() ? "" : " of <code>" + EvaluationReport.esc(model) + "</code>")
                .append("</h1>\n<p>Raters: ").append(EvaluationReport.esc(String.join(", ", result.raters()))).append(".</p>\n");
        for (int i = 0; i < result.criteria().size(); i++) {
            RatingsEvaluation.Criterion c = result.criteria().get(i);
            ScoreAgreement.Comparison m = c.comparison();
            h.append("<h2>").append(EvaluationReport.esc(c.criterion())).append("</h2>\n<p class=\"note\">Model output <code>")
                    .append(EvaluationReport.esc(c.label())).append("</code> against the mean of the raters' ratings of each item.</p>\n<table>\n");
            row(h, "Items", Integer.toString(m.n()));
            row(h, "Pearson r [95% bootstrap interval]", fmt(m.pearson()) + " [" + fmt(m.pearsonLow()) + ", " + fmt(m.pearsonHigh()) + "]");
            row(h, "Spearman ρ", fmt(m.spearman()));
            row(h, "MSE", fmt(m.mse()));
            row(h, "MAE", fmt(m.mae()));
            row(h, "Mean bias (model − raters)", fmt(m.bias()));
            row(h, "Bland–Altman limits of agreement", fmt(m.lowerLimit()) + " to " + fmt(m.upperLimit()));
            row(h, "Fitted line", "model = " + fmt(m.intercept()) + " + " + fmt(m.slope()) + " × raters' mean");
            h.append("</table>\n<p class=\"note\">The interval is the 2.5th and 97.5th percentiles of r over ").append(m.resamples())
                    .append(" bootstrap resamples of the items (seed ").append(m.seed()).append(", ").append(m.defined())
                    .append(" resamples defined). MSE, MAE and bias are in the units of the ratings only if the model scores on the raters' scale.</p>\n");
            h.append("<p><img alt=\"Scatter plot of the model's score against the raters' mean\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(scatter.get(i))).append("\"></p>\n");
            h.append("<p><img alt=\"Bland–Altman plot\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(blandAltman.get(i))).append("\"></p>\n");
            if (result.raters().size() >= 2) {
                h.append("<h3>Raters among themselves</h3>\n<table>\n");
                if (c.icc() != null) {
                    row(h, "ICC(2,1) (one rater)", fmt(c.icc().single()));
                    row(h, "ICC(2," + c.icc().k() + ") (mean of the raters)", fmt(c.icc().average()));
                    row(h, "Items rated by every rater", Integer.toString(c.icc().n()));
                } else {
                    row(h, "ICC", "— (fewer than two items rated by every rater)");
                }
                row(h, "Krippendorff's α (interval)", fmt(c.alpha()));
                h.append("</table>\n<h3>Is the model as good as a rater?</h3>\n<table>\n<tr><th>rater left out</th><th>items</th>")
                        .append("<th>rater's r</th><th>model's r</th><th>rater's MAE</th><th>model's MAE</th></tr>\n");
                for (ScoreAgreement.LeftOut l : c.leftOut()) {
                    h.append("<tr><td>").append(EvaluationReport.esc(l.rater())).append("</td><td class=\"n\">").append(l.n())
                            .append("</td><td class=\"n\">").append(fmt(l.raterPearson())).append("</td><td class=\"n\">").append(fmt(l.modelPearson()))
                            .append("</td><td class=\"n\">").append(fmt(l.raterMae())).append("</td><td class=\"n\">").append(fmt(l.modelMae()))
                            .append("</td></tr>\n");
                }
                h.append("</table>\n<p class=\"note\">Each row compares one rater, and the model, with the mean of the other raters on the items ")
                        .append("that rater rated.</p>\n<p><b>").append(EvaluationReport.esc(ScoreAgreement.verdict(c.leftOut()))).append("</b></p>\n");
            }
        }
        if (!result.skipped().isEmpty()) {
            h.append("<h2>Left out</h2>\n<ul>\n");
            for (String s : result.skipped()) {
                h.append("<li>").append(EvaluationReport.esc(s)).append("</li>\n");
            }
            h.append("</ul>\n");
        }
        h.append("<h2>Provenance</h2>\n<table>\n");
        for (Map.Entry<String, String> p : provenance.entrySet()) {
            h.append("<tr><th>").append(EvaluationReport.esc(p.getKey())).append("</th><td><code>").append(EvaluationReport.esc(p.getValue()))
                    .append("</code></td></tr>\n");
        }
        h.append("</table>\n<p class=\"note\">Written by DanceLens. Machine-readable numbers: <code>").append(METRICS_JSON)
                .append("</code>; each item: <code>").append(RATINGS_CSV).append("</code>; charts as SVG: ");
        for (int i = 0; i < names.size(); i++) {
            h.append(i == 0 ? "" : ", ").append("<code>").append(names.get(i).scatter()).append(".svg</code>, <code>")
                    .append(names.get(i).blandAltman()).append(".svg</code>");
        }
        h.append(".</p>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void row(StringBuilder h, String name, String value) {
        h.append("<tr><th>").append(name).append("</th><td class=\"n\">").append(EvaluationReport.esc(value)).append("</td></tr>\n");
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "—";
    }
}
