package org.dancelens.movement;

import java.util.ArrayList;
import java.util.List;

/**
 * How much a dancer moves per frame, and when they are still.
 *
 * <ul>
 * <li>Quantity of motion: the mean speed of a fixed set of joints, {@code QoM(t) = (1/J) sum_j |v_j(t)|} (length
 * unit per second).</li>
 * <li>Energy: the mean squared speed of the same joints, {@code E(t) = (1/J) sum_j |v_j(t)|^2} (length unit squared per
 * second squared): the kinetic energy per unit mass the joints would have if each carried an equal share of it. It is
 * not the body's kinetic energy (no segment masses or rotation).</li>
 * </ul>
 * Both are gaps in a frame where any of the joints' speeds is one, so their values always average the same joints.
 */
public final class Energy {
    private Energy() {
    }

    /** A stretch of samples {@code [from, to)} and its times: first sample's time to last sample's time. */
    public record Segment(int from, int to, double start, double end) {
        public double duration() {
            return end - start;
        }
    }

    /** Mean speed per sample over the given speed series; a gap where any is. */
    public static double[] quantityOfMotion(List<double[]> speeds) {
        return meanOfPower(speeds, 1);
    }

    /** Mean squared speed per sample over the given speed series; a gap where any is. */
    public static double[] energy(List<double[]> speeds) {
        return meanOfPower(speeds, 2);
    }

    private static double[] meanOfPower(List<double[]> speeds, int power) {
        if (speeds.isEmpty()) {
            throw new IllegalArgumentException("Quantity of motion needs at least one joint's speed.");
        }
        int n = speeds.get(0).length;
        double[] out = new double[n];
        for (double[] s : speeds) {
            if (s.length != n) {
                throw new IllegalArgumentException("The joints' speed series differ in length (" + n + " and " + s.length + ").");
            }
            for (int i = 0; i < n; i++) {
                out[i] += power == 1 ? s[i] : s[i] * s[i];
            }
        }
        for (int i = 0; i < n; i++) {
            out[i] /= speeds.size();
        }
        return out;
    }

    /**
     * Stillness: the maximal runs of consecutive samples (no gap inside) whose energy is under {@code threshold},
     * lasting at least {@code minSeconds} from the run's first sample time to its last.
     */
    public static List<Segment> stillness(double[] t, double[] energy, double threshold, double minSeconds) {
        if (t.length != energy.length) {
            throw new IllegalArgumentException("Stillness needs one time per energy value, got " + t.length + " and " + energy.length + ".");
        }
        if (!(threshold > 0) || !(minSeconds >= 0)) {
            throw new IllegalArgumentException("Stillness needs a positive energy threshold and a minimum duration of 0 s or more, got " + threshold
                    + " and " + minSeconds + " s.");
        }
        List<Segment> out = new ArrayList<>();
        int i = 0;
        while (i < energy.length) {
            if (!(energy[i] < threshold)) {
                i++;
                continue;
            }
            int s = i;
            while (i < energy.length && energy[i] < threshold) {
                i++;
            }
            if (t[i - 1] - t[s] >= minSeconds) {
                out.add(new Segment(s, i, t[s], t[i - 1]));
            }
        }
        return out;
    }
}
