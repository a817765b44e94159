package org.dancelens.movement.music;

import java.util.Arrays;

/**
 * The beat alignment score (BAS) of dance generation research: how close the movement's kinematic beats are to the
 * music's beats, each distance weighted by a Gaussian:
 *
 * <pre>
 *   BAS = (1/|A|) Σ_{a ∈ A} exp(−min_{b ∈ B} (a − b)² / (2σ²))
 * </pre>
 *
 * <p>Which set is averaged over differs between the papers, so it is a setting ({@link Direction}):
 * <ul>
 * <li>{@link Direction#MUSIC_BEATS} (the default): {@code A} = music beats, {@code B} = kinematic beats — "the average
 * temporal distance between every music beat and its nearest kinematic beat", the formula of L. Siyao et al.,
 * "Bailando: 3D Dance Generation by Actor-Critic GPT with Choreographic Memory", CVPR 2022 (their
 * {@code BA(music_beats, motion_beats)} sums over music beats), which later dance-generation papers report, and the
 * wording of DanceLens's issue; some evaluation code calls this direction the "beat consistency score" of
 * B. Li et al., "DanceFormer", AAAI 2022. A dancer is penalised for the music beats they do not mark.</li>
 * <li>{@link Direction#KINEMATIC_BEATS}: {@code A} = kinematic beats, {@code B} = music beats, as in R. Li et al.,
 * "AI Choreographer: Music Conditioned 3D Dance Generation with AIST++", ICCV 2021, §5, and its released evaluation
 * code ({@code alignment_score}, a loop over the motion beats, each to its nearest music beat; 0 when there is no
 * motion beat). A dancer is not rewarded for extra stops between beats.</li>
 * </ul>
 *
 * <p>σ: both papers use σ = 3 frames on their 60 fps sequences; DanceLens works in seconds, so the default is
 * σ = 3/60 s = 0.05 s (a beat 50 ms from the nearest one scores e^{−½} ≈ 0.61, 100 ms e^{−2} ≈ 0.14). The score is
 * in [0, 1]; 1 when every averaged beat coincides with one of the other set.
 */
public final class BeatAlignment {
    /** σ = 3 frames at 60 fps, in seconds. */
    public static final double DEFAULT_SIGMA_SECONDS = 3.0 / 60.0;

    /** Which beats the score averages over. */
    public enum Direction {
        /** Over music beats, each to its nearest kinematic beat (Bailando, CVPR 2022). */
        MUSIC_BEATS,
        /** Over kinematic beats, each to its nearest music beat (AIST++, ICCV 2021). */
        KINEMATIC_BEATS
    }

    /** The score over time: the score of the beats in the window centred on each time (NaN where it holds none). */
    public record Windowed(double[] times, double[] scores, double windowSeconds) {
    }

    private BeatAlignment() {
    }

    /**
     * The beat alignment score.
     *
     * @return in [0, 1]; NaN when there is no beat to average over (the AIST++ code returns 0 when a dance has no
     *         kinematic beat); 0 when there are beats to average over but none to match them with
     */
    public static double score(double[] musicBeats, double[] kinematicBeats, double sigmaSeconds, Direction d) {
        return score(musicBeats, kinematicBeats, sigmaSeconds, d, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /** The score over the averaged beats in {@code [from, to)}, each matched against all beats of the other set. */
    public static double score(double[] musicBeats, double[] kinematicBeats, double sigmaSeconds, Direction d, double from, double to) {
        if (!(sigmaSeconds > 0)) {
            throw new IllegalArgumentException("sigma must be positive: " + sigmaSeconds);
        }
        double[] averaged = d == Direction.MUSIC_BEATS ? musicBeats : kinematicBeats;
        double[] other = sorted(d == Direction.MUSIC_BEATS ? kinematicBeats : musicBeats);
        double sum = 0;
        int count = 0;
        for (double a : averaged) {
            if (a < from || a >= to) {
                continue;
            }
            count++;
            double dist = nearest(other, a);
            if (Double.isFinite(dist)) {
                sum += Math.exp(-dist * dist / (2 * sigmaSeconds * sigmaSeconds));
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /**
     * The score in windows of {@code windowSeconds} centred every {@code stepSeconds} from {@code start} to {@code end}.
     */
    public static Windowed overTime(double[] musicBeats, double[] kinematicBeats, double sigmaSeconds, Direction d,
                                    double start, double end, double windowSeconds, double stepSeconds) {
        if (!(windowSeconds > 0) || !(stepSeconds > 0) || !(end >= start)) {
            throw new IllegalArgumentException("window and step must be positive and the range not reversed");
        }
        int count = 1 + (int) Math.floor((end - start) / stepSeconds + 1e-9);
        double[] times = new double[count];
        double[] scores = new double[count];
        for (int i = 0; i < count; i++) {
            double c = start + i * stepSeconds;
            times[i] = c;
            scores[i] = score(musicBeats, kinematicBeats, sigmaSeconds, d, c - windowSeconds / 2, c + windowSeconds / 2);
        }
        return new Windowed(times, scores, windowSeconds);
    }

    /** Distance from {@code t} to the nearest of the sorted {@code beats}; infinity when there are none. */
    static double nearest(double[] beats, double t) {
        if (beats.length == 0) {
            return Double.POSITIVE_INFINITY;
        }
        int k = Arrays.binarySearch(beats, t);
        if (k >= 0) {
            return 0;
        }
        int i = -k - 1;
        double best = Double.POSITIVE_INFINITY;
        if (i < beats.length) {
            best = beats[i] - t;
        }
        if (i > 0) {
            best = Math.min(best, t - beats[i - 1]);
        }
        return best;
    }

    private static double[] sorted(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s;
    }
}
