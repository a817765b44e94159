package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Random;
import org.dancelens.core.AudioTrack;
import org.dancelens.core.TaskContext;
import org.dancelens.movement.music.ClickTracks;
import org.dancelens.movement.music.MusicAnalysis;
import org.dancelens.movement.music.OnsetEnvelope;
import org.dancelens.ui.timeline.AudioSummary;
import org.dancelens.ui.timeline.TimelineViewModel;
import org.junit.jupiter.api.Test;

/** The audio lane's view-model side: the waveform's min/max per pixel column from the peak summary, beats on frames. */
class AudioLaneTest {
    static final int RATE = 22_050;

    /** Frame start times at a constant rate, and the end of the last frame. */
    static double[] frameTimes(int frames, double fps) {
        double[] t = new double[frames + 1];
        for (int f = 0; f <= frames; f++) {
            t[f] = f / fps;
        }
        return t;
    }

    /** A tone whose loudness rises and falls, with seeded noise and a few spikes: every column's extremes differ. */
    static float[] waveform(int n) {
        Random r = new Random(7);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double env = 0.2 + 0.6 * Math.abs(Math.sin(i / (double) RATE * 1.3));
            x[i] = (float) (env * Math.sin(2 * Math.PI * 440 * i / RATE) + 0.05 * r.nextGaussian());
        }
        x[n / 5] = 0.99f;
        x[n * 3 / 5] = -0.97f;
        return x;
    }

    /** The least and greatest sample in {@code [from, to)} of the array, by looking at every one. */
    static float[] bruteForce(float[] x, long from, long to) {
        float lo = Float.NaN;
        float hi = Float.NaN;
        for (long i = Math.max(0, from); i < Math.min(x.length, to); i++) {
            lo = Float.isNaN(lo) ? x[(int) i] : Math.min(lo, x[(int) i]);
            hi = Float.isNaN(hi) ? x[(int) i] : Math.max(hi, x[(int) i]);
        }
        return new float[] {lo, hi};
    }

    /**
     * Every column's envelope holds all samples whose times lie in the column and none more than one bucket past its
     * edges (brute force over both ranges), at the whole-video zoom and zoomed in below one frame per column.
     */
    @Test
    void waveformColumnsMatchTheBruteForceMinMaxAtTwoZoomLevels() {
        double fps = 25;
        double start = 0.3; // the audio starts 0.3 s after the first picture
        float[] x = waveform(RATE * 6);
        AudioSummary s = AudioSummary.of(new AudioTrack(x, RATE, start));
        int frames = 160; // 6.4 s of video: the audio ends 0.1 s before it
        double[] ft = frameTimes(frames, fps);
        double[][] zooms = {{0, frames, 300}, {41.3, 53.9, 500}};
        for (double[] z : zooms) {
            int columns = (int) z[2];
            float[][] mm = s.columns(ft, z[0], z[1], columns);
            int compared = 0;
            for (int c = 0; c < columns; c++) {
                double t0 = (z[0] + c * (z[1] - z[0]) / columns) / fps;
                double t1 = (z[0] + (c + 1) * (z[1] - z[0]) / columns) / fps;
                long s0 = (long) Math.ceil((t0 - start) * RATE);
                long s1 = (long) Math.ceil((t1 - start) * RATE);
                float[] inside = bruteForce(x, s0, s1);
                float[] around = bruteForce(x, s0 - AudioSummary.BUCKET, s1 + AudioSummary.BUCKET);
                if (s1 <= 0 || s0 >= x.length) {
                    assertThat(mm[0][c]).as("column %d has no audio", c).isNaN();
                    continue;
                }
                if (!Float.isNaN(inside[0])) {
                    assertThat(mm[0][c]).as("zoom %s column %d min", z[2], c).isLessThanOrEqualTo(inside[0]).isGreaterThanOrEqualTo(around[0]);
                    assertThat(mm[1][c]).as("zoom %s column %d max", z[2], c).isGreaterThanOrEqualTo(inside[1]).isLessThanOrEqualTo(around[1]);
                    compared++;
                }
            }
            assertThat(compared).isGreaterThan(columns * 9 / 10);
        }
        // where the columns' edges fall on the buckets' (a rate of 32 000 Hz and 25 fps: 1280 samples, 40 buckets a
        // frame; one frame per column), the envelope is exactly the brute-force min/max of the column's samples
        int rate = 32_000;
        float[] y = waveform(rate * 4);
        AudioSummary exact = AudioSummary.of(new AudioTrack(y, rate, 0));
        float[][] mm = exact.columns(frameTimes(100, 25), 0, 100, 100);
        for (int c = 0; c < 100; c++) {
            float[] b = bruteForce(y, c * 1280L, (c + 1) * 1280L);
            assertThat(mm[0][c]).as("column %d min", c).isEqualTo(b[0]);
            assertThat(mm[1][c]).as("column %d max", c).isEqualTo(b[1]);
        }
        // through the view-model: the visible range after a zoom is what the summary gives for it
        TimelineViewModel vm = new TimelineViewModel(f -> { });
        vm.setSeries(java.util.List.of(), 100);
        vm.zoomAt(250, 1000, 0.5);
        TimelineViewModel.AudioLane lane = new TimelineViewModel.AudioLane("Audio", exact, frameTimes(100, 25), new float[100], null,
                new double[0], new double[0], Double.NaN);
        float[][] shown = vm.visibleWaveform(lane, 640);
        float[][] direct = exact.columns(frameTimes(100, 25), vm.viewFromProperty().get(), vm.viewToProperty().get(), 640);
        assertThat(vm.viewToProperty().get() - vm.viewFromProperty().get()).isEqualTo(50.0);
        assertThat(shown[0]).containsExactly(direct[0]);
        assertThat(shown[1]).containsExactly(direct[1]);
    }

    /** The pyramid's range query over any bucket range equals the brute-force min/max of those buckets' samples. */
    @Test
    void peakSummaryRangesEqualTheBruteForceMinMax() {
        float[] x = waveform(40_000 + 17); // not a whole number of buckets
        AudioSummary s = AudioSummary.of(new AudioTrack(x, RATE, 0));
        Random r = new Random(3);
        int buckets = (x.length + AudioSummary.BUCKET - 1) / AudioSummary.BUCKET;
        for (int k = 0; k < 2000; k++) {
            int a = r.nextInt(buckets);
            int b = a + 1 + r.nextInt(buckets - a);
            float[] got = s.range(a, b);
            float[] want = bruteForce(x, (long) a * AudioSummary.BUCKET, (long) b * AudioSummary.BUCKET);
            assertThat(got).as("buckets %d–%d", a, b).containsExactly(want);
        }
        assertThat(s.range(buckets, buckets + 5)[0]).isNaN();
    }

    /**
     * A click track at 100 BPM: the lane's title has the tempo within 1 BPM, one tick per click, each on the frame the
     * click falls in (clicks at 0.45 + 0.6 k s in the middle of frames of 0.1 s: frame floor(10 t)), and the onset
     * strength per frame is high on the click frames.
     */
    @Test
    void beatTicksOfAClickTrackSitOnTheFramesOfTheClicks() {
        double seconds = 10;
        double fps = 10;
        double[] clicks = ClickTracks.clickTimes(100, 0.45, seconds);
        AudioTrack audio = new AudioTrack(ClickTracks.render(clicks, seconds, RATE), RATE, 0);
        MusicAnalysis.Result r = MusicAnalysis.analyze(audio, MusicAnalysis.Settings.defaults(), TaskContext.NONE);
        double[] ft = frameTimes((int) (seconds * fps), fps);
        TimelineViewModel.AudioLane lane = TimelineViewModel.AudioLane.of(AudioSummary.of(audio), r, ft);
        assertThat(lane.bpm()).isCloseTo(100, within(1.0));
        assertThat(lane.title()).isEqualTo(String.format(java.util.Locale.ROOT, "Audio · %.1f BPM · %d beats", r.tempoBpm(), lane.beats().length));
        assertThat(lane.beats().length).as("one beat per click, the edges perhaps trimmed").isBetween(clicks.length - 2, clicks.length);
        for (double b : lane.beats()) {
            double click = AudioSummary.nearest(clicks, b / fps);
            assertThat(Math.abs(click - b / fps)).as("beat at frame %.2f", b).isLessThanOrEqualTo(0.020);
            assertThat((int) Math.floor(b)).as("the tick of the click at %.2f s", click).isEqualTo((int) Math.floor(click * fps));
        }
        float top = 0;
        for (float v : lane.onset()) {
            top = Math.max(top, v);
        }
        for (double c : clicks) {
            assertThat(lane.onset()[(int) Math.floor(c * fps)]).as("onset at the click at %.2f s", c).isGreaterThan(top / 2);
        }
    }

    /** The onset strength per frame is the greatest envelope value inside the frame's span; NaN past the envelope. */
    @Test
    void onsetPerFrameIsTheGreatestValueInTheFrame() {
        double[] v = new double[20];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 7;
        }
        // values at 1/16 + i/8 s; frames of 1/4 s: frame k holds values 2k and 2k + 1
        OnsetEnvelope env = new OnsetEnvelope(v, 0.0625, 8);
        float[] f = AudioSummary.perFrame(env, frameTimes(12, 4));
        for (int k = 0; k < 10; k++) {
            assertThat(f[k]).as("frame %d", k).isEqualTo((float) Math.max(v[2 * k], v[2 * k + 1]));
        }
        assertThat(f[10]).isNaN();
        assertThat(f[11]).isNaN();
    }

    /** The hover text over the audio lane: time, onset strength, nearest beat; a dancer's tag carries its score. */
    @Test
    void hoverNamesTheTimeTheOnsetAndTheNearestBeat() {
        double[] ft = frameTimes(100, 25);
        OnsetEnvelope env = new OnsetEnvelope(new double[] {0, 0.5, 1.5, 0.25}, 0, 1); // one value a second
        TimelineViewModel vm = new TimelineViewModel(f -> { });
        vm.setSeries(java.util.List.of(), 100);
        AudioSummary s = AudioSummary.of(new AudioTrack(new float[RATE * 4], RATE, 0));
        vm.setAudio(new TimelineViewModel.AudioLane("Audio", s, ft, AudioSummary.perFrame(env, ft), env, new double[] {1.0, 2.2},
                AudioSummary.positions(ft, new double[] {1.0, 2.2}), 120));
        vm.hoverAt(500, 1000); // the middle of 100 frames: 2.0 s
        assertThat(vm.hoverLinesProperty().get()).contains("audio 2.000 s · onset 1.50 · beat 2.200 s (+200 ms)");
        vm.setDancerBeats(Map.of(3, new TimelineViewModel.DancerBeats(3, 0.625, new double[] {25}, new float[100], 8)));
        assertThat(vm.dancerTag(3)).isEqualTo("#3 · BAS 0.63");
        assertThat(vm.dancerTag(4)).isEqualTo("#4");
        vm.setSeries(java.util.List.of(), 100);
        assertThat(vm.dancerBeatsProperty().get()).as("new pose lanes: the beats of the dancers before are gone").isEmpty();
    }
}
