package org.dancelens.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dancelens.classify.Metrics;
import org.dancelens.classify.ratings.LabelAgreement;
import org.dancelens.core.AtomicFiles;
import org.dancelens.core.DanceLensException;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.AxisSpace;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * Writes the evaluation of a classifier into a folder: {@code metrics.json}, {@code confusion.csv},
 * {@code confusion.png}, {@code confusion.svg} (the same chart as vectors) and a self-contained {@code report.html} (formats in the README, section Evaluation).
 *
 * <p>Everything is rendered in memory first and written as one set of files ({@link AtomicFiles#writeSet}): a full disk or
 * an unwritable folder changes nothing (an earlier report stays whole), and {@code metrics.json} is written last, so a
 * report without it is one that was stopped half-way.
 */
public final class EvaluationReport {
    public static final String JSON_FORMAT = "dancelens-evaluation-1";
    public static final String METRICS_JSON = "metrics.json";
    public static final String CONFUSION_CSV = "confusion.csv";
    public static final String CONFUSION_PNG = "confusion.png";
    /** The same chart as {@link #CONFUSION_PNG}, as vectors and text (for papers). */
    public static final String CONFUSION_SVG = "confusion.svg";
    public static final String REPORT_HTML = "report.html";
    /** Up to this many of the model's ranked labels are kept per item in metrics.json. */
    public static final int RANKED_KEPT = 5;

    private EvaluationReport() {
    }

    /**
     * Writes the five report files into {@code folder} (created if missing), replacing earlier ones. They are written as
     * one set ({@link AtomicFiles#writeSet}): each file is complete on the disk before any earlier one is replaced, and
     * {@code metrics.json} comes last, so a folder holding it holds a complete report.
     *
     * @param provenance what produced the numbers, written as given in its iteration order; the keys DanceLens uses are
     *                   {@code modelId} (also the report's title), {@code onnxSha256}, {@code manifest} and {@code date};
     *                   use a {@link LinkedHashMap} to keep an order
     * @throws DanceLensException bad input, one sentence naming the file, if the folder cannot be written
     */
    public static void write(Metrics.Evaluation evaluation, Map<String, String> provenance, Path folder) {
        write(evaluation, provenance, null, folder);
    }

    /**
     * As {@link #write(Metrics.Evaluation, Map, Path)}, with the agreement of the manifest's raters ({@code rater:NAME}
     * columns; null: none) in metrics.json ({@code raters}) and the report.
     */
    public static void write(Metrics.Evaluation evaluation, Map<String, String> provenance, LabelAgreement.Result raters, Path folder) {
        Chart chart = confusionChart(evaluation);
        byte[] png = png(chart.image());
        byte[] svg = chart.svg().getBytes(StandardCharsets.UTF_8);
        byte[] html = html(evaluation, provenance, png, raters).getBytes(StandardCharsets.UTF_8);
        byte[] csv = csv(evaluation);
        byte[] json = json(evaluation, provenance, raters);
        Map<String, AtomicFiles.Content> files = new LinkedHashMap<>();
        files.put(CONFUSION_CSV, o -> o.write(csv));
        files.put(CONFUSION_PNG, o -> o.write(png));
        files.put(CONFUSION_SVG, o -> o.write(svg));
        files.put(REPORT_HTML, o -> o.write(html));
        files.put(METRICS_JSON, o -> o.write(json)); // last: the report's completion file
        AtomicFiles.writeSet(folder, files);
    }

    // ---- metrics.json ----

    static byte[] json(Metrics.Evaluation ev, Map<String, String> provenance) {
        return json(ev, provenance, null);
    }

    static byte[] json(Metrics.Evaluation ev, Map<String, String> provenance, LabelAgreement.Result raters) {
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
            g.writeArrayFieldStart("labels");
            for (String l : ev.labels()) {
                g.writeString(l);
            }
            g.writeEndArray();
            g.writeNumberField("n", ev.n());
            number(g, "accuracy", ev.accuracy());
            number(g, "balancedAccuracy", ev.balancedAccuracy());
            g.writeObjectFieldStart("macro");
            number(g, "precision", ev.macroPrecision());
            number(g, "recall", ev.macroRecall());
            number(g, "f1", ev.macroF1());
            g.writeEndObject();
            g.writeObjectFieldStart("topK");
            for (Map.Entry<Integer, Double> k : ev.topK().entrySet()) {
                number(g, String.valueOf(k.getKey()), k.getValue());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("perClass");
            for (Metrics.ClassMetrics c : ev.perClass()) {
                g.writeStartObject();
                g.writeStringField("label", c.label());
                number(g, "precision", c.precision());
                number(g, "recall", c.recall());
                number(g, "f1", c.f1());
                g.writeNumberField("support", c.support());
                g.writeNumberField("predicted", c.predicted());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("confusion");
            g.writeStringField("rows", "true label");
            g.writeStringField("columns", "predicted label");
            g.writeArrayFieldStart("matrix");
            for (int[] row : ev.confusion()) {
                g.writeArray(row, 0, row.length);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeArrayFieldStart("items");
            for (Metrics.Prediction p : ev.predictions()) {
                g.writeStartObject();
                g.writeStringField("item", p.item());
                g.writeStringField("true", p.trueLabel());
                g.writeStringField("predicted", p.predicted());
                g.writeBooleanField("correct", p.correct());
                g.writeArrayFieldStart("ranked");
                for (String r : p.ranked().subList(0, Math.min(RANKED_KEPT, p.ranked().size()))) {
                    g.writeString(r);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            if (raters != null) {
                g.writeObjectFieldStart("raters");
                g.writeArrayFieldStart("raters");
                for (String r : raters.raters()) {
                    g.writeString(r);
                }
                g.writeEndArray();
                number(g, "fleissKappa", raters.kappa());
                g.writeNumberField("itemsRatedByAll", raters.itemsRatedByAll());
                g.writeStringField("agreement", "fraction of items on which the label is the majority label of the other raters");
                g.writeArrayFieldStart("leaveOneRaterOut");
                for (LabelAgreement.LeftOut l : raters.leftOut()) {
                    g.writeStartObject();
                    g.writeStringField("rater", l.rater());
                    g.writeNumberField("n", l.n());
                    number(g, "raterAgreement", l.raterAgreement());
                    number(g, "modelAgreement", l.modelAgreement());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return bytes.toByteArray();
    }

    /** NaN (a class that occurs nowhere) has no JSON number: null. */
    private static void number(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumberField(name, v);
        } else {
            g.writeNullField(name);
        }
    }

    // ---- confusion.csv ----

    static byte[] csv(Metrics.Evaluation ev) {
        StringWriter w = new StringWriter();
        List<String> header = new ArrayList<>();
        header.add("true_label");
        header.addAll(ev.labels());
        int[][] m = ev.confusion();
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).build())) {
            for (int i = 0; i < m.length; i++) {
                List<Object> row = new ArrayList<>();
                row.add(ev.labels().get(i));
                for (int v : m[i]) {
                    row.add(v);
                }
                p.printRecord(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString().getBytes(StandardCharsets.UTF_8);
    }

    // ---- confusion.png ----

    /** Light to dark blue (ColorBrewer "Blues", as matplotlib's confusion matrices): higher counts are darker. */
    static final class CountScale implements PaintScale {
        private static final Color[] STOPS = {
            new Color(0xf7fbff), new Color(0xdeebf7), new Color(0xc6dbef), new Color(0x9ecae1), new Color(0x6baed6),
            new Color(0x4292c6), new Color(0x2171b5), new Color(0x08519c), new Color(0x08306b)};
        private final double upper;

        CountScale(double upper) {
            this.upper = Math.max(1, upper);
        }

        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return upper;
        }

        @Override
        public Paint getPaint(double value) {
            return color(value);
        }

        Color color(double value) {
            double t = Math.max(0, Math.min(1, value / upper)) * (STOPS.length - 1);
            int i = Math.min((int) t, STOPS.length - 2);
            double f = t - i;
            Color a = STOPS[i];
            Color b = STOPS[i + 1];
            return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                    (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                    (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
        }
    }

    /** Black text on light cells, white on dark ones (by relative luminance). */
    static Color textColor(Color cell) {
        double lum = 0.2126 * lin(cell.getRed()) + 0.7152 * lin(cell.getGreen()) + 0.0722 * lin(cell.getBlue());
        return lum > 0.30 ? new Color(0x1a1a1a) : Color.WHITE;
    }

    private static double lin(int c) {
        double s = c / 255.0;
        return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    }

    /**
     * The confusion matrix as a heat map: true labels down the left (first at the top), predicted labels along the
     * bottom, the count in each cell, a colour scale on the right. Cells are square and sized for the number of labels.
     */
    public static BufferedImage confusionImage(Metrics.Evaluation ev) {
        return confusionChart(ev).image();
    }

    /** A chart with the size it is drawn at. */
    record Chart(JFreeChart chart, int width, int height) {
        BufferedImage image() {
            return chart.createBufferedImage(width, height);
        }

        /** The chart drawn by JFreeChart onto JFreeSVG's graphics: the same layout, as an SVG document. */
        String svg() {
            org.jfree.svg.SVGGraphics2D g = new org.jfree.svg.SVGGraphics2D(width, height);
            chart.draw(g, new java.awt.Rectangle(0, 0, width, height));
            return g.getSVGDocument();
        }
    }

    /** The confusion matrix chart (see {@link #confusionImage}) and its size. */
    static Chart confusionChart(Metrics.Evaluation ev) {
        List<String> labels = ev.labels();
        int c = labels.size();
        int[][] m = ev.confusion();
        int max = 1;
        double[][] data = new double[3][c * c];
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < c; j++) {
                int k = i * c + j;
                data[0][k] = j;
                data[1][k] = i;
                data[2][k] = m[i][j];
                max = Math.max(max, m[i][j]);
            }
        }
        DefaultXYZDataset dataset = new DefaultXYZDataset();
        dataset.addSeries("confusion", data);

        int cell = Math.max(28, Math.min(96, 640 / c));
        Font tickFont = new Font(Font.SANS_SERIF, Font.PLAIN, c > 20 ? 11 : 13);
        Font axisFont = new Font(Font.SANS_SERIF, Font.BOLD, 14);
        Font countFont = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(9, Math.min(18, cell / 3)));
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 16);
        FontMetrics fm = metrics(tickFont);
        int widest = labels.stream().mapToInt(fm::stringWidth).max().orElse(0);
        boolean vertical = widest > cell - 6;

        String[] names = labels.toArray(String[]::new);
        SymbolAxis x = new SymbolAxis("Predicted label", names);
        x.setVerticalTickLabels(vertical);
        SymbolAxis y = new SymbolAxis("True label", names);
        y.setInverted(true);
        for (SymbolAxis a : List.of(x, y)) {
            a.setGridBandsVisible(false);
            a.setTickLabelFont(tickFont);
            a.setLabelFont(axisFont);
            a.setTickLabelPaint(new Color(0x222222));
            a.setLabelPaint(new Color(0x222222));
            a.setAxisLineVisible(false);
            a.setTickMarksVisible(false);
            a.setRange(-0.5, c - 0.5);
            a.setLowerMargin(0);
            a.setUpperMargin(0);
        }

        CountScale scale = new CountScale(max);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setBlockWidth(1);
        renderer.setBlockHeight(1);
        renderer.setPaintScale(scale);

        XYPlot plot = new XYPlot(dataset, x, y, renderer);
        plot.setDomainAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
        plot.setRangeAxisLocation(AxisLocation.TOP_OR_LEFT);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setOutlinePaint(new Color(0x999999));
        plot.setOutlineStroke(new BasicStroke(1f));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < c; j++) {
                Color fill = scale.color(m[i][j]);
                XYTextAnnotation a = new XYTextAnnotation(Integer.toString(m[i][j]), j, i);
                a.setFont(i == j && m[i][j] > 0 ? countFont.deriveFont(Font.BOLD) : countFont);
                a.setPaint(m[i][j] == 0 ? new Color(0xb0b0b0) : textColor(fill));
                plot.addAnnotation(a);
            }
        }

        // Fixed axis space, so the cells come out square whatever the label lengths.
        int left = widest + fm.getHeight() + 28;
        int bottom = (vertical ? widest : fm.getHeight()) + fm.getHeight() + 28;
        AxisSpace rangeSpace = new AxisSpace();
        rangeSpace.setLeft(left);
        plot.setFixedRangeAxisSpace(rangeSpace);
        AxisSpace domainSpace = new AxisSpace();
        domainSpace.setBottom(bottom);
        plot.setFixedDomainAxisSpace(domainSpace);

        JFreeChart chart = new JFreeChart(null, titleFont, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        TextTitle title = new TextTitle(String.format(Locale.ROOT, "Confusion matrix  (n = %d, accuracy %.3f)",
                ev.n(), ev.accuracy()), titleFont);
        title.setPaint(new Color(0x222222));
        title.setPadding(new RectangleInsets(10, 0, 10, 0));
        chart.setTitle(title);

        NumberAxis scaleAxis = new NumberAxis("count");
        scaleAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        scaleAxis.setRange(0, scale.getUpperBound());
        scaleAxis.setTickLabelFont(tickFont);
        scaleAxis.setLabelFont(tickFont);
        PaintScaleLegend legend = new PaintScaleLegend(scale, scaleAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setStripWidth(16);
        legend.setStripOutlineVisible(true);
        legend.setSubdivisionCount(Math.max(64, max + 1));
        legend.setAxisOffset(4);
        legend.setMargin(new RectangleInsets(4, 16, 4, 12));
        legend.setFrame(BlockBorder.NONE);
        legend.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(legend);

        int legendWidth = 16 + 16 + 12 + 4 + metrics(tickFont).stringWidth(Integer.toString(max)) + fm.getHeight() + 24;
        int titleHeight = metrics(titleFont).getHeight() + 20;
        int titleWidth = metrics(titleFont).stringWidth(title.getText()) + 40;
        if (left + c * cell + legendWidth + 16 < titleWidth) { // few, short labels: larger cells rather than a cut title
            cell = (titleWidth - left - legendWidth - 16 + c - 1) / c;
        }
        int width = left + c * cell + legendWidth + 16;
        int height = titleHeight + c * cell + bottom + 12;
        return new Chart(chart, width, height);
    }

    private static FontMetrics metrics(Font font) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            return g.getFontMetrics(font);
        } finally {
            g.dispose();
        }
    }

    static byte[] png(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    // ---- report.html ----

    static String html(Metrics.Evaluation ev, Map<String, String> provenance, byte[] png) {
        return html(ev, provenance, png, null);
    }

    static String html(Metrics.Evaluation ev, Map<String, String> provenance, byte[] png, LabelAgreement.Result raters) {
        StringBuilder h = new StringBuilder(8192 + png.length * 4 / 3);
        String model = provenance.getOrDefault("modelId", "");
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Evaluation")
                .append(model.isEmpty() ? "" : " of " + esc(model)).append(" — DanceLens</title>\n<style>\n")
                .append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:60em;")
                .append("padding:0 1em;color:#222;line-height:1.4}\n")
                .append("h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.8em}\n")
                .append("table{border-collapse:collapse;margin:.5em 0}th,td{padding:.25em .8em;border-bottom:1px solid #ddd;")
                .append("text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f5f8}\n")
                .append("img{max-width:100%;height:auto;border:1px solid #eee}\n.note{color:#555;font-size:.9em}\n")
                .append("code{background:#f3f5f8;padding:0 .2em}\n</style>\n</head>\n<body>\n");
        h.append("<h1>Evaluation").append(model.isEmpty() ? "" : " of <code>" + esc(model) + "</code>").append("</h1>\n");

        h.append("<h2>Summary</h2>\n<table>\n");
        row(h, "Items", Integer.toString(ev.n()));
        row(h, "Accuracy", fmt(ev.accuracy()));
        row(h, "Balanced accuracy", fmt(ev.balancedAccuracy()));
        row(h, "Macro precision", fmt(ev.macroPrecision()));
        row(h, "Macro recall", fmt(ev.macroRecall()));
        row(h, "Macro F1", fmt(ev.macroF1()));
        for (Map.Entry<Integer, Double> k : ev.topK().entrySet()) {
            row(h, "Top-" + k.getKey() + " accuracy", fmt(k.getValue()));
        }
        h.append("</table>\n");

        h.append("<h2>Per class</h2>\n<table>\n<tr><th>label</th><th>support</th><th>predicted</th>")
                .append("<th>precision</th><th>recall</th><th>F1</th></tr>\n");
        for (Metrics.ClassMetrics c : ev.perClass()) {
            h.append("<tr><td>").append(esc(c.label())).append("</td><td class=\"n\">").append(c.support())
                    .append("</td><td class=\"n\">").append(c.predicted())
                    .append("</td><td class=\"n\">").append(fmt(c.precision()))
                    .append("</td><td class=\"n\">").append(fmt(c.recall()))
                    .append("</td><td class=\"n\">").append(fmt(c.f1())).append("</td></tr>\n");
        }
        h.append("</table>\n<p class=\"note\">support: items truly of the class; predicted: items the model gave it. ")
                .append("A class never predicted has precision 0, a class predicted but absent from the truth has recall 0, ")
                .append("and a class in neither (—) is left out of the macro averages, which are unweighted means over the ")
                .append("other classes. Balanced accuracy is the mean recall over the classes in the truth.</p>\n");

        h.append("<h2>Confusion matrix</h2>\n<p><img alt=\"Confusion matrix: true labels down, predicted labels across\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\"></p>\n")
                .append("<p class=\"note\">Rows: true label; columns: predicted label. The same counts are in <code>")
                .append(CONFUSION_CSV).append("</code>.</p>\n");

        List<Metrics.Prediction> wrong = ev.predictions().stream().filter(p -> !p.correct()).toList();
        h.append("<h2>Misclassified items (").append(wrong.size()).append(" of ").append(ev.n()).append(")</h2>\n");
        if (!wrong.isEmpty()) {
            h.append("<table>\n<tr><th>item</th><th>true</th><th>predicted</th><th>rank of the true label</th></tr>\n");
            for (Metrics.Prediction p : wrong) {
                int rank = p.ranked().indexOf(p.trueLabel());
                h.append("<tr><td>").append(esc(p.item())).append("</td><td>").append(esc(p.trueLabel()))
                        .append("</td><td>").append(esc(p.predicted())).append("</td><td class=\"n\">")
                        .append(rank < 0 ? "below " + p.ranked().size() : Integer.toString(rank + 1)).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }

        if (raters != null) {
            h.append("<h2>The raters</h2>\n<table>\n<tr><th>Fleiss' κ (").append(raters.raters().size()).append(" raters, ")
                    .append(raters.itemsRatedByAll()).append(" items labelled by all)</th><td class=\"n\">").append(fmt(raters.kappa()))
                    .append("</td></tr>\n</table>\n<h3>Is the model as good as a rater?</h3>\n<table>\n<tr><th>rater left out</th>")
                    .append("<th>items</th><th>rater's agreement</th><th>model's agreement</th></tr>\n");
            for (LabelAgreement.LeftOut l : raters.leftOut()) {
                h.append("<tr><td>").append(esc(l.rater())).append("</td><td class=\"n\">").append(l.n()).append("</td><td class=\"n\">")
                        .append(fmt(l.raterAgreement())).append("</td><td class=\"n\">").append(fmt(l.modelAgreement())).append("</td></tr>\n");
            }
            h.append("</table>\n<p class=\"note\">Agreement: the fraction of the items on which the rater's label (or the model's best ")
                    .append("label) is the majority label of the other raters; items where the others tie are left out.</p>\n");
        }

        h.append("<h2>Provenance</h2>\n<table>\n");
        for (Map.Entry<String, String> p : provenance.entrySet()) {
            h.append("<tr><th>").append(esc(p.getKey())).append("</th><td><code>").append(esc(p.getValue()))
                    .append("</code></td></tr>\n");
        }
        h.append("</table>\n<p class=\"note\">Written by DanceLens. Machine-readable numbers: <code>").append(METRICS_JSON)
                .append("</code>.</p>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void row(StringBuilder h, String name, String value) {
        h.append("<tr><th>").append(name).append("</th><td class=\"n\">").append(value).append("</td></tr>\n");
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "—";
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
