package org.dancelens.classify;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.movement.Energy;
import org.dancelens.movement.JointAngle;
import org.dancelens.movement.Kinematics;
import org.dancelens.movement.SavitzkyGolay;

/**
 * Movement measures as per-frame features of a skeleton model: the card's {@code sequence.movement} list names them,
 * and {@link SkeletonRecipe#features} appends them, in the card's order, after each frame's keypoint features. They are
 * the movement package's own definitions ({@link JointAngle}, {@link Kinematics#LIMB_JOINTS}, {@link Energy}, the
 * Savitzky–Golay derivatives of {@code dancelens kinematics} with its default cubic 0.25 s window, ends handled by
 * shifting the window inside the stretch), computed on the window's frames at the model's rate before any sampling:
 * <ul>
 * <li>{@code angles}: the ten joint angles of {@link JointAngle}, in radians (0 to pi), from the keypoints in
 * DanceLens's own axes (the card's axis signs undone, so trunk lean's "up" is the image's up);</li>
 * <li>{@code angular_speeds}: the magnitude of each of those angles' Savitzky–Golay first derivative, rad/s;</li>
 * <li>{@code speeds}: the speed of the twelve limb joints, the magnitude of the Savitzky–Golay first derivative of
 * their centred and scaled positions (the same normalisation as the keypoint features), units per second;</li>
 * <li>{@code energy}: {@link Energy#energy} of those twelve speeds, the mean squared speed.</li>
 * </ul>
 * Gaps (a joint with no position, a ray with no length, a stretch shorter than the filter's window) are filled per
 * feature by carrying the last value before them forward (leading gaps take the first value); a feature with no value
 * in the whole window is 0. Zero-padded frames beyond a short window stay 0, as the keypoint features do.
 */
public final class MovementFeatures {
    /** The names a card may list, in the order documented. */
    public static final List<String> NAMES = List.of("angles", "angular_speeds", "speeds", "energy");

    private MovementFeatures() {
    }

    /** How many values per frame the named measure adds. */
    static int width(String name) {
        return switch (name) {
            case "angles", "angular_speeds" -> JointAngle.values().length;
            case "speeds" -> Kinematics.LIMB_JOINTS.size();
            case "energy" -> 1;
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Values per frame for a list of measures. */
    static int width(List<String> names) {
        return names.stream().mapToInt(MovementFeatures::width).sum();
    }

    /**
     * The card's list checked: known names, none twice, every joint they need in the schema.
     *
     * @return the list unchanged (an empty list for null)
     */
    static List<String> check(List<String> names, SkeletonSchema schema, String modelId) {
        if (names == null) {
            return List.of();
        }
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (n == null || !NAMES.contains(n)) {
                throw DanceLensException.badInput("The card of " + modelId + " lists the movement feature '" + n + "'; the known ones are "
                        + String.join(", ", NAMES) + ".");
            }
            if (!seen.add(n)) {
                throw DanceLensException.badInput("The card of " + modelId + " lists the movement feature '" + n + "' twice.");
            }
        }
        List<String> joints = new ArrayList<>(Kinematics.LIMB_JOINTS);
        for (JointAngle a : JointAngle.values()) {
            joints.addAll(List.of(a.definition().uses()));
        }
        if (!names.isEmpty()) {
            for (String j : joints) {
                try {
                    schema.index(j);
                } catch (IllegalArgumentException e) {
                    throw DanceLensException.badInput("The card of " + modelId + " asks for movement features, which need the joint '" + j
                            + "' that " + schema.id() + " does not have.");
                }
            }
        }
        return List.copyOf(names);
    }

    /**
     * The movement features of one window, {@code [frame][feature]}.
     *
     * @param raw    the window's keypoints in DanceLens's axes {@code [t][j][c]} (angles)
     * @param normed the same keypoints centred and scaled as the keypoint features are (speeds)
     * @param fps    the model's frame rate
     */
    static double[][] compute(List<String> names, SkeletonSchema schema, double[][][] raw, double[][][] normed, double fps) {
        int n = raw.length;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i / fps;
        }
        SavitzkyGolay filter = n >= 3 ? SavitzkyGolay.forDuration(Kinematics.Options.DEFAULT.smoothingSeconds(), 1 / fps,
                Kinematics.Options.DEFAULT.order(), SavitzkyGolay.Edges.SHIFT) : null;
        List<double[]> columns = new ArrayList<>();
        double[][] angles = null;
        double[][] speeds = null;
        for (String name : names) {
            switch (name) {
                case "angles" -> {
                    angles = angles != null ? angles : angles(schema, raw);
                    columns.addAll(List.of(angles));
                }
                case "angular_speeds" -> {
                    angles = angles != null ? angles : angles(schema, raw);
                    for (double[] a : angles) {
                        columns.add(speed(filter, t, new double[][] {a}));
                    }
                }
                case "speeds", "energy" -> {
                    if (speeds == null) {
                        speeds = new double[Kinematics.LIMB_JOINTS.size()][];
                        for (int k = 0; k < speeds.length; k++) {
                            int j = schema.index(Kinematics.LIMB_JOINTS.get(k));
                            double[][] coords = new double[normed[0][j].length][n];
                            for (int i = 0; i < n; i++) {
                                for (int c = 0; c < coords.length; c++) {
                                    coords[c][i] = normed[i][j][c];
                                }
                            }
                            speeds[k] = speed(filter, t, coords);
                        }
                    }
                    if (name.equals("speeds")) {
                        columns.addAll(List.of(speeds));
                    } else {
                        columns.add(Energy.energy(List.of(speeds)));
                    }
                }
                default -> throw new IllegalArgumentException(name.toLowerCase(Locale.ROOT));
            }
        }
        double[][] out = new double[n][columns.size()];
        for (int f = 0; f < columns.size(); f++) {
            double[] col = fill(columns.get(f));
            for (int i = 0; i < n; i++) {
                out[i][f] = col[i];
            }
        }
        return out;
    }

    private static double[][] angles(SkeletonSchema schema, double[][][] raw) {
        JointAngle[] all = JointAngle.values();
        double[][] out = new double[all.length][raw.length];
        for (int a = 0; a < all.length; a++) {
            for (int i = 0; i < raw.length; i++) {
                double[][] frame = raw[i];
                out[a][i] = Math.toRadians(all[a].definition().degrees(name -> frame[schema.index(name)].clone()));
            }
        }
        return out;
    }

    /** The magnitude of the Savitzky–Golay first derivative per sample; NaN where the filter has none. */
    private static double[] speed(SavitzkyGolay filter, double[] t, double[][] coords) {
        int n = t.length;
        double[] out = new double[n];
        if (filter == null) {
            java.util.Arrays.fill(out, Double.NaN);
            return out;
        }
        double[][] v = filter.derivatives(t, coords, 1)[1];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (double[] vd : v) {
                s += vd[i] * vd[i];
            }
            out[i] = Math.sqrt(s);
        }
        return out;
    }

    /** Gaps carry the last value forward; leading gaps take the first value; no value at all is 0. */
    static double[] fill(double[] x) {
        double[] out = x.clone();
        int first = -1;
        for (int i = 0; i < out.length; i++) {
            if (Double.isFinite(out[i])) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            java.util.Arrays.fill(out, 0);
            return out;
        }
        for (int i = 0; i < first; i++) {
            out[i] = out[first];
        }
        for (int i = first + 1; i < out.length; i++) {
            if (!Double.isFinite(out[i])) {
                out[i] = out[i - 1];
            }
        }
        return out;
    }
}
