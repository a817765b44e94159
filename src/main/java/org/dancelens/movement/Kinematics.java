package org.dancelens.movement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dancelens.core.DanceLensException;

/**
 * The measures of one dancer in one call: {@link #measure(Track, Options)} gives a {@link KinematicsResult} with these
 * series (one value per sample of the track, NaN in gaps; {@code U} is px, or m for world keypoints and calibrated
 * images):
 * <ul>
 * <li>{@code angle.J}, {@code angular_velocity.J}, {@code angular_acceleration.J} for every {@link JointAngle} J (deg,
 * deg/s, deg/s^2): the angle from the keypoints as given, its derivatives from the Savitzky–Golay filter;</li>
 * <li>{@code speed.J}, {@code acceleration.J}, {@code jerk.J} for the twelve limb joints ({@link #LIMB_JOINTS}; U/s,
 * U/s^2, U/s^3; {@link Motion});</li>
 * <li>{@code com.x}, {@code com.y} (and {@code com.z} in 3D), {@code com_speed} ({@link CentreOfMass});</li>
 * <li>{@code symmetry.elbow|shoulder|hip|knee}: the symmetry index of the left and right angles per sample (%,
 * {@link Symmetry});</li>
 * <li>{@code quantity_of_motion} (U/s) and {@code energy} (U^2/s^2) over the limb joints ({@link Energy});</li>
 * <li>{@code tempo_bpm} and {@code tempo_strength} ({@link Tempo} of the energy; none in windows where the energy
 * never reaches the stillness threshold).</li>
 * </ul>
 * and this summary: {@code rom.J.min|p5|p95|max|range} per angle ({@link RangeOfMotion}); {@code mean_speed.J} and
 * {@code p95_speed.J} per limb joint; {@code symmetry_rom.P} (symmetry index of the left and right robust ranges of
 * motion) and {@code symmetry_speed.P} (of the mean speeds) per left/right pair; {@code sparc.J}, {@code ldlj.J} and
 * {@code smoothness_stretches.J} for the wrists and ankles ({@link Smoothness} of each gap-free stretch of the joint's
 * speed lasting at least {@code smoothnessMinSeconds}, averaged weighted by the stretches' durations);
 * {@code torso_length} (median distance from the middle of the hips to the middle of the shoulders, U),
 * {@code stillness_seconds}, {@code stillness_segments}; {@code tempo_bpm_median}; {@code mean_com_speed}.
 */
public final class Kinematics {
    private Kinematics() {
    }

    /** The twelve limb joints every skeleton has: shoulders, elbows, wrists, hips, knees, ankles. */
    public static final List<String> LIMB_JOINTS = List.of("left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist",
            "right_wrist", "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle");

    /** The end effectors whose smoothness is summarised. */
    public static final List<String> SMOOTHNESS_JOINTS = List.of("left_wrist", "right_wrist", "left_ankle", "right_ankle");

    /**
     * How to measure.
     *
     * @param space                    image keypoints (2D) or world keypoints (3D, metres)
     * @param calibration              metres per pixel for image keypoints, or null to stay in pixels
     * @param smoothingSeconds         the Savitzky–Golay window's span (rounded to an odd number of frames)
     * @param order                    the Savitzky–Golay polynomial order (3 or more gives jerk)
     * @param table                    the segment table column for the centre of mass
     * @param stillTorsoPerSecond      stillness when the root mean square speed of the limb joints stays under this
     *                                 many torso lengths per second (energy under its square)
     * @param stillMinSeconds          and for at least this long
     * @param smoothnessMinSeconds     shortest gap-free stretch whose smoothness is measured
     * @param tempo                    the tempo's windows and range
     * @param sparc                    SPARC's parameters
     */
    public record Options(Space space, Calibration calibration, double smoothingSeconds, int order, CentreOfMass.Table table,
                          double stillTorsoPerSecond, double stillMinSeconds, double smoothnessMinSeconds, Tempo.Options tempo,
                          Smoothness.SparcOptions sparc) {
        /**
         * Image keypoints in pixels, a 0.25 s cubic Savitzky–Golay window, de Leva's male column, stillness under 0.2
         * torso lengths per second for 0.5 s, smoothness of stretches of 1 s or more, tempo in 6 s windows 40–200 BPM,
         * SPARC's published parameters. The stillness threshold is a chosen default, not fitted to annotated data.
         */
        public static final Options DEFAULT = new Options(Space.IMAGE, null, 0.25, 3, CentreOfMass.Table.DE_LEVA_MALE, 0.2, 0.5, 1.0,
                Tempo.Options.DEFAULT, Smoothness.SparcOptions.DEFAULT);

        public Options {
            if (space == null || table == null || tempo == null || sparc == null) {
                throw new IllegalArgumentException("Kinematics options need a space, a segment table, tempo and SPARC settings.");
            }
            if (calibration != null && space == Space.WORLD) {
                throw new IllegalArgumentException("World keypoints are already in metres; a calibration applies to image keypoints only.");
            }
            if (order < 2) {
                throw new IllegalArgumentException("Accelerations need a Savitzky-Golay order of at least 2, got " + order + ".");
            }
            if (!(smoothingSeconds > 0) || !(stillTorsoPerSecond > 0) || !(stillMinSeconds >= 0) || !(smoothnessMinSeconds > 0)) {
                throw new IllegalArgumentException("Kinematics options need a positive smoothing window, stillness threshold and smoothness duration.");
            }
        }

        public Options withSpace(Space s) {
            return new Options(s, s == Space.WORLD ? null : calibration, smoothingSeconds, order, table, stillTorsoPerSecond, stillMinSeconds,
                    smoothnessMinSeconds, tempo, sparc);
        }

        public Options withCalibration(Calibration c) {
            return new Options(space, c, smoothingSeconds, order, table, stillTorsoPerSecond, stillMinSeconds, smoothnessMinSeconds, tempo, sparc);
        }

        public Options withTable(CentreOfMass.Table t) {
            return new Options(space, calibration, smoothingSeconds, order, t, stillTorsoPerSecond, stillMinSeconds, smoothnessMinSeconds, tempo, sparc);
        }

        public Options withSmoothing(double seconds, int polynomialOrder) {
            return new Options(space, calibration, seconds, polynomialOrder, table, stillTorsoPerSecond, stillMinSeconds, smoothnessMinSeconds, tempo,
                    sparc);
        }
    }

    /** Every measure of one dancer. */
    public static KinematicsResult measure(Track track, Options options) {
        if (options.space() == Space.WORLD && !track.hasWorld()) {
            throw DanceLensException.badInput("This pose run has no world (3D) keypoints; measure in image coordinates instead.");
        }
        double[] t = track.times();
        int n = t.length;
        double step = Resampled.medianStep(t);
        SavitzkyGolay sg = SavitzkyGolay.forDuration(options.smoothingSeconds(), step, options.order(), SavitzkyGolay.Edges.GAP);
        double scale = options.calibration() != null ? options.calibration().metresPerPixel() : 1;
        String u = options.space() == Space.WORLD || options.calibration() != null ? "m" : "px";
        Map<String, KinematicsResult.Series> series = new LinkedHashMap<>();
        Map<String, Double> summary = new LinkedHashMap<>();

        // joint angles and their derivatives; range of motion
        Map<JointAngle, double[]> angles = new LinkedHashMap<>();
        for (JointAngle a : JointAngle.values()) {
            double[] angle = a.compute(track, options.space());
            angles.put(a, angle);
            double[][][] d = sg.derivatives(t, new double[][] {angle}, 2);
            put(series, "angle." + a.id(), "deg", angle);
            put(series, "angular_velocity." + a.id(), "deg/s", d[1][0]);
            put(series, "angular_acceleration." + a.id(), "deg/s^2", d[2][0]);
            RangeOfMotion rom = RangeOfMotion.of(angle);
            summary.put("rom." + a.id() + ".min", rom.min());
            summary.put("rom." + a.id() + ".p5", rom.p5());
            summary.put("rom." + a.id() + ".p95", rom.p95());
            summary.put("rom." + a.id() + ".max", rom.max());
            summary.put("rom." + a.id() + ".range", rom.range());
        }

        // joint speeds, accelerations, jerks
        Map<String, double[]> speeds = new LinkedHashMap<>();
        for (String j : LIMB_JOINTS) {
            Motion m = Motion.of(t, track.joint(j, options.space()), sg, scale);
            speeds.put(j, m.speed());
            put(series, "speed." + j, u + "/s", m.speed());
            put(series, "acceleration." + j, u + "/s^2", m.acceleration());
            if (m.jerk() != null) {
                put(series, "jerk." + j, u + "/s^3", m.jerk());
            }
            summary.put("mean_speed." + j, Stats.mean(m.speed()));
            summary.put("p95_speed." + j, Stats.percentile(m.speed(), 95));
        }

        // centre of mass
        JointSeries com = CentreOfMass.compute(track, options.space(), options.table()).scaled(scale);
        String[] axes = {"x", "y", "z"};
        for (int d = 0; d < com.dimensions(); d++) {
            put(series, "com." + axes[d], u, com.coordinate(d));
        }
        double[] comSpeed = Motion.of(t, com, sg, 1).speed();
        put(series, "com_speed", u + "/s", comSpeed);
        summary.put("mean_com_speed", Stats.mean(comSpeed));

        // left/right symmetry
        for (JointAngle a : JointAngle.values()) {
            if (a.isLeft()) {
                String pair = a.id().substring("left_".length());
                put(series, "symmetry." + pair, "%", Symmetry.index(angles.get(a), angles.get(a.mirror())));
                summary.put("symmetry_rom." + pair, Symmetry.index(RangeOfMotion.of(angles.get(a)).range(), RangeOfMotion.of(angles.get(a.mirror())).range()));
            }
        }
        for (String j : LIMB_JOINTS) {
            if (j.startsWith("left_")) {
                String pair = j.substring("left_".length());
                summary.put("symmetry_speed." + pair, Symmetry.index(summary.get("mean_speed." + j), summary.get("mean_speed.right_" + pair)));
            }
        }

        // energy, stillness
        double[] qom = Energy.quantityOfMotion(new ArrayList<>(speeds.values()));
        double[] energy = Energy.energy(new ArrayList<>(speeds.values()));
        put(series, "quantity_of_motion", u + "/s", qom);
        put(series, "energy", u + "^2/s^2", energy);
        JointSeries midShoulder = track.midpoint("left_shoulder", "right_shoulder", "mid_shoulder", options.space()).scaled(scale);
        JointSeries midHip = track.midpoint("left_hip", "right_hip", "mid_hip", options.space()).scaled(scale);
        double[] torso = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int d = 0; d < midHip.dimensions(); d++) {
                double dd = midShoulder.get(d, i) - midHip.get(d, i);
                s += dd * dd;
            }
            torso[i] = Math.sqrt(s);
        }
        double torsoLength = Stats.median(torso);
        summary.put("torso_length", torsoLength);
        List<Energy.Segment> still = List.of();
        double stillEnergy = 0;
        if (torsoLength > 0) {
            double v = options.stillTorsoPerSecond() * torsoLength;
            stillEnergy = v * v;
            still = Energy.stillness(t, energy, stillEnergy, options.stillMinSeconds());
        }
        summary.put("stillness_seconds", still.stream().mapToDouble(Energy.Segment::duration).sum());
        summary.put("stillness_segments", (double) still.size());

        // tempo
        List<Tempo.Estimate> tempo = Tempo.overTime(t, energy, options.tempo(), stillEnergy);
        put(series, "tempo_bpm", "BPM", Tempo.perSample(t, tempo, false));
        put(series, "tempo_strength", "", Tempo.perSample(t, tempo, true));
        summary.put("tempo_bpm_median", Stats.median(tempo.stream().mapToDouble(Tempo.Estimate::bpm).toArray()));

        // smoothness of the end effectors
        for (String j : SMOOTHNESS_JOINTS) {
            double[] sp = speeds.get(j);
            double wSparc = 0;
            double wLdlj = 0;
            double sumSparc = 0;
            double sumLdlj = 0;
            int count = 0;
            for (int[] s : Track.stretches(sp)) {
                double dur = t[s[1] - 1] - t[s[0]];
                if (dur < options.smoothnessMinSeconds()) {
                    continue;
                }
                double[] ts = java.util.Arrays.copyOfRange(t, s[0], s[1]);
                double[] vs = java.util.Arrays.copyOfRange(sp, s[0], s[1]);
                Resampled r = Resampled.of(ts, vs, step);
                double sparc = Smoothness.sparc(r.values(), 1 / step, options.sparc());
                double ldlj = Smoothness.ldlj(ts, vs, sg);
                count++;
                if (Double.isFinite(sparc)) {
                    sumSparc += dur * sparc;
                    wSparc += dur;
                }
                if (Double.isFinite(ldlj)) {
                    sumLdlj += dur * ldlj;
                    wLdlj += dur;
                }
            }
            summary.put("sparc." + j, wSparc > 0 ? sumSparc / wSparc : Double.NaN);
            summary.put("ldlj." + j, wLdlj > 0 ? sumLdlj / wLdlj : Double.NaN);
            summary.put("smoothness_stretches." + j, (double) count);
        }
        return new KinematicsResult(track.trackId(), u, track.frames(), t, series, summary, still, tempo);
    }

    private static void put(Map<String, KinematicsResult.Series> series, String name, String unit, double[] values) {
        series.put(name, new KinematicsResult.Series(name, unit, values));
    }

    /**
     * Two dancers' synchrony ({@link Synchrony}) on one of their series (e.g. {@code energy}, {@code angle.left_knee}),
     * over the frames both were measured in. The two results must come from the same video (same frame times).
     */
    public static List<Synchrony.Window> synchrony(KinematicsResult a, KinematicsResult b, String seriesName, Synchrony.Options options) {
        int[] fa = a.frames();
        int[] fb = b.frames();
        int first = Math.max(fa[0], fb[0]);
        int last = Math.min(fa[fa.length - 1], fb[fb.length - 1]);
        if (last - first + 1 < 2) {
            throw DanceLensException.badInput("Dancers " + a.trackId() + " and " + b.trackId() + " share no frames, so their synchrony cannot be measured.");
        }
        int n = last - first + 1;
        double[] ta = a.times();
        double[] tb = b.times();
        double[] va = a.values(seriesName);
        double[] vb = b.values(seriesName);
        double[] t = new double[n];
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            int ia = first + i - fa[0];
            int ib = first + i - fb[0];
            if (Math.abs(ta[ia] - tb[ib]) > 1e-6) {
                throw DanceLensException.badInput("Dancers " + a.trackId() + " and " + b.trackId() + " have different times for frame " + (first + i)
                        + "; synchrony compares dancers of one video.");
            }
            t[i] = ta[ia];
            x[i] = va[ia];
            y[i] = vb[ib];
        }
        return Synchrony.windowed(t, x, y, options);
    }
}
