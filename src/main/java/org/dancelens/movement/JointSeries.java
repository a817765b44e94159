package org.dancelens.movement;

import java.util.Arrays;

/**
 * One point's coordinates over the frames of a {@link Track}: a joint, or a point made from joints (the middle of the
 * shoulders). {@code coords[d][i]} is coordinate d (x, y, and z for 3D) at the track's sample i; a sample where the
 * point is unknown (a joint under the confidence threshold, a frame without the dancer) is NaN in every coordinate:
 * a gap, never a zero. Immutable: the arrays are copied in and out.
 */
public final class JointSeries {
    private final String name;
    private final double[][] coords;

    /**
     * @param name   what the point is (a joint name, or a made-up name such as {@code mid_shoulder})
     * @param coords {@code [dimension][sample]}, 2 or 3 dimensions of equal length; a sample with any NaN coordinate
     *               becomes a gap in all of them
     */
    public JointSeries(String name, double[][] coords) {
        if (coords.length < 2 || coords.length > 3) {
            throw new IllegalArgumentException("A joint series has 2 or 3 coordinates, got " + coords.length + ".");
        }
        int n = coords[0].length;
        double[][] c = new double[coords.length][];
        for (int d = 0; d < coords.length; d++) {
            if (coords[d].length != n) {
                throw new IllegalArgumentException("The coordinates of " + name + " have different lengths (" + n + " and " + coords[d].length + ").");
            }
            c[d] = coords[d].clone();
        }
        for (int i = 0; i < n; i++) {
            boolean gap = false;
            for (double[] cd : c) {
                gap |= !Double.isFinite(cd[i]);
            }
            if (gap) {
                for (double[] cd : c) {
                    cd[i] = Double.NaN;
                }
            }
        }
        this.name = name;
        this.coords = c;
    }

    public String name() {
        return name;
    }

    /** 2 for image keypoints, 3 for world keypoints. */
    public int dimensions() {
        return coords.length;
    }

    public int size() {
        return coords[0].length;
    }

    /** Coordinate d (0 x, 1 y, 2 z) at sample i; NaN in a gap. */
    public double get(int d, int i) {
        return coords[d][i];
    }

    /** A copy of coordinate d over all samples. */
    public double[] coordinate(int d) {
        return coords[d].clone();
    }

    /** A copy of all coordinates, {@code [dimension][sample]}. */
    public double[][] coordinates() {
        double[][] c = new double[coords.length][];
        for (int d = 0; d < c.length; d++) {
            c[d] = coords[d].clone();
        }
        return c;
    }

    public boolean isGap(int i) {
        return Double.isNaN(coords[0][i]);
    }

    /** The point a fraction {@code f} of the way from this point to {@code other} (0 here, 1 there); a gap where either is. */
    public JointSeries towards(JointSeries other, double f, String name) {
        if (other.dimensions() != dimensions() || other.size() != size()) {
            throw new IllegalArgumentException("Cannot combine " + this.name + " and " + other.name + ": their dimensions or lengths differ.");
        }
        double[][] c = new double[coords.length][size()];
        for (int d = 0; d < c.length; d++) {
            for (int i = 0; i < size(); i++) {
                c[d][i] = coords[d][i] + f * (other.coords[d][i] - coords[d][i]);
            }
        }
        return new JointSeries(name, c);
    }

    /** The middle of this point and {@code other}. */
    public JointSeries midpoint(JointSeries other, String name) {
        return towards(other, 0.5, name);
    }

    /** This series with every coordinate multiplied by {@code factor} (pixels to metres). */
    public JointSeries scaled(double factor) {
        double[][] c = coordinates();
        for (double[] cd : c) {
            for (int i = 0; i < cd.length; i++) {
                cd[i] *= factor;
            }
        }
        return new JointSeries(name, c);
    }

    @Override
    public String toString() {
        return "JointSeries[" + name + ", " + dimensions() + "D, " + size() + " samples, " + Arrays.stream(coords[0]).filter(Double::isNaN).count() + " gaps]";
    }
}
