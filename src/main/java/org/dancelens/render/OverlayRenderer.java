package org.dancelens.render;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;
import java.util.List;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.RegionMask;
import org.dancelens.core.VideoFrame;

/**
 * Draws an {@link OverlayScene} into a pixel buffer through a {@link Viewport}, without a window (Java2D on a
 * {@link BufferedImage}, works headless): heat map first, then masks (both resampled bilinearly; a mask in the lighter
 * tint of the dancer's colour, translucent), then per dancer the selection outline, box and identity label, bones and
 * joints (antialiased; each joint with a dark ring, so it reads on any background), and last the chosen joint angles
 * (an arc on the interior side at the vertex, in the dancer's colour, and the degrees on a dark box). This is the one way overlays are drawn:
 * the player shows these pixels over the video, and an exporter lays them over the frame with {@link #composite}. The
 * same scene through the same viewport gives the same pixels.
 *
 * <p>A renderer keeps the colours of the last heat map it drew, so redrawing a scene with the same heat map is cheap;
 * that changes no pixel. Use one renderer per thread.
 */
public final class OverlayRenderer {
    /** Opacity of a segmentation mask where the person's probability is 1. */
    static final double MASK_OPACITY = 0.45;
    /** Joint radius in frame pixels (at least {@link #MIN_JOINT_RADIUS} buffer pixels). */
    static final double JOINT_RADIUS = 2.5;
    static final double MIN_JOINT_RADIUS = 3;
    /** The identity label's font (13 pixels, the player's label size). */
    static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final BasicStroke BOX = new BasicStroke(1.5f);
    private static final BasicStroke SELECTED_BOX = new BasicStroke(2.5f);
    private static final BasicStroke SELECTION = new BasicStroke(4f);
    /** Width of the dark ring drawn just outside every joint, in buffer pixels. */
    static final double JOINT_OUTLINE_WIDTH = 1.5;
    private static final BasicStroke JOINT_OUTLINE = new BasicStroke((float) JOINT_OUTLINE_WIDTH);
    private static final Color JOINT_OUTLINE_COLOUR = new Color(Palette.JOINT_OUTLINE, true);

    /** An angle's arc radius: this share of its shorter ray, within {@link #MIN_ARC_RADIUS}..{@link #MAX_ARC_RADIUS} buffer pixels. */
    static final double ARC_SHARE = 0.25;
    static final double MIN_ARC_RADIUS = 6;
    static final double MAX_ARC_RADIUS = 40;
    /** The arc's line in the dancer's colour, over a dark line this wide (so it reads on any background), buffer pixels. */
    static final double ARC_WIDTH = 2;
    static final double ANGLE_OUTLINE_WIDTH = 4;
    /** Opacity of the wedge between the rays, in the dancer's colour. */
    static final int WEDGE_ALPHA = 0x48;
    /** Width of the dashed rays of an angle that are not bones (trunk lean, head). */
    static final double ANGLE_RAY_WIDTH = 1.5;
    /** The degrees' font (11 pixels), white on a dark box. */
    static final Font ANGLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 11);
    static final double ANGLE_LABEL_PAD = 2;
    private static final Color ANGLE_LABEL_BACK = new Color(0xc8141414, true);

    private HeatMapLayer tintedHeat;
    /** The colours of {@link #tintedHeat}, premultiplied ARGB. */
    private int[] heatTint;

    /** A new transparent buffer the size of the viewport, in the format {@link #render(OverlayScene, Viewport, BufferedImage)} takes. */
    public static BufferedImage newBuffer(Viewport viewport) {
        return new BufferedImage(viewport.width(), viewport.height(), BufferedImage.TYPE_INT_ARGB_PRE);
    }

    /** The scene drawn into a new buffer the size of the viewport. */
    public BufferedImage render(OverlayScene scene, Viewport viewport) {
        BufferedImage img = newBuffer(viewport);
        render(scene, viewport, img);
        return img;
    }

    /**
     * Clears {@code into} to transparent and draws the scene into it.
     *
     * @param into a {@link BufferedImage#TYPE_INT_ARGB_PRE} buffer of the viewport's size (reused from call to call)
     */
    public void render(OverlayScene scene, Viewport viewport, BufferedImage into) {
        if (into.getType() != BufferedImage.TYPE_INT_ARGB_PRE || into.getWidth() != viewport.width() || into.getHeight() != viewport.height()) {
            throw new IllegalArgumentException("the buffer must be TYPE_INT_ARGB_PRE of " + viewport.width() + "x" + viewport.height());
        }
        Arrays.fill(((DataBufferInt) into.getRaster().getDataBuffer()).getData(), 0);
        draw(scene, viewport, into);
    }

    /**
     * Draws the scene into {@code into} without clearing it first: the pixels {@link #render(OverlayScene, Viewport,
     * BufferedImage)} makes when {@code into} is transparent. For a caller that keeps a buffer transparent itself, clearing
     * only what the last scene touched ({@link #bounds}) instead of the whole buffer.
     *
     * @param into a {@link BufferedImage#TYPE_INT_ARGB_PRE} buffer of the viewport's size, transparent
     */
    public void draw(OverlayScene scene, Viewport viewport, BufferedImage into) {
        if (into.getType() != BufferedImage.TYPE_INT_ARGB_PRE || into.getWidth() != viewport.width() || into.getHeight() != viewport.height()) {
            throw new IllegalArgumentException("the buffer must be TYPE_INT_ARGB_PRE of " + viewport.width() + "x" + viewport.height());
        }
        int[] pixels = ((DataBufferInt) into.getRaster().getDataBuffer()).getData();
        if (scene.isEmpty()) {
            return;
        }
        // rasters first, straight into the pixels; then the vector drawing over them
        Resampler.Target whole = new Resampler.Target(pixels, viewport.width(), viewport.height(), 0, 0, viewport.width(), viewport.height());
        if (scene.heatMap() != null && scene.shows(OverlayScene.Layer.HEAT_MAP)) {
            drawHeat(whole, scene, viewport);
        }
        if (scene.shows(OverlayScene.Layer.MASKS)) {
            for (Pose p : scene.poses()) {
                if (p.mask() != null) {
                    drawMask(whole, p.mask(), Palette.maskTint(p.trackId()), viewport);
                }
            }
        }
        Graphics2D g = into.createGraphics();
        try {
            g.setComposite(AlphaComposite.SrcOver);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            for (Pose p : scene.poses()) {
                drawPose(g, scene, p, viewport);
            }
            for (Pose p : scene.comparePoses()) {
                drawComparePose(g, scene, p, viewport);
            }
            List<AngleMark> marks = scene.angleMarks();
            List<Rectangle2D> labels = angleLabels(marks, viewport);
            for (AngleMark m : marks) {
                drawArc(g, m, viewport);
            }
            for (int i = 0; i < marks.size(); i++) { // the labels over every arc
                drawAngleLabel(g, marks.get(i), labels.get(i));
            }
        } finally {
            g.dispose();
        }
    }

    /** Pixels of antialiasing and rounding allowed around every shape in {@link #bounds}. */
    private static final int BOUNDS_MARGIN = 3;
    private static final java.awt.font.FontRenderContext LABEL_FRC = new java.awt.font.FontRenderContext(null, true, true);

    /**
     * The buffer pixels drawing {@code scene} through {@code viewport} may change: a rectangle holding every heat map,
     * mask, outline, box, name, bone and joint the scene draws, each grown by its line width and a margin for
     * antialiasing, clipped to the buffer (empty when the scene draws nothing). Outside it {@link #render} leaves the
     * buffer transparent, so an exporter lays the overlay over the frame there alone.
     */
    public static java.awt.Rectangle bounds(OverlayScene scene, Viewport vp) {
        double[] b = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        if (!scene.comparePoses().isEmpty()) {
            // a compared run's skeletons (dashed bones, rings) are not measured here: the whole buffer, never too little
            return new java.awt.Rectangle(0, 0, vp.width(), vp.height());
        }
        if (!scene.isEmpty()) {
            double s = vp.scale();
            double min = scene.minConfidence();
            if (scene.heatMap() != null && scene.shows(OverlayScene.Layer.HEAT_MAP)) {
                double fw = scene.frameWidth() * s;
                double fh = scene.frameHeight() * s;
                double[] r = scene.heatMap().region();
                grow(b, vp.offsetX() + r[1] * fw, vp.offsetY() + r[0] * fh, vp.offsetX() + r[3] * fw, vp.offsetY() + r[2] * fh, 0);
            }
            for (Pose p : scene.poses()) {
                if (scene.shows(OverlayScene.Layer.MASKS) && p.mask() != null) {
                    RegionMask m = p.mask();
                    double side = m.side() * s;
                    AffineTransform at = new AffineTransform();
                    at.translate(vp.x(m.cx()), vp.y(m.cy()));
                    at.rotate(m.angle());
                    Rectangle2D r = at.createTransformedShape(new Rectangle2D.Double(-side / 2, -side / 2, side, side)).getBounds2D();
                    grow(b, r.getMinX(), r.getMinY(), r.getMaxX(), r.getMaxY(), 0);
                }
                if (p.trackId() == scene.selectedTrack()) {
                    float[] x = p.box() != null ? p.box() : p.keypointBox((float) min);
                    grow(b, vp.x(x[0]) - 3, vp.y(x[1]) - 3, vp.x(x[2]) + 3, vp.y(x[3]) + 3, SELECTION.getLineWidth());
                }
                boolean boxes = scene.shows(OverlayScene.Layer.BOXES);
                if ((boxes || scene.shows(OverlayScene.Layer.IDS)) && p.box() != null) {
                    float[] x = p.box();
                    if (boxes) {
                        grow(b, vp.x(x[0]), vp.y(x[1]), vp.x(x[2]), vp.y(x[3]), SELECTED_BOX.getLineWidth());
                    }
                    String name = org.dancelens.core.DancerNames.dancer(scene.poseModel(), p.trackId());
                    Rectangle2D t = LABEL_FONT.getStringBounds(name, LABEL_FRC);
                    double tx = vp.x(x[0]) + 2;
                    double ty = vp.y(x[1]) - 4;
                    // the logical bounds, grown by the font size for glyphs that reach past them
                    grow(b, tx + t.getMinX(), ty + t.getMinY(), tx + t.getMaxX(), ty + t.getMaxY(), 2 * LABEL_FONT.getSize());
                }
                boolean bones = scene.shows(OverlayScene.Layer.SKELETONS);
                if (!bones && !scene.shows(OverlayScene.Layer.JOINTS)) {
                    continue;
                }
                double r = Math.max(MIN_JOINT_RADIUS, s * JOINT_RADIUS);
                JointImportance imp = scene.shows(OverlayScene.Layer.JOINT_IMPORTANCE) ? scene.jointImportance() : null;
                if (imp != null && imp.track() == p.trackId()) {
                    for (Float v : imp.byJoint().values()) {
                        r = Math.max(r, Math.max(MIN_JOINT_RADIUS, s * JOINT_RADIUS) * (1 + v));
                    }
                }
                double line = Math.max(bones ? Math.max(1, s * scene.boneWidth()) : 0, 2 * (r + JOINT_OUTLINE_WIDTH));
                for (Keypoint k : p.keypoints()) {
                    if (k.score() >= min) {
                        grow(b, vp.x(k.x()), vp.y(k.y()), vp.x(k.x()), vp.y(k.y()), line);
                    }
                }
            }
        }
        if (!scene.isEmpty()) {
            List<AngleMark> marks = scene.angleMarks();
            List<Rectangle2D> labels = angleLabels(marks, vp);
            for (int i = 0; i < marks.size(); i++) {
                AngleMark m = marks.get(i);
                ArcGeometry a = ArcGeometry.of(m, vp);
                grow(b, a.vx, a.vy, a.vx, a.vy, a.radius + ANGLE_OUTLINE_WIDTH);
                Rectangle2D t = labels.get(i);
                // the box, and the glyphs reaching past it by the font size at most
                grow(b, t.getMinX(), t.getMinY(), t.getMaxX(), t.getMaxY(), ANGLE_FONT.getSize());
                if (!m.onBones()) {
                    grow(b, a.vx, a.vy, a.ax, a.ay, ANGLE_RAY_WIDTH);
                    grow(b, a.vx, a.vy, a.bx, a.by, ANGLE_RAY_WIDTH);
                }
            }
        }
        if (!(b[0] <= b[2])) {
            return new java.awt.Rectangle();
        }
        int x0 = (int) Math.max(0, Math.floor(b[0]) - BOUNDS_MARGIN);
        int y0 = (int) Math.max(0, Math.floor(b[1]) - BOUNDS_MARGIN);
        int x1 = (int) Math.min(vp.width(), Math.ceil(b[2]) + BOUNDS_MARGIN + 1);
        int y1 = (int) Math.min(vp.height(), Math.ceil(b[3]) + BOUNDS_MARGIN + 1);
        return x1 > x0 && y1 > y0 ? new java.awt.Rectangle(x0, y0, x1 - x0, y1 - y0) : new java.awt.Rectangle();
    }

    /**
     * Grows {@code b} (min x, min y, max x, max y) to hold a shape spanning these corners drawn with a line this wide
     * (a mitred corner or a square cap reaches at most the line width past them). A coordinate that is not finite makes
     * the bounds the whole buffer.
     */
    private static void grow(double[] b, double x0, double y0, double x1, double y1, double line) {
        if (!Double.isFinite(x0) || !Double.isFinite(y0) || !Double.isFinite(x1) || !Double.isFinite(y1)) {
            b[0] = b[1] = Double.NEGATIVE_INFINITY;
            b[2] = b[3] = Double.POSITIVE_INFINITY;
            return;
        }
        b[0] = Math.min(b[0], Math.min(x0, x1) - line);
        b[1] = Math.min(b[1], Math.min(y0, y1) - line);
        b[2] = Math.max(b[2], Math.max(x0, x1) + line);
        b[3] = Math.max(b[3], Math.max(y0, y1) + line);
    }

    /**
     * The frame's picture with an overlay drawn at frame resolution ({@link Viewport#frame}) laid over it, as an opaque
     * RGB image (what an exported frame shows).
     */
    public static BufferedImage composite(VideoFrame frame, BufferedImage overlay) {
        if (overlay.getWidth() != frame.width() || overlay.getHeight() != frame.height()) {
            throw new IllegalArgumentException("an overlay of " + overlay.getWidth() + "x" + overlay.getHeight() + " over a frame of "
                    + frame.width() + "x" + frame.height());
        }
        BufferedImage img = new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        byte[] bgra = frame.bgra();
        for (int i = 0; i < px.length; i++) {
            int o = 4 * i;
            px[i] = (bgra[o + 2] & 0xff) << 16 | (bgra[o + 1] & 0xff) << 8 | bgra[o] & 0xff;
        }
        Graphics2D g = img.createGraphics();
        try {
            g.drawImage(overlay, 0, 0, null);
        } finally {
            g.dispose();
        }
        return img;
    }

    /** The heat map over its region of the frame, clipped to the frame, each value blended with opacity x value. */
    private void drawHeat(Resampler.Target buffer, OverlayScene scene, Viewport vp) {
        HeatMapLayer h = scene.heatMap();
        if (h != tintedHeat) {
            heatTint = new int[h.width() * h.height()];
            float[] v = h.values();
            for (int i = 0; i < heatTint.length; i++) {
                int a = (int) Math.round(h.opacity() * Math.max(0, Math.min(1, v[i])) * 255);
                int c = h.colorMap().rgb(v[i]);
                heatTint[i] = a << 24 | premultiply(c >> 16 & 0xff, a) << 16 | premultiply(c >> 8 & 0xff, a) << 8 | premultiply(c & 0xff, a);
            }
            tintedHeat = h;
        }
        double fw = scene.frameWidth() * vp.scale();
        double fh = scene.frameHeight() * vp.scale();
        // the pixels whose centres are on the frame
        Resampler.Target clipped = new Resampler.Target(buffer.pixels(), buffer.width(), buffer.height(),
                Math.max(0, (int) Math.ceil(vp.offsetX() - 0.5)), Math.max(0, (int) Math.ceil(vp.offsetY() - 0.5)),
                Math.min(buffer.width(), (int) Math.ceil(vp.offsetX() + fw - 0.5)), Math.min(buffer.height(), (int) Math.ceil(vp.offsetY() + fh - 0.5)));
        double[] r = h.region();
        Resampler.drawArgb(clipped, heatTint, h.width(), h.height(), vp.offsetX() + r[1] * fw, vp.offsetY() + r[0] * fh, (r[3] - r[1]) * fw,
                (r[2] - r[0]) * fh);
    }

    /** A segmentation mask over its rotated square, in the dancer's colour, as opaque as the person is probable. */
    private static void drawMask(Resampler.Target buffer, RegionMask m, int rgb, Viewport vp) {
        int n = m.size();
        int[] alpha = new int[n * n];
        float[] v = m.values();
        // the cells that show, and one more cell all round for the blend into them
        int i0 = n;
        int j0 = n;
        int i1 = -1;
        int j1 = -1;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                int a = (int) Math.round(MASK_OPACITY * 255 * Math.max(0, Math.min(1, v[j * n + i])));
                alpha[j * n + i] = a;
                if (a > 0) {
                    i0 = Math.min(i0, i);
                    j0 = Math.min(j0, j);
                    i1 = Math.max(i1, i);
                    j1 = Math.max(j1, j);
                }
            }
        }
        if (i1 < 0) {
            return;
        }
        double side = m.side() * vp.scale();
        AffineTransform at = new AffineTransform();
        at.translate(vp.x(m.cx()), vp.y(m.cy()));
        at.rotate(m.angle());
        at.translate(-side / 2, -side / 2);
        at.scale(side / n, side / n);
        Resampler.drawAlpha(buffer, alpha, n, n, Math.max(0, i0 - 1), Math.max(0, j0 - 1), Math.min(n, i1 + 2), Math.min(n, j1 + 2), rgb, at);
    }

    private static int premultiply(int channel, int alpha) {
        return (channel * alpha + 127) / 255;
    }

    /**
     * A second run's dancer (two pose runs compared), with the skeleton layers: bones dashed and joints as hollow rings,
     * all in {@link Palette#COMPARE}, so it reads apart from the first run's dancers drawn under it; no box or name (the
     * pairing is the comparison's business, listed in the Compare tab).
     */
    private static void drawComparePose(Graphics2D g, OverlayScene scene, Pose p, Viewport vp) {
        boolean bones = scene.shows(OverlayScene.Layer.SKELETONS);
        if (!bones && !scene.shows(OverlayScene.Layer.JOINTS)) {
            return;
        }
        double s = vp.scale();
        double min = scene.minConfidence();
        Color c = new Color(Palette.COMPARE, true);
        float w = (float) Math.max(1, s * scene.boneWidth());
        List<Keypoint> kps = p.keypoints();
        g.setColor(c);
        if (bones) {
            g.setStroke(new BasicStroke(w, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {3 * w + 2, 2 * w + 2}, 0));
            for (int[] bone : p.schema().bones()) {
                Keypoint a = kps.get(bone[0]);
                Keypoint b = kps.get(bone[1]);
                if (a.score() >= min && b.score() >= min) {
                    g.draw(new Line2D.Double(vp.x(a.x()), vp.y(a.y()), vp.x(b.x()), vp.y(b.y())));
                }
            }
        }
        // a ring just outside where the first run's joint disc and its dark ring end: where the runs agree, B's ring circles A's joint
        double r = Math.max(MIN_JOINT_RADIUS, s * JOINT_RADIUS) + JOINT_OUTLINE_WIDTH + 1.5;
        g.setStroke(new BasicStroke(1.5f));
        for (Keypoint k : kps) {
            if (k.score() >= min) {
                g.draw(new Ellipse2D.Double(vp.x(k.x()) - r, vp.y(k.y()) - r, 2 * r, 2 * r));
            }
        }
    }

    /** An angle's degrees as labelled: whole degrees, e.g. {@code 92°}. */
    static String angleText(AngleMark m) {
        return Math.round(m.degrees()) + "\u00b0";
    }

    /**
     * Where an angle is drawn, in buffer pixels: the vertex, the rays' ends, the arc's radius, the direction of its first
     * ray and the signed sweep to the second (the interior side, at most 180 degrees).
     */
    record ArcGeometry(double vx, double vy, double ax, double ay, double bx, double by, double radius, double start, double sweep) {
        static ArcGeometry of(AngleMark m, Viewport vp) {
            double vx = vp.x(m.vx());
            double vy = vp.y(m.vy());
            double ax = vp.x(m.ax());
            double ay = vp.y(m.ay());
            double bx = vp.x(m.bx());
            double by = vp.y(m.by());
            double ux = ax - vx;
            double uy = ay - vy;
            double wx = bx - vx;
            double wy = by - vy;
            double shorter = Math.min(Math.hypot(ux, uy), Math.hypot(wx, wy));
            double r = Math.max(MIN_ARC_RADIUS, Math.min(MAX_ARC_RADIUS, ARC_SHARE * shorter));
            double start = Math.atan2(uy, ux);
            // signed: from the first ray to the second the short way round, so the arc spans the interior angle
            double sweep = Math.atan2(ux * wy - uy * wx, ux * wx + uy * wy);
            return new ArcGeometry(vx, vy, ax, ay, bx, by, r, start, sweep);
        }

        /** The point on the arc's circle (or at distance {@code d}) at this share of the sweep. */
        double[] at(double share, double d) {
            double t = start + share * sweep;
            return new double[] {vx + d * Math.cos(t), vy + d * Math.sin(t)};
        }

        java.awt.geom.Path2D arc(boolean wedge) {
            java.awt.geom.Path2D.Double path = new java.awt.geom.Path2D.Double();
            int steps = Math.max(4, (int) Math.ceil(Math.abs(sweep) * radius / 2));
            if (wedge) {
                path.moveTo(vx, vy);
            }
            for (int i = 0; i <= steps; i++) {
                double[] q = at(i / (double) steps, radius);
                if (i == 0 && !wedge) {
                    path.moveTo(q[0], q[1]);
                } else {
                    path.lineTo(q[0], q[1]);
                }
            }
            if (wedge) {
                path.closePath();
            }
            return path;
        }
    }

    /**
     * One joint angle's arc: a translucent wedge and an arc (dark under the dancer's colour) between the rays at the
     * vertex, and the rays themselves dashed when they are not bones (trunk lean, head). Its degrees are drawn after every
     * arc, in white on a dark box ({@link #angleLabels}).
     */
    /**
     * Where each angle's degrees go, in buffer pixels: a box just outside the middle of its arc, or, where that box would
     * cover one placed before it (a left and a right knee side by side, say), the nearest of a few places further out or
     * turned to either side that is free (the first place when none is).
     */
    static List<Rectangle2D> angleLabels(List<AngleMark> marks, Viewport vp) {
        List<Rectangle2D> placed = new java.util.ArrayList<>();
        java.awt.font.LineMetrics lm = ANGLE_FONT.getLineMetrics("0", LABEL_FRC);
        double th = lm.getAscent() + lm.getDescent() + 2 * ANGLE_LABEL_PAD;
        for (AngleMark m : marks) {
            ArcGeometry a = ArcGeometry.of(m, vp);
            double tw = ANGLE_FONT.getStringBounds(angleText(m), LABEL_FRC).getWidth() + 2 * ANGLE_LABEL_PAD;
            double mid = a.start + a.sweep / 2;
            Rectangle2D first = null;
            Rectangle2D chosen = null;
            for (int step = 0; step < 4 && chosen == null; step++) {
                for (double turn : new double[] {0, 40, -40, 80, -80}) {
                    double t = mid + Math.toRadians(turn);
                    // the box's centre far enough out along t that the box clears the arc
                    double d = a.radius + ANGLE_OUTLINE_WIDTH / 2 + 3 + Math.abs(Math.cos(t)) * tw / 2 + Math.abs(Math.sin(t)) * th / 2 + step * th;
                    Rectangle2D box = new Rectangle2D.Double(a.vx + d * Math.cos(t) - tw / 2, a.vy + d * Math.sin(t) - th / 2, tw, th);
                    if (first == null) {
                        first = box;
                    }
                    if (placed.stream().noneMatch(box::intersects)) {
                        chosen = box;
                        break;
                    }
                }
            }
            placed.add(chosen != null ? chosen : first);
        }
        return placed;
    }

    private static void drawArc(Graphics2D g, AngleMark m, Viewport vp) {
        ArcGeometry a = ArcGeometry.of(m, vp);
        int rgb = Palette.identity(m.track()) & 0xffffff;
        Color c = new Color(0xff000000 | rgb, true);
        if (!m.onBones()) {
            g.setColor(c);
            g.setStroke(new BasicStroke((float) ANGLE_RAY_WIDTH, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {5, 4}, 0));
            g.draw(new Line2D.Double(a.vx, a.vy, a.ax, a.ay));
            g.draw(new Line2D.Double(a.vx, a.vy, a.bx, a.by));
        }
        g.setColor(new Color(WEDGE_ALPHA << 24 | rgb, true));
        g.fill(a.arc(true));
        java.awt.geom.Path2D arc = a.arc(false);
        g.setColor(JOINT_OUTLINE_COLOUR);
        g.setStroke(new BasicStroke((float) ANGLE_OUTLINE_WIDTH, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(arc);
        g.setColor(c);
        g.setStroke(new BasicStroke((float) ARC_WIDTH, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(arc);
    }

    private static void drawAngleLabel(Graphics2D g, AngleMark m, Rectangle2D label) {
        g.setColor(ANGLE_LABEL_BACK);
        g.fill(new java.awt.geom.RoundRectangle2D.Double(label.getX(), label.getY(), label.getWidth(), label.getHeight(), 5, 5));
        g.setColor(Color.WHITE);
        g.setFont(ANGLE_FONT);
        java.awt.font.LineMetrics lm = ANGLE_FONT.getLineMetrics("0", LABEL_FRC);
        g.drawString(angleText(m), (float) (label.getX() + ANGLE_LABEL_PAD), (float) (label.getY() + ANGLE_LABEL_PAD + lm.getAscent()));
    }

    private static void drawPose(Graphics2D g, OverlayScene scene, Pose p, Viewport vp) {
        double s = vp.scale();
        double min = scene.minConfidence();
        Color c = new Color(Palette.identity(p.trackId()), true);
        boolean selected = p.trackId() == scene.selectedTrack();
        if (selected) {
            float[] b = p.box() != null ? p.box() : p.keypointBox((float) min);
            g.setColor(Color.WHITE);
            g.setStroke(SELECTION);
            g.draw(new Rectangle2D.Double(vp.x(b[0]) - 3, vp.y(b[1]) - 3, (b[2] - b[0]) * s + 6, (b[3] - b[1]) * s + 6));
        }
        boolean boxes = scene.shows(OverlayScene.Layer.BOXES);
        if ((boxes || scene.shows(OverlayScene.Layer.IDS)) && p.box() != null) {
            float[] b = p.box();
            g.setColor(c);
            if (boxes) {
                g.setStroke(selected ? SELECTED_BOX : BOX);
                g.draw(new Rectangle2D.Double(vp.x(b[0]), vp.y(b[1]), (b[2] - b[0]) * s, (b[3] - b[1]) * s));
            }
            g.setFont(LABEL_FONT);
            g.drawString(org.dancelens.core.DancerNames.dancer(scene.poseModel(), p.trackId()), (float) (vp.x(b[0]) + 2), (float) (vp.y(b[1]) - 4));
        }
        boolean bones = scene.shows(OverlayScene.Layer.SKELETONS);
        if (!bones && !scene.shows(OverlayScene.Layer.JOINTS)) {
            return;
        }
        List<Keypoint> kps = p.keypoints();
        if (bones) {
            g.setColor(c);
            g.setStroke(new BasicStroke((float) Math.max(1, s * scene.boneWidth())));
            for (int[] bone : p.schema().bones()) {
                Keypoint a = kps.get(bone[0]);
                Keypoint b = kps.get(bone[1]);
                if (a.score() >= min && b.score() >= min) {
                    g.draw(new Line2D.Double(vp.x(a.x()), vp.y(a.y()), vp.x(b.x()), vp.y(b.y())));
                }
            }
        }
        double r = Math.max(MIN_JOINT_RADIUS, s * JOINT_RADIUS);
        JointImportance imp = scene.shows(OverlayScene.Layer.JOINT_IMPORTANCE) ? scene.jointImportance() : null;
        boolean byImportance = imp != null && imp.track() == p.trackId();
        for (int j = 0; j < kps.size(); j++) {
            Keypoint k = kps.get(j);
            if (k.score() < min) {
                continue;
            }
            Float v = byImportance ? imp.byJoint().get(p.schema().joints().get(j)) : null;
            if (byImportance && v == null) {
                continue; // a joint the model does not read
            }
            double rr = byImportance ? r * (1 + v) : r;
            // the ring just outside the disc, then the disc
            double ro = rr + JOINT_OUTLINE_WIDTH / 2;
            g.setColor(JOINT_OUTLINE_COLOUR);
            g.setStroke(JOINT_OUTLINE);
            g.draw(new Ellipse2D.Double(vp.x(k.x()) - ro, vp.y(k.y()) - ro, 2 * ro, 2 * ro));
            g.setColor(new Color(byImportance ? Palette.importance(v) : Palette.jointConfidence(k.score()), true));
            g.fill(new Ellipse2D.Double(vp.x(k.x()) - rr, vp.y(k.y()) - rr, 2 * rr, 2 * rr));
        }
    }
}
