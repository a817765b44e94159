package org.dancelens.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.dancelens.core.AudioTrack;
import org.dancelens.core.CancelledException;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskContext;
import org.dancelens.core.VideoFrame;
import org.dancelens.testsupport.RecordingSink;
import org.dancelens.testsupport.TestMedia;
import org.junit.jupiter.api.Test;

/**
 * The sound follows the picture's clock: written from the right place after a play or a seek, resampled with the speed,
 * scaled by the volume, silent when muted or slow; checked with a sink that plays in real time and records what it got.
 */
class AudioPlaybackTest {
    static final int RATE = 44_100;

    /** A 5 s pattern video with the pattern writer's tone (440 Hz left, a rising sweep right: no stretch repeats). */
    static Path toneVideo() {
        return TestMedia.generated("audio-tone-5s.mp4", PatternVideoWriter.Spec.of("mp4", "libopenh264", 64, 48, 150, 30).gop(15).audio(RATE));
    }

    static void await(BooleanSupplier cond, String what) throws InterruptedException {
        long end = System.nanoTime() + 20_000_000_000L;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    /** {@code seconds} of a sine of {@code hz} and amplitude {@code amp}, starting at time 0. */
    static AudioTrack sine(double hz, double amp, double seconds) {
        float[] x = new float[(int) Math.round(seconds * RATE)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (amp * Math.sin(2 * Math.PI * hz * i / RATE));
        }
        return new AudioTrack(x, RATE, 0);
    }

    /**
     * The index in {@code track} where {@code written[from, from + len)} (16-bit, gain 1) matches best, by the least
     * squared difference, searched within a second either side of {@code near}.
     */
    static int bestMatch(float[] track, short[] written, int from, int len, int near) {
        int best = -1;
        double bestErr = Double.MAX_VALUE;
        for (int k = Math.max(0, near - RATE); k + len <= Math.min(track.length, near + RATE + len); k++) {
            double err = 0;
            for (int j = 0; j < len && err < bestErr; j++) {
                double d = written[from + j] / 32767.0 - track[k + j];
                err += d * d;
            }
            if (err < bestErr) {
                bestErr = err;
                best = k;
            }
        }
        return best;
    }

    /** Upward zero crossings per second of {@code s[from, to)} at {@code rate}: the frequency of a sine. */
    static double frequency(short[] s, int from, int to, int rate) {
        int ups = 0;
        int first = -1;
        int last = -1;
        for (int i = from + 1; i < to; i++) {
            if (s[i - 1] < 0 && s[i] >= 0) {
                ups++;
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        return (ups - 1) / ((last - first) / (double) rate);
    }

    @Test
    void playingFromFrameNAt1xWritesTheSoundOfFrameNFirstAndASeekFlushesAndWritesFromTheNewTime() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
            Path video = toneVideo();
            AudioTrack track = AudioDecoder.decode(video, RATE, TaskContext.NONE);
            try (VideoSource src = VideoSource.open(video)) {
                RecordingSink sink = new RecordingSink(RATE);
                AtomicReference<FramePlayer.PlayClock> clock = new AtomicReference<>();
                List<AudioPlayback.Status> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
                try (AudioPlayback audio = AudioPlayback.forVideo(src.info(), clock::get, r -> sink, seen::add)) {
                    assertThat(audio.started()).isTrue();
                    await(() -> audio.status().kind() == AudioPlayback.Status.Kind.READY, "the decode");
                    assertThat(sink.count()).as("nothing written before play").isZero();

                    double tN = src.index().timeOf(45);
                    long playAt = System.nanoTime();
                    clock.set(new FramePlayer.PlayClock(tN, playAt, 1.0)); // as FramePlayer.play() from frame 45
                    audio.wake();
                    await(() -> sink.count() > 4096, "sound");
                    // the thread syncs (flushes) when it sees the clock, and writes from the picture's time then: frame
                    // 45's time plus the moments it took to look (1x), found in the decoded track to the sample
                    double due = tN + (sink.flushNanos(0) - playAt) / 1e9;
                    int k = bestMatch(track.samples(), sink.samples(), 0, 2048, (int) Math.round(tN * RATE));
                    System.out.printf("play at frame 45 (%.3f s): sound from %.4f s, due %.4f s (looked after %.1f ms)%n",
                            tN, track.timeOf(k), due, (due - tN) * 1000);
                    assertThat(track.timeOf(k)).as("the first sound written is the picture's time when it synced").isCloseTo(due, within(0.004));
                    assertThat(track.timeOf(k) - tN).as("within one 100 ms buffer of frame 45").isBetween(0.0, 0.1);

                    Thread.sleep(400);
                    int flushesBefore = sink.flushes().size();
                    double tM = src.index().timeOf(120);
                    long seekAt = System.nanoTime();
                    clock.set(new FramePlayer.PlayClock(tM, seekAt, 1.0)); // a seek to frame 120, playing on
                    audio.wake();
                    await(() -> sink.flushes().size() > flushesBefore, "a flush");
                    int last = sink.flushes().size() - 1;
                    int mark = sink.flushes().get(last);
                    await(() -> sink.count() > mark + 4096, "sound after the seek");
                    double dueM = tM + (sink.flushNanos(last) - seekAt) / 1e9;
                    int k2 = bestMatch(track.samples(), sink.samples(), mark, 2048, (int) Math.round(tM * RATE));
                    System.out.printf("seek to frame 120 (%.3f s): sound from %.4f s, due %.4f s%n", tM, track.timeOf(k2), dueM);
                    assertThat(track.timeOf(k2)).as("after the seek the sound comes from frame 120's time").isCloseTo(dueM, within(0.004));
                    assertThat(track.timeOf(k2) - tM).as("within one 100 ms buffer of frame 120").isBetween(0.0, 0.1);

                    int pausedMark = sink.count();
                    clock.set(null); // pause
                    audio.wake();
                    await(() -> sink.flushes().size() > flushesBefore + 1, "the pause's flush");
                    Thread.sleep(200);
                    assertThat(sink.count()).as("nothing written while paused (one chunk in flight at most)")
                            .isLessThanOrEqualTo(pausedMark + (int) Math.round(AudioPlayback.CHUNK_SECONDS * RATE));
                }
                assertThat(sink.closed).as("closing the playback closes the sink").isTrue();
                assertThat(seen.get(0).kind()).isEqualTo(AudioPlayback.Status.Kind.LOADING);
            }
        });
    }

    @Test
    void at2xTheSoundIsResampledAnOctaveUpAndKeepsUpWithThePicture() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            RecordingSink sink = new RecordingSink(RATE);
            AtomicReference<FramePlayer.PlayClock> clock = new AtomicReference<>();
            try (AudioPlayback audio = new AudioPlayback(RATE, ctx -> sine(440, 0.5, 10), clock::get, r -> sink, s -> { })) {
                await(() -> audio.status().kind() == AudioPlayback.Status.Kind.READY, "ready");
                long t0 = System.nanoTime();
                clock.set(new FramePlayer.PlayClock(1.0, t0, 2.0));
                audio.wake();
                Thread.sleep(1500);
                clock.set(null);
                double wall = (System.nanoTime() - t0) / 1e9;
                short[] s = sink.samples();
                // output at the sink's constant rate: about one second of samples per second of wall time (plus the buffer)
                assertThat(s.length / (double) RATE).isCloseTo(wall, within(0.15));
                // the input is consumed twice as fast: 440 Hz comes out at 880 Hz, and the sound heard stays with the picture
                assertThat(frequency(s, 0, s.length - 100, RATE)).isCloseTo(880.0, within(5.0));
                assertThat(audio.resyncs()).as("never more than 40 ms from the picture's clock").isZero();
                assertThat(audio.drifts()).isNotEmpty();
            }
        });
    }

    @Test
    void below05xOnlySilenceIsWrittenWhileTheLineKeepsTime() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            RecordingSink sink = new RecordingSink(RATE);
            AtomicReference<FramePlayer.PlayClock> clock = new AtomicReference<>();
            try (AudioPlayback audio = new AudioPlayback(RATE, ctx -> sine(440, 0.5, 10), clock::get, r -> sink, s -> { })) {
                await(() -> audio.status().kind() == AudioPlayback.Status.Kind.READY, "ready");
                clock.set(new FramePlayer.PlayClock(1.0, System.nanoTime(), 0.25));
                audio.wake();
                Thread.sleep(600);
                short[] s = sink.samples();
                assertThat(s.length).as("the line is fed (silence)").isGreaterThan(RATE / 4);
                for (short v : s) {
                    assertThat(v).isZero();
                }
                // at 0.5x it is heard again, an octave down (440 Hz at half speed: 220 Hz)
                int mark = s.length;
                clock.set(new FramePlayer.PlayClock(2.0, System.nanoTime(), 0.5));
                audio.wake();
                Thread.sleep(600);
                short[] t = sink.samples();
                int from = sink.flushes().get(sink.flushes().size() - 1);
                assertThat(from).isGreaterThanOrEqualTo(mark);
                assertThat(frequency(t, from, t.length - 100, RATE)).isCloseTo(220.0, within(3.0));
            }
        });
    }

    @Test
    void volumeHalfScalesTheAmplitudeByItsSquareAndMuteWritesSilence() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            RecordingSink sink = new RecordingSink(RATE);
            AtomicReference<FramePlayer.PlayClock> clock = new AtomicReference<>();
            try (AudioPlayback audio = new AudioPlayback(RATE, ctx -> sine(441, 0.8, 10), clock::get, r -> sink, s -> { })) {
                audio.setVolume(0.5);
                await(() -> audio.status().kind() == AudioPlayback.Status.Kind.READY, "ready");
                clock.set(new FramePlayer.PlayClock(0.5, System.nanoTime(), 1.0));
                audio.wake();
                Thread.sleep(400);
                short[] s = sink.samples();
                int peak = 0;
                for (short v : s) {
                    peak = Math.max(peak, Math.abs(v));
                }
                // 441 Hz at 44.1 kHz: 100 samples a period, so the peak is the amplitude 0.8 · 0.5² of full scale (less at most
                // (1 − cos(2π/100)) / 2 ≈ 0.1 % where the start falls between samples and the crest is interpolated linearly)
                int expected = (int) Math.round(0.8 * 0.5 * 0.5 * 32767);
                assertThat(peak).isBetween(expected - (int) Math.ceil(expected * (1 - Math.cos(2 * Math.PI / 100)) / 2) - 1, expected + 1);

                audio.setMuted(true);
                Thread.sleep(50); // a chunk in flight may still carry sound
                int mark = sink.count();
                Thread.sleep(300);
                short[] m = sink.samples();
                assertThat(m.length).isGreaterThan(mark + RATE / 10);
                for (int i = mark; i < m.length; i++) {
                    assertThat(m[i]).as("muted sample %d", i).isZero();
                }
                audio.setMuted(false);
                audio.setVolume(1.0);
                Thread.sleep(50);
                int mark2 = sink.count();
                Thread.sleep(200);
                short[] u = sink.samples();
                int peak2 = 0;
                for (int i = mark2; i < u.length; i++) {
                    peak2 = Math.max(peak2, Math.abs(u[i]));
                }
                int full = (int) Math.round(0.8 * 32767);
                assertThat(peak2).isBetween(full - (int) Math.ceil(full * (1 - Math.cos(2 * Math.PI / 100)) / 2) - 1, full + 1);
                // the same samples at gain 1 and at gain 0.25 (no resync in between): four times the peak
                assertThat(peak2 / (double) peak).isCloseTo(4.0, within(0.002));
            }
        });
    }

    @Test
    void aVideoWithoutSoundStartsNoThreadAndSaysSo() {
        Path silent = TestMedia.generated("audio-none.mp4", PatternVideoWriter.Spec.of("mp4", "libopenh264", 64, 48, 10, 30));
        try (VideoSource src = VideoSource.open(silent)) {
            List<AudioPlayback.Status> seen = new ArrayList<>();
            try (AudioPlayback audio = AudioPlayback.forVideo(src.info(), () -> null, r -> {
                throw new AssertionError("no device is opened");
            }, seen::add)) {
                assertThat(audio.started()).isFalse();
                assertThat(audio.status().kind()).isEqualTo(AudioPlayback.Status.Kind.NO_SOUND);
                assertThat(audio.status().sentence()).isEqualTo("This video has no sound");
                assertThat(audio.status().playable()).isFalse();
                assertThat(seen).containsExactly(audio.status());
            }
        }
    }

    @Test
    void withoutAnAudioDeviceTheThreadEndsAndSaysSo() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            boolean[] decoded = new boolean[1];
            try (AudioPlayback audio = new AudioPlayback(RATE, ctx -> {
                decoded[0] = true;
                return sine(440, 0.5, 1);
            }, () -> null, r -> {
                throw new javax.sound.sampled.LineUnavailableException("no line");
            }, s -> { })) {
                await(() -> audio.status().kind() == AudioPlayback.Status.Kind.NO_DEVICE, "the status");
                assertThat(audio.status().sentence()).isEqualTo("No audio device: playing without sound");
                assertThat(audio.status().detail()).contains("no line");
                await(() -> !audio.running(), "the thread's end");
                assertThat(decoded[0]).as("nothing decoded without a device").isFalse();
            }
        });
    }

    @Test
    void aDamagedTrackSaysSoInASentenceAndClosingCancelsADecodeInProgress() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            RecordingSink[] failedSink = new RecordingSink[1];
            try (AudioPlayback audio = new AudioPlayback(RATE, ctx -> {
                throw DanceLensException.badInput("The audio of x.mp4 is damaged and cannot be decoded.");
            }, () -> null, r -> failedSink[0] = new RecordingSink(r), s -> { })) {
                await(() -> audio.status().kind() == AudioPlayback.Status.Kind.FAILED, "the failure");
                await(() -> !audio.running(), "the thread's end");
                assertThat(failedSink[0].closed).as("the line opened is closed again").isTrue();
                assertThat(audio.status().sentence()).isEqualTo("The audio of x.mp4 is damaged and cannot be decoded. The video plays without sound.");
            }
            boolean[] sawCancel = new boolean[1];
            AudioPlayback slow = new AudioPlayback(RATE, ctx -> {
                while (true) {
                    if (ctx.isCancelled()) {
                        sawCancel[0] = true;
                        throw new CancelledException("Decoding");
                    }
                    Thread.onSpinWait();
                }
            }, () -> null, r -> new RecordingSink(r), s -> { });
            Thread.sleep(100);
            assertThat(slow.running()).isTrue();
            long t0 = System.nanoTime();
            slow.close();
            assertThat(slow.running()).isFalse();
            assertThat(sawCancel[0]).isTrue();
            assertThat((System.nanoTime() - t0) / 1e6).as("ms to close").isLessThan(1000);
        });
    }

    /**
     * The measurement: a real {@link FramePlayer} plays the tone video at 1x and the sound follows its clock; how far the
     * sound heard (the sink's position) is from the picture's clock, each time the thread looks.
     */
    @Test
    void at1xWithARealFramePlayerTheSoundStaysWithinAFewMillisecondsOfThePicture() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (VideoSource src = VideoSource.open(toneVideo())) {
                RecordingSink sink = new RecordingSink(RATE);
                FramePlayer player = new FramePlayer(src, new FramePlayer.Listener() {
                    @Override
                    public void frame(VideoFrame frame, int requested, boolean exact) {
                    }

                    @Override
                    public void playingChanged(boolean playing) {
                    }

                    @Override
                    public void undecodable(int frame, DanceLensException error) {
                    }

                    @Override
                    public void failed(DanceLensException error) {
                    }
                });
                try (player; AudioPlayback audio = AudioPlayback.forVideo(src.info(), player::clock, r -> sink, s -> { })) {
                    await(() -> audio.status().kind() == AudioPlayback.Status.Kind.READY, "the decode");
                    player.show(15);
                    Thread.sleep(100);
                    player.play();
                    audio.wake();
                    await(() -> player.clock() != null, "playing");
                    await(() -> player.clock() == null, "the end of the video");
                    // the thread sees the end on its next look (it may be a few ms behind the picture's clock)
                    await(() -> sink.flushes().size() >= 2, "the flush at the end");
                    double[] d = audio.drifts();
                    Arrays.sort(d);
                    assertThat(d.length).as("comparisons over ~4.5 s").isGreaterThan(100);
                    double median = d[d.length / 2];
                    double max = d[d.length - 1];
                    System.out.printf("audio vs picture at 1x (fake sink, %d comparisons): median %.2f ms, max %.2f ms, %d resyncs %s%n",
                            d.length, median * 1000, max * 1000, audio.resyncs(), Arrays.toString(audio.resyncDrifts()));
                    assertThat(max).isLessThanOrEqualTo(AudioPlayback.MAX_DRIFT_MS / 1000.0);
                    assertThat(median).isLessThan(0.010);
                    assertThat(audio.resyncs()).as("resyncs (a busy machine may starve the thread now and then)").isLessThanOrEqualTo(3);
                }
            }
        });
    }
}
