package org.dancelens.movement.music;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.bytedeco.ffmpeg.global.avcodec;
import org.dancelens.analysis.store.PoseFrames;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.analysis.store.RunSpec;
import org.dancelens.analysis.store.RunStatus;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.testsupport.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dancelens music} on videos with a click track at a known tempo (here, beside {@link ClickTracks}): the beats
 * and tempo it writes, and the beat alignment of dancers moving on and off the clicks.
 */
class MusicCliTest {
    static final int RATE = 44_100;
    static final double SECONDS = 10;
    static final double BPM = 100;
    static final double FIRST = 0.4;
    static final double FPS = 25;

    @TempDir
    Path dir;

    private Path clickVideo(String name) throws Exception {
        Path out = dir.resolve(name);
        ClickTracks.writeVideo(out, "mp4", ClickTracks.render(ClickTracks.clickTimes(BPM, FIRST, SECONDS), SECONDS, RATE), RATE,
                avcodec.AV_CODEC_ID_AAC, SECONDS, FPS, 0.0, true);
        return out;
    }

    private static List<CSVRecord> csv(Path file) throws Exception {
        try (Reader r = Files.newBufferedReader(file)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r).getRecords();
        }
    }

    @Test
    void aClickTrackGivesBeatsOnTheClicksAndItsTempo() throws Exception {
        Path video = clickVideo("clicks.mp4");
        Path out = dir.resolve("music");
        long t0 = System.nanoTime();
        CliRun r = CliRun.of("music", video.toString(), "--store", dir.resolve("none.db").toString(), "--out", out.toString());
        System.out.printf("music of %.0f s: %.0f ms%n", SECONDS, (System.nanoTime() - t0) / 1e6);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("clicks.mp4: 100.").contains(" BPM, ");
        double[] clicks = ClickTracks.clickTimes(BPM, FIRST, SECONDS);
        double[] beats = csv(out.resolve("beats.csv")).stream().mapToDouble(x -> Double.parseDouble(x.get("time_s"))).toArray();
        assertThat(beats.length).as("one beat per click, the edges perhaps trimmed").isBetween(clicks.length - 2, clicks.length);
        for (double b : beats) {
            assertThat(BeatAlignment.nearest(clicks, b)).as("nearest click to the beat at %.3f s", b).isLessThanOrEqualTo(0.020);
        }
        JsonNode m = new ObjectMapper().readTree(out.resolve("music.json").toFile());
        assertThat(m.get("tempoBpm").asDouble()).isCloseTo(BPM, within(1.0));
        assertThat(m.get("beatCount").asInt()).isEqualTo(beats.length);
        assertThat(m.get("settings").get("sampleRate").asInt()).isEqualTo(22_050);
        assertThat(m.get("provenance").get("poseRun").isNull()).isTrue();
        assertThat(m.get("provenance").get("software").get("version").asText()).isNotEmpty();
        List<CSVRecord> onset = csv(out.resolve("onset.csv"));
        assertThat(onset.size()).as("about 43 onset frames a second").isBetween(400, 450);
        assertThat(onset).allSatisfy(x -> assertThat(Double.parseDouble(x.get("strength"))).isNotNegative());
        List<CSVRecord> tempo = csv(out.resolve("tempo.csv"));
        assertThat(tempo).isNotEmpty();
        assertThat(out.resolve("alignment.json")).as("no pose run, no dancers to align").doesNotExist();
    }

    /** A dancer whose right wrist swings and stops every beat period, at {@code offset} seconds after each click. */
    private static Pose dancer(int track, double t, double offset) {
        SkeletonSchema s = SkeletonSchema.COCO_17;
        Keypoint[] k = new Keypoint[s.size()];
        for (int j = 0; j < k.length; j++) {
            k[j] = new Keypoint(100 + 7 * j, 50 + 11 * j, 0.9f);
        }
        double period = 60 / BPM;
        int w = s.index("right_wrist");
        // x = c - 40 cos(π (t - first - offset) / period): at rest when t - first - offset is a multiple of the period
        k[w] = new Keypoint((float) (100 - 40 * Math.cos(Math.PI * (t - FIRST - offset) / period)), 300, 0.9f);
        return new Pose(track, s, List.of(k), null, 0.9f, null);
    }

    @Test
    void aDancerStoppingOnTheClicksIsAlignedAndOneStoppingBetweenThemIsNot() throws Exception {
        Path video = clickVideo("dance.mp4");
        Path store = dir.resolve("results.db");
        int frames = (int) Math.round(SECONDS * FPS);
        long run;
        try (ResultsStore s = ResultsStore.open(store)) {
            run = s.runs().findOrCreate(new RunSpec(video.toAbsolutePath().toString(), frames, RunKind.POSE, "movenet-lightning", "abc", "card", "{}", 0,
                    frames)).id();
            List<PoseFrames.FrameResult> rows = new ArrayList<>();
            for (int f = 0; f < frames; f++) {
                double t = f / FPS;
                List<Pose> p = List.of(dancer(1, t, 0), dancer(2, t, 30 / BPM));
                rows.add(new PoseFrames.FrameResult(f, t, p, p));
            }
            s.poses().write(run, rows);
            s.runs().setStatus(run, RunStatus.COMPLETE);
        }
        Path out = dir.resolve("music");
        CliRun r = CliRun.of("music", video.toString(), "--store", store.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("beat alignment dancer 1 ");
        JsonNode a = new ObjectMapper().readTree(out.resolve("alignment.json").toFile());
        assertThat(a.get("poseRun").get("poseRun").asLong()).isEqualTo(run);
        assertThat(a.get("movementSeries").asText()).isEqualTo("energy");
        JsonNode on = a.get("dancers").get(0);
        JsonNode off = a.get("dancers").get(1);
        assertThat(on.get("track").asInt()).isEqualTo(1);
        double[] kin = new double[on.get("kinematicBeats").size()];
        Arrays.setAll(kin, i -> on.get("kinematicBeats").get(i).asDouble());
        double[] clicks = ClickTracks.clickTimes(BPM, FIRST, SECONDS);
        for (double b : kin) {
            assertThat(BeatAlignment.nearest(clicks, b)).as("kinematic beat at %.3f s", b).isLessThanOrEqualTo(0.021);
        }
        System.out.printf("beat alignment on the clicks %.3f, between them %.3f%n", on.get("score").asDouble(), off.get("score").asDouble());
        assertThat(on.get("score").asDouble()).isGreaterThan(0.7);
        assertThat(off.get("score").asDouble()).isLessThan(0.2);
        assertThat(on.get("overTime")).isNotEmpty();
        assertThat(on.get("musicBeatsObserved").asInt()).isPositive();
        try (ResultsStore s = ResultsStore.open(store)) {
            List<org.dancelens.analysis.store.Run> music = s.runs().list(video.toAbsolutePath().toString(), RunKind.MUSIC);
            assertThat(music).hasSize(1);
            assertThat(music.get(0).spec().settings()).contains("\"poseRun\":" + run);
            assertThat(s.files().read(music.get(0).id()).keySet()).containsExactly("beats.csv", "onset.csv", "tempo.csv", "alignment.json", "music.json");
            assertThat(s.files().read(music.get(0).id()).get("alignment.json")).isEqualTo(Files.readAllBytes(out.resolve("alignment.json")));
        }
    }

    @Test
    void aVideoWithoutAudioIsOneSentence() throws Exception {
        Path f = dir.resolve("silent-film.mp4");
        ClickTracks.writeVideo(f, "mp4", new float[0], RATE, 0, 2, 25, 0, false);
        Path out = dir.resolve("music");
        CliRun r = CliRun.of("music", f.toString(), "--store", dir.resolve("none.db").toString(), "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines().toList()).containsExactly("dancelens: The video silent-film.mp4 has no audio, so there is no music to analyse.");
        assertThat(out).doesNotExist();
    }

    @Test
    void anUnknownPoseRunIsOneSentence() throws Exception {
        Path video = clickVideo("clicks-run.mp4");
        CliRun r = CliRun.of("music", video.toString(), "--store", dir.resolve("none.db").toString(), "--pose-run", "3", "--out",
                dir.resolve("m").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines().toList()).containsExactly("dancelens: No pose run is stored for clicks-run.mp4, so there is no movement to measure:"
                + " run 'dancelens analyze " + video + " --pose movenet-lightning' first.");
    }
}
