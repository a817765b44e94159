package org.dancelens.ui.evaluate;

import java.util.Locale;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.dancelens.classify.ratings.RatingsEvaluation;
import org.dancelens.classify.ratings.ScoreAgreement;

/**
 * Draws one criterion's comparison in the window, as the report's charts show it: the scatter of the model's score
 * against the raters' mean with the least-squares line, or the Bland–Altman plot (the difference model − raters against
 * their average, the mean difference and the limits of agreement). Drawing only.
 */
public final class RatingsChart extends Region {
    /** Which plot. */
    public enum Kind { SCATTER, BLAND_ALTMAN }

    private static final double LEFT = 52;
    private static final double BOTTOM = 34;
    private static final double TOP = 22;
    private static final double RIGHT = 12;
    private static final Color POINT = Color.web("#1f77b4");
    private static final Color LINE = Color.web("#d62728");
    private static final Color INK = Color.web("#333333");
    private final Canvas canvas = new Canvas();
    private final Kind kind;
    private RatingsEvaluation.Criterion shown;

    public RatingsChart(Kind kind) {
        this.kind = kind;
        getChildren().add(canvas);
        setMinSize(200, 160);
        setPrefSize(420, 300);
        setId(kind == Kind.SCATTER ? "ratings-scatter" : "ratings-bland-altman");
    }

    /** Draws this criterion's comparison (null: nothing). */
    public void show(RatingsEvaluation.Criterion c) {
        shown = c;
        draw();
    }

    /** The criterion drawn, or null. */
    public RatingsEvaluation.Criterion shown() {
        return shown;
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    private void draw() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        if (shown == null || w < LEFT + RIGHT + 20 || h < TOP + BOTTOM + 20) {
            return;
        }
        int n = shown.model().length;
        double[] xs = new double[n];
        double[] ys = new double[n];
        ScoreAgreement.Comparison m = shown.comparison();
        for (int i = 0; i < n; i++) {
            double model = shown.model()[i];
            double ref = shown.reference()[i];
            xs[i] = kind == Kind.SCATTER ? ref : (model + ref) / 2;
            ys[i] = kind == Kind.SCATTER ? model : model - ref;
        }
        double[] xr = range(xs);
        double[] yr = range(ys);
        if (kind == Kind.BLAND_ALTMAN && !Double.isNaN(m.lowerLimit())) {
            yr = range(new double[] {yr[0], yr[1], m.lowerLimit(), m.upperLimit()});
        }
        double pw = w - LEFT - RIGHT;
        double ph = h - TOP - BOTTOM;
        double[] xa = xr;
        double[] ya = yr;
        java.util.function.DoubleUnaryOperator x = v -> LEFT + (v - xa[0]) / (xa[1] - xa[0]) * pw;
        java.util.function.DoubleUnaryOperator y = v -> TOP + ph - (v - ya[0]) / (ya[1] - ya[0]) * ph;
        g.setFill(Color.web("#f7f7f7"));
        g.fillRect(LEFT, TOP, pw, ph);
        g.setFont(Font.font(10));
        g.setLineWidth(1);
        // grid and tick labels
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.CENTER);
        for (double t : ticks(xr)) {
            g.setStroke(Color.web("#e2e2e2"));
            g.strokeLine(x.applyAsDouble(t), TOP, x.applyAsDouble(t), TOP + ph);
            g.setFill(INK);
            g.fillText(tick(t), x.applyAsDouble(t), TOP + ph + 3);
        }
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.RIGHT);
        for (double t : ticks(yr)) {
            g.setStroke(Color.web("#e2e2e2"));
            g.strokeLine(LEFT, y.applyAsDouble(t), LEFT + pw, y.applyAsDouble(t));
            g.setFill(INK);
            g.fillText(tick(t), LEFT - 4, y.applyAsDouble(t));
        }
        g.setStroke(Color.web("#bbbbbb"));
        g.strokeRect(LEFT + 0.5, TOP + 0.5, pw - 1, ph - 1);
        g.save();
        g.beginPath();
        g.rect(LEFT, TOP, pw, ph);
        g.clip();
        g.setStroke(LINE);
        g.setLineWidth(1.5);
        g.setFill(LINE);
        g.setTextBaseline(VPos.BOTTOM);
        g.setTextAlign(TextAlignment.LEFT);
        if (kind == Kind.SCATTER) {
            if (!Double.isNaN(m.slope())) {
                g.strokeLine(x.applyAsDouble(xr[0]), y.applyAsDouble(m.intercept() + m.slope() * xr[0]), x.applyAsDouble(xr[1]),
                        y.applyAsDouble(m.intercept() + m.slope() * xr[1]));
            }
        } else {
            g.strokeLine(LEFT, y.applyAsDouble(m.bias()), LEFT + pw, y.applyAsDouble(m.bias()));
            g.fillText(String.format(Locale.ROOT, "bias %.3f", m.bias()), LEFT + 4, y.applyAsDouble(m.bias()) - 1);
            if (!Double.isNaN(m.lowerLimit())) {
                g.setLineDashes(6, 4);
                for (double limit : new double[] {m.lowerLimit(), m.upperLimit()}) {
                    boolean upper = limit > m.bias();
                    g.strokeLine(LEFT, y.applyAsDouble(limit), LEFT + pw, y.applyAsDouble(limit));
                    g.setTextBaseline(upper ? VPos.TOP : VPos.BOTTOM); // the label inside the plot: under the upper line, over the lower
                    g.fillText(String.format(Locale.ROOT, "%s1.96 SD %.3f", upper ? "+" : "−", limit), LEFT + 4, y.applyAsDouble(limit) + (upper ? 2 : -1));
                }
                g.setLineDashes();
            }
        }
        g.setFill(POINT);
        for (int i = 0; i < n; i++) {
            g.fillOval(x.applyAsDouble(xs[i]) - 3.5, y.applyAsDouble(ys[i]) - 3.5, 7, 7);
        }
        g.restore();
        g.setFill(INK);
        g.setFont(Font.font(null, javafx.scene.text.FontWeight.BOLD, 11));
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(kind == Kind.SCATTER
                ? String.format(Locale.ROOT, "%s: r = %s [%s, %s], n = %d", shown.criterion(), RatingsEvaluationViewModel.number(m.pearson()),
                RatingsEvaluationViewModel.number(m.pearsonLow()), RatingsEvaluationViewModel.number(m.pearsonHigh()), m.n())
                : shown.criterion() + ": Bland–Altman", LEFT, 4);
        g.setFont(Font.font(10));
        g.setTextAlign(TextAlignment.CENTER);
        g.fillText(kind == Kind.SCATTER ? "raters' mean" : "average of model and raters' mean", LEFT + pw / 2, TOP + ph + 17);
        g.save();
        g.translate(10, TOP + ph / 2);
        g.rotate(-90);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(kind == Kind.SCATTER ? "model's score (" + shown.label() + ")" : "model − raters' mean", 0, 0);
        g.restore();
    }

    /** The values' range, widened by 5 % on each side (or by 1 around a single value). */
    private static double[] range(double[] v) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            if (!Double.isNaN(d)) {
                lo = Math.min(lo, d);
                hi = Math.max(hi, d);
            }
        }
        if (!(hi > lo)) {
            return new double[] {lo - 1, hi + 1};
        }
        double pad = (hi - lo) * 0.05;
        return new double[] {lo - pad, hi + pad};
    }

    /** Round tick values inside the range, about five of them. */
    private static double[] ticks(double[] r) {
        double raw = (r[1] - r[0]) / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
        double first = Math.ceil(r[0] / step) * step;
        int count = (int) Math.floor((r[1] - first) / step) + 1;
        double[] t = new double[Math.max(0, count)];
        for (int i = 0; i < t.length; i++) {
            t[i] = first + i * step;
        }
        return t;
    }

    private static String tick(double v) {
        String s = String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
        return s.equals("-0") ? "0" : s;
    }
}
