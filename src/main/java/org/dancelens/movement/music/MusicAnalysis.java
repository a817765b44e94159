package org.dancelens.movement.music;

import org.dancelens.video.AudioDecoder;
import org.dancelens.core.AudioTrack;
import org.dancelens.core.TaskContext;

/**
 * The music analysis of a video's decoded audio ({@code org.dancelens.video.AudioDecoder}) in one call: onset strength
 * ({@link OnsetStrength}), global tempo and tempo over time ({@link TempoEstimator}), beats ({@link BeatTracker}) and
 * a waveform summary; and, per dancer, the kinematic beats of a movement series and their alignment with the music
 * ({@link #align}). All times are seconds on the video's clock (0 = the first video frame).
 */
public final class MusicAnalysis {
    /** The analysis sample rate, Hz (the audio is decoded at this rate: {@code org.dancelens.video.AudioDecoder}). */
    public static final int DEFAULT_RATE = 22_050;

    /**
     * @param sampleRate              the analysis sample rate (22 050 Hz)
     * @param onset                   onset strength settings (frame 2048, hop 512, 128 mel bands)
     * @param tempo                   tempo settings (prior around 120 BPM, 8 s autocorrelation window)
     * @param tempoStepSeconds        spacing of the tempo-over-time values
     * @param tightness               the beat tracker's α
     * @param trim                    drop weak leading and trailing beats
     * @param refineBeats             move each beat to its onset in the signal ({@link BeatTracker#refine})
     * @param waveformBucketsPerSecond resolution of the stored waveform summary
     */
    public record Settings(int sampleRate, OnsetStrength.Settings onset, TempoEstimator.Settings tempo, double tempoStepSeconds,
                           double tightness, boolean trim, boolean refineBeats, int waveformBucketsPerSecond) {
        public static Settings defaults() {
            return new Settings(DEFAULT_RATE, OnsetStrength.Settings.defaults(), TempoEstimator.Settings.defaults(), 1.0,
                    BeatTracker.DEFAULT_TIGHTNESS, true, true, 100);
        }
    }

    /**
     * What the analysis found.
     *
     * @param sampleRate      the analysis sample rate
     * @param startSeconds    where the audio starts on the video's clock
     * @param durationSeconds how long the audio is
     * @param onset           the onset strength envelope (its {@link OnsetEnvelope#times()} on the video's clock)
     * @param tempoBpm        the global tempo, NaN for silence
     * @param tempoOverTime   the tempo of the window around each time
     * @param beatTimes       the beats, seconds on the video's clock
     * @param waveform        min/max per bucket of the samples
     */
    public record Result(int sampleRate, double startSeconds, double durationSeconds, OnsetEnvelope onset, double tempoBpm,
                         TempoEstimator.TempoCurve tempoOverTime, double[] beatTimes, AudioTrack.Waveform waveform) {
    }

    /**
     * A dancer's movement against the music.
     *
     * @param kinematicBeats the movement's kinematic beats
     * @param musicBeats     the music beats at which the dancer was observed (the ones the score can use)
     * @param score          the beat alignment score over the whole series (NaN when there is nothing to average)
     * @param overTime       the score in windows
     */
    public record Alignment(double[] kinematicBeats, double[] musicBeats, double score, BeatAlignment.Windowed overTime) {
    }

    private MusicAnalysis() {
    }

    /** Analyses decoded audio. */
    public static Result analyze(AudioTrack audio, Settings s, TaskContext ctx) {
        OnsetEnvelope env = OnsetStrength.compute(audio, s.onset(), ctx.scaled(0, 0.7, ""));
        ctx.checkCancelled();
        ctx.progress(0.75, "Tempo");
        double bpm = TempoEstimator.tempo(env, s.tempo(), ctx);
        TempoEstimator.TempoCurve curve = TempoEstimator.overTime(env, s.tempo(), s.tempoStepSeconds());
        ctx.checkCancelled();
        ctx.progress(0.9, "Beats");
        double[] beats = BeatTracker.beats(env, bpm, s.tightness(), s.trim());
        if (s.refineBeats()) {
            beats = BeatTracker.refine(beats, audio, s.onset().hop());
        }
        int buckets = (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.ceil(audio.durationSeconds() * s.waveformBucketsPerSecond())));
        ctx.progress(1.0, beats.length + " beats at " + (Double.isNaN(bpm) ? "no tempo" : Math.round(bpm) + " BPM"));
        return new Result(audio.sampleRate(), audio.startSeconds(), audio.durationSeconds(), env, bpm, curve, beats, audio.waveform(buckets));
    }

    /**
     * Kinematic beats of a dancer's movement series (energy or speed; NaN = gap) and their beat alignment score with the
     * music's beats, over the whole series and in windows of {@code windowSeconds} every {@code stepSeconds}. With
     * {@link BeatAlignment.Direction#MUSIC_BEATS}, only the music beats at which the dancer was observed count.
     */
    public static Alignment align(double[] musicBeats, double[] times, double[] values, KinematicBeats.Settings k, double sigmaSeconds,
                                  BeatAlignment.Direction d, double windowSeconds, double stepSeconds) {
        double[] kin = KinematicBeats.beats(times, values, k);
        double[] music = KinematicBeats.observed(musicBeats, times, values);
        double score = BeatAlignment.score(music, kin, sigmaSeconds, d);
        BeatAlignment.Windowed w = times.length == 0 ? new BeatAlignment.Windowed(new double[0], new double[0], windowSeconds)
                : BeatAlignment.overTime(music, kin, sigmaSeconds, d, times[0], times[times.length - 1], windowSeconds, stepSeconds);
        return new Alignment(kin, music, score, w);
    }
}
