package org.dancelens.movement.music;

import org.dancelens.video.AudioDecoder;
import org.dancelens.core.AudioTrack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.ffmpeg.global.avcodec;
import org.dancelens.core.CancelledException;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: click tracks written into real video files (a video stream and AAC or PCM audio, with JavaCV), decoded
 * and analysed; the beats must land on the clicks on the video's clock, and bad files must give one sentence.
 */
class MusicFileTest {
    static final int RATE = 44_100; // the file's rate; the analysis resamples to 22 050 Hz
    static final double SECONDS = 10;

    @TempDir
    Path dir;

    /** Clicks at {@code first + k·60/bpm} on the audio's clock, in a video whose first picture is at {@code videoStart}. */
    private Path clickVideo(String file, String format, int codec, double bpm, double first, double videoStart) throws Exception {
        float[] audio = ClickTracks.render(ClickTracks.clickTimes(bpm, first, SECONDS), SECONDS, RATE);
        Path out = dir.resolve(file);
        ClickTracks.writeVideo(out, format, audio, RATE, codec, SECONDS, 25, videoStart, true);
        return out;
    }

    /** Every click has a beat within 20 ms and every beat a click within 20 ms; returns the largest error in seconds. */
    private static double assertBeatsOnClicks(double[] beats, double[] clicks) {
        assertThat(beats).as("one beat per click").hasSameSizeAs(clicks);
        double worst = 0;
        for (double c : clicks) {
            double d = BeatAlignment.nearest(sorted(beats), c);
            assertThat(d).as("nearest beat to the click at %.3f s", c).isLessThanOrEqualTo(0.020);
            worst = Math.max(worst, d);
        }
        for (double b : beats) {
            assertThat(BeatAlignment.nearest(clicks, b)).as("nearest click to the beat at %.3f s", b).isLessThanOrEqualTo(0.020);
        }
        return worst;
    }

    private static double[] sorted(double[] a) {
        double[] s = a.clone();
        java.util.Arrays.sort(s);
        return s;
    }

    private static double[] shifted(double[] t, double by) {
        double[] s = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            s[i] = t[i] + by;
        }
        return s;
    }

    @Test
    void aClickTrackAt100BpmInAnMp4WithAacGivesItsTempoAndBeats() throws Exception {
        Path f = clickVideo("clicks100.mp4", "mp4", avcodec.AV_CODEC_ID_AAC, 100, 0.4, 0.0);
        long t0 = System.nanoTime();
        MusicAnalysis.Result r = MusicAnalysis.analyze(AudioDecoder.decode(f, MusicAnalysis.DEFAULT_RATE, TaskContext.NONE), MusicAnalysis.Settings.defaults(), TaskContext.NONE);
        double ms = (System.nanoTime() - t0) / 1e6;
        assertThat(r.sampleRate()).isEqualTo(22_050);
        assertThat(r.startSeconds()).as("the audio starts with the picture").isCloseTo(0.0, within(0.030));
        assertThat(r.durationSeconds()).isCloseTo(SECONDS, within(0.1));
        assertThat(r.tempoBpm()).isCloseTo(100.0, within(1.0));
        double worst = assertBeatsOnClicks(r.beatTimes(), ClickTracks.clickTimes(100, 0.4, SECONDS));
        System.out.printf("100 BPM, AAC in MP4: tempo %.3f BPM, %d beats, worst beat error %.1f ms, decode+analysis %.0f ms%n",
                r.tempoBpm(), r.beatTimes().length, worst * 1000, ms);
        // tempo over time: every full window says 100
        for (int i = 0; i < r.tempoOverTime().times().length; i++) {
            double t = r.tempoOverTime().times()[i];
            if (t >= 4 && t <= SECONDS - 4) {
                assertThat(r.tempoOverTime().bpm()[i]).as("tempo at %.1f s", t).isCloseTo(100.0, within(1.0));
            }
        }
        // the waveform summary holds the clicks (peak 0.8) and the silence between them
        AudioTrack.Waveform w = r.waveform();
        assertThat(w.buckets()).isEqualTo((int) Math.ceil(r.durationSeconds() * 100));
        int loud = 0;
        for (int k = 0; k < w.buckets(); k++) {
            assertThat(w.min()[k]).isLessThanOrEqualTo(w.max()[k]);
            if (w.max()[k] > 0.3f) {
                loud++;
            }
        }
        assertThat(loud).as("buckets of 10 ms holding a click's loud start").isBetween(ClickTracks.clickTimes(100, 0.4, SECONDS).length,
                3 * ClickTracks.clickTimes(100, 0.4, SECONDS).length);
    }

    @Test
    void aClickTrackAt128BpmStartingBeforeThePictureIsOnTheVideosClock() throws Exception {
        // the picture starts 0.6 s into the audio: on the video's clock (0 = first picture) the clicks are 0.6 s earlier
        double videoStart = 0.6;
        Path f = clickVideo("clicks128.mp4", "mp4", avcodec.AV_CODEC_ID_AAC, 128, 0.3, videoStart);
        MusicAnalysis.Result r = MusicAnalysis.analyze(AudioDecoder.decode(f, MusicAnalysis.DEFAULT_RATE, TaskContext.NONE), MusicAnalysis.Settings.defaults(), TaskContext.NONE);
        assertThat(r.startSeconds()).isCloseTo(-videoStart, within(0.030));
        assertThat(r.tempoBpm()).isCloseTo(128.0, within(1.0));
        double[] clicks = shifted(ClickTracks.clickTimes(128, 0.3, SECONDS), -videoStart);
        double worst = assertBeatsOnClicks(r.beatTimes(), clicks);
        assertThat(r.beatTimes()[0]).as("a beat before the first picture").isNegative();
        System.out.printf("128 BPM, AAC in MP4, picture 0.6 s in: tempo %.3f BPM, worst beat error %.1f ms%n", r.tempoBpm(), worst * 1000);
    }

    @Test
    void pcmAudioInMatroskaIsPlacedToTheSample() throws Exception {
        double videoStart = 0.6;
        Path f = clickVideo("clicks128.mkv", "matroska", avcodec.AV_CODEC_ID_PCM_S16LE, 128, 0.3, videoStart);
        AudioTrack a = AudioDecoder.decode(f, TaskContext.NONE);
        // PCM has no encoder delay, and Matroska keeps millisecond timestamps
        assertThat(a.startSeconds()).isCloseTo(-videoStart, within(0.0015));
        assertThat(a.durationSeconds()).isCloseTo(SECONDS, within(0.01));
        MusicAnalysis.Result r = MusicAnalysis.analyze(a, MusicAnalysis.Settings.defaults(), TaskContext.NONE);
        assertThat(r.tempoBpm()).isCloseTo(128.0, within(1.0));
        assertBeatsOnClicks(r.beatTimes(), shifted(ClickTracks.clickTimes(128, 0.3, SECONDS), -videoStart));
    }

    @Test
    void movementOnTheDecodedBeatsAlignsAndMovementHalfABeatOffDoesNot() throws Exception {
        Path f = clickVideo("clicks-align.mp4", "mp4", avcodec.AV_CODEC_ID_AAC, 120, 0.5, 0.0);
        MusicAnalysis.Result r = MusicAnalysis.analyze(AudioDecoder.decode(f, MusicAnalysis.DEFAULT_RATE, TaskContext.NONE), MusicAnalysis.Settings.defaults(), TaskContext.NONE);
        double period = 0.5;
        double fps = 30;
        int n = (int) (SECONDS * fps);
        double[] times = new double[n];
        double[] onBeat = new double[n];
        double[] offBeat = new double[n];
        for (int i = 0; i < n; i++) {
            times[i] = i / fps;
            // a speed that stops (reaches its minimum) at every click, and one that stops half a beat later
            onBeat[i] = 1.0 + Math.abs(Math.sin(Math.PI * (times[i] - 0.5) / period));
            offBeat[i] = 1.0 + Math.abs(Math.sin(Math.PI * (times[i] - 0.5 - period / 2) / period));
        }
        double sigma = BeatAlignment.DEFAULT_SIGMA_SECONDS;
        MusicAnalysis.Alignment on = MusicAnalysis.align(r.beatTimes(), times, onBeat, KinematicBeats.Settings.defaults(), sigma,
                BeatAlignment.Direction.MUSIC_BEATS, 4, 1);
        MusicAnalysis.Alignment off = MusicAnalysis.align(r.beatTimes(), times, offBeat, KinematicBeats.Settings.defaults(), sigma,
                BeatAlignment.Direction.MUSIC_BEATS, 4, 1);
        // on the beat: the stops are on the 30 fps frame grid, at most half a frame from a click, and the detected beats
        // are within 20 ms of the clicks, so no music beat is farther than 1/60 s + 20 ms from a stop
        double worst = 1 / 60.0 + 0.020;
        assertThat(on.score()).isGreaterThanOrEqualTo(Math.exp(-worst * worst / (2 * sigma * sigma)));
        // half a beat off: no music beat is nearer a stop than a quarter second minus the same errors
        double best = period / 2 - worst;
        assertThat(off.score()).isLessThanOrEqualTo(Math.exp(-best * best / (2 * sigma * sigma)));
        System.out.printf("BAS with decoded beats: on the clicks %.4f, half a beat off %.3g%n", on.score(), off.score());
    }

    @Test
    void anAudioFileKeepsItsOwnClock() throws Exception {
        float[] audio = ClickTracks.render(ClickTracks.clickTimes(110, 0.25, 6), 6, RATE);
        Path f = dir.resolve("clicks110.wav");
        ClickTracks.writeAudio(f, "wav", audio, RATE);
        AudioTrack a = AudioDecoder.decode(f, TaskContext.NONE);
        assertThat(a.startSeconds()).isEqualTo(0.0);
        assertThat(a.durationSeconds()).isCloseTo(6.0, within(0.001));
        MusicAnalysis.Result r = MusicAnalysis.analyze(a, MusicAnalysis.Settings.defaults(), TaskContext.NONE);
        assertThat(r.tempoBpm()).isCloseTo(110.0, within(1.0));
        assertBeatsOnClicks(r.beatTimes(), ClickTracks.clickTimes(110, 0.25, 6));
    }

    @Test
    void aVideoWithoutAudioSaysSo() throws Exception {
        Path f = dir.resolve("silent-film.mp4");
        ClickTracks.writeVideo(f, "mp4", new float[0], RATE, 0, 2, 25, 0, false);
        DanceLensException e = assertThrows(DanceLensException.class, () -> AudioDecoder.decode(f, TaskContext.NONE));
        assertThat(e.getMessage()).isEqualTo("The video silent-film.mp4 has no audio, so there is no music to analyse.");
        assertThat(e.kind()).isEqualTo(DanceLensException.Kind.BAD_INPUT);
    }

    @Test
    void filesThatAreNotMediaGiveOneSentence() throws Exception {
        Path junk = dir.resolve("notes.mp4");
        byte[] bytes = new byte[64 * 1024];
        new Random(7).nextBytes(bytes);
        Files.write(junk, bytes);
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "Rehearsal notes: start on the third beat.\n".repeat(200));
        Path picture = dir.resolve("poster.png");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(32, 24, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", picture.toFile());
        for (Path p : new Path[] {junk, text, picture}) {
            DanceLensException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> assertThrows(DanceLensException.class, () -> AudioDecoder.decode(p, TaskContext.NONE)));
            assertThat(e.getMessage()).isEqualTo("The file " + p.getFileName() + " is not a video or audio file DanceLens can read.");
        }
        Path empty = Files.createFile(dir.resolve("empty.mp4"));
        assertThat(assertThrows(DanceLensException.class, () -> AudioDecoder.decode(empty, TaskContext.NONE)).getMessage())
                .isEqualTo("The file empty.mp4 is empty (0 bytes), so it holds no audio.");
        Path missing = dir.resolve("missing.mp4");
        assertThat(assertThrows(DanceLensException.class, () -> AudioDecoder.decode(missing, TaskContext.NONE)).getMessage())
                .isEqualTo("The file " + missing + " does not exist.");
    }

    @Test
    void aDamagedFileGivesOneSentenceOrItsReadablePartAndNeverHangs() throws Exception {
        Path good = clickVideo("whole.mkv", "matroska", avcodec.AV_CODEC_ID_AAC, 120, 0.5, 0.0);
        byte[] bytes = Files.readAllBytes(good);
        // cut off after 40 %, and a stretch in the middle overwritten with noise
        Path cut = dir.resolve("cut.mkv");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 5));
        Path scrambled = dir.resolve("scrambled.mkv");
        byte[] s = bytes.clone();
        Random r = new Random(3);
        for (int i = s.length / 3; i < s.length / 2; i++) {
            s[i] = (byte) r.nextInt();
        }
        Files.write(scrambled, s);
        Path headless = dir.resolve("headless.mkv");
        Files.write(headless, java.util.Arrays.copyOfRange(bytes, 0, 200));
        for (Path p : new Path[] {cut, scrambled, headless}) {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                try {
                    AudioTrack a = AudioDecoder.decode(p, TaskContext.NONE);
                    // what could be read is on the same clock as the whole file's audio, and no longer than it
                    assertThat(a.durationSeconds()).as(p.getFileName().toString()).isLessThanOrEqualTo(SECONDS + 0.1);
                    assertThat(a.startSeconds()).isCloseTo(0.0, within(0.05));
                    System.out.printf("%s: %.2f s of audio decoded%n", p.getFileName(), a.durationSeconds());
                } catch (DanceLensException e) {
                    System.out.printf("%s: %s%n", p.getFileName(), e.getMessage());
                    assertThat(e.kind()).isEqualTo(DanceLensException.Kind.BAD_INPUT);
                    assertThat(e.getMessage()).contains(p.getFileName().toString()).endsWith(".").doesNotContain("\n");
                }
            });
        }
    }

    @Test
    void decodingStopsWhenCancelled() throws Exception {
        Path f = clickVideo("cancel.mp4", "mp4", avcodec.AV_CODEC_ID_AAC, 120, 0.5, 0.0);
        AtomicInteger asked = new AtomicInteger();
        TaskContext cancelAfterAWhile = new TaskContext() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return asked.incrementAndGet() > 1;
            }
        };
        assertThrows(CancelledException.class, () -> AudioDecoder.decode(f, cancelAfterAWhile));
        assertThat(asked.get()).as("the decoder asked").isGreaterThan(1);
    }
}
