package org.dancelens.ui.session;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.dancelens.analysis.MovementAnalysis;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.core.AudioTrack;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskRunner;
import org.dancelens.movement.music.MusicAnalysis;
import org.dancelens.ui.Failures;
import org.dancelens.ui.player.PlayerViewModel;
import org.dancelens.ui.timeline.AudioSummary;
import org.dancelens.ui.timeline.TimelineViewModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The music of a session's video on its timeline: when the video opens, its audio is decoded and analysed in the
 * background (onset strength, tempo, beats: {@link MovementAnalysis}, as {@code dancelens music} does) and shown as the
 * audio lane; while a pose run is on display, each of its dancers' kinematic beats and beat alignment score are worked
 * out the same way and drawn on the dancers' lanes. Computed on the fly (a few seconds of work for minutes of audio),
 * not read from a stored music run. A newer request replaces a running one (its result is dropped, never shown), and
 * closing the session cancels both. Called on the UI thread.
 */
final class SessionMusic {
    private static final Logger LOG = LoggerFactory.getLogger(SessionMusic.class);

    private final TaskRunner tasks;
    private final PlayerViewModel player;
    private final TimelineViewModel timeline;
    private final Path storeFile;
    private TaskRunner.Handle analysing;
    private TaskRunner.Handle aligning;
    /** Counts alignment requests, so that only the newest one's result is shown. */
    private long alignGeneration;
    /** The music once analysed (null before, or without music). */
    private TimelineViewModel.AudioLane music;
    /** The pose run on display (null: none). */
    private Run poseRun;
    private boolean closed;
    /** The dancers' beats last worked out, and for which pose run, revision and frames done ({@code "id:revision:frames"}). */
    private Map<Integer, TimelineViewModel.DancerBeats> aligned = Map.of();
    private String alignedFor = "";

    SessionMusic(TaskRunner tasks, PlayerViewModel player, TimelineViewModel timeline, Path storeFile) {
        this.tasks = tasks;
        this.player = player;
        this.timeline = timeline;
        this.storeFile = storeFile;
    }

    /** The start of every frame of the video and the end of the last (the video's clock). */
    static double[] frameTimes(PlayerViewModel player) {
        int n = player.frameCount();
        double[] t = new double[n + 1];
        for (int f = 0; f < n; f++) {
            t[f] = player.timeOf(f);
        }
        double step = n > 1 ? (t[n - 1] - t[0]) / (n - 1) : 1 / Math.max(1, player.fps());
        t[n] = Math.max(n > 0 ? t[n - 1] + step : 0, player.info().durationSeconds());
        return t;
    }

    /** Decodes and analyses the video's audio in the background; a video without sound gets a lane saying so. */
    void start() {
        String name = player.videoPath().getFileName().toString();
        if (!player.info().hasAudio()) {
            timeline.setAudio(TimelineViewModel.AudioLane.message("Audio · no sound in this video"));
            return;
        }
        timeline.setAudio(TimelineViewModel.AudioLane.message("Audio · analysing the music…"));
        Path video = player.videoPath();
        double[] frameTimes = frameTimes(player);
        analysing = tasks.submit("Analysing the music of " + name, ctx -> {
            AudioTrack audio = MovementAnalysis.audio(video, ctx.scaled(0, 0.4, "decoding the audio: "));
            ctx.checkCancelled();
            MusicAnalysis.Result r = MovementAnalysis.music(audio, null, ctx.scaled(0.4, 0.95, "")).music();
            ctx.checkCancelled();
            return TimelineViewModel.AudioLane.of(AudioSummary.of(audio), r, frameTimes);
        }, new TaskRunner.Callbacks<TimelineViewModel.AudioLane>() {
            @Override
            public void progress(double fraction, String message) {
                if (!closed && music == null) {
                    timeline.setAudio(TimelineViewModel.AudioLane.message("Audio · analysing the music"
                            + (fraction >= 0 ? String.format(Locale.ROOT, " (%.0f %%)", fraction * 100) : "") + "…"));
                }
            }

            @Override
            public void succeeded(TimelineViewModel.AudioLane lane) {
                if (closed) {
                    return;
                }
                music = lane;
                timeline.setAudio(lane);
                align();
            }

            @Override
            public void failed(DanceLensException error) {
                if (closed || error.kind() == DanceLensException.Kind.CANCELLED) {
                    return;
                }
                // one sentence in the lane's title; no dialog (the video itself is fine)
                timeline.setAudio(TimelineViewModel.AudioLane.message("Audio · " + Failures.logged(LOG, "Analysing the music of " + name, error)));
            }
        });
    }

    /** The pose run on display changed (null: none): its dancers' beats are worked out again, or taken off. */
    void posesShown(Run run) {
        poseRun = run;
        align();
    }

    private void align() {
        long gen = ++alignGeneration;
        if (aligning != null) {
            aligning.cancel();
            aligning = null;
        }
        timeline.setDancerBeats(Map.of());
        Run run = poseRun;
        TimelineViewModel.AudioLane m = music;
        if (closed || run == null || m == null || m.beatTimes().length == 0 || !Files.exists(storeFile)) {
            return;
        }
        String key = run.id() + ":" + run.revision() + ":" + run.framesDone();
        if (key.equals(alignedFor)) { // the same run shown again (e.g. with its classification): nothing changed
            timeline.setDancerBeats(aligned);
            return;
        }
        String name = player.videoPath().getFileName().toString();
        aligning = tasks.submit("Aligning the dancers of " + name + " with the music", ctx -> {
            try (ResultsStore store = ResultsStore.open(storeFile)) {
                MovementAnalysis.KinematicsRun k = MovementAnalysis.kinematics(store, run, MovementAnalysis.DEFAULT_MIN_SCORE, null, ctx.scaled(0, 0.8, ""));
                return dancerBeats(MovementAnalysis.alignments(m.beatTimes(), k, ctx), m.frameTimes());
            }
        }, TaskRunner.Callbacks.of(beats -> {
            if (!closed && gen == alignGeneration) {
                aligned = beats;
                alignedFor = key;
                timeline.setDancerBeats(beats);
            }
        }, e -> {
            if (!closed && gen == alignGeneration && e.kind() != DanceLensException.Kind.CANCELLED) {
                Failures.logged(LOG, "Aligning the dancers of " + name + " with the music", e); // the lanes stay without beats
            }
        }));
    }

    /** Each dancer's alignment placed on the video's frames. */
    static Map<Integer, TimelineViewModel.DancerBeats> dancerBeats(Map<Integer, MusicAnalysis.Alignment> alignments, double[] frameTimes) {
        Map<Integer, TimelineViewModel.DancerBeats> out = new TreeMap<>();
        int frames = frameTimes.length - 1;
        alignments.forEach((track, a) -> {
            float[] overTime = new float[Math.max(0, frames)];
            java.util.Arrays.fill(overTime, Float.NaN);
            double[] wt = a.overTime().times();
            double[] ws = a.overTime().scores();
            for (int f = 0; f < frames && wt.length > 0; f++) {
                // the window centred nearest the frame's start, inside the dancer's span
                double t = frameTimes[f];
                double c = AudioSummary.nearest(wt, t);
                if (Math.abs(c - t) <= 0.5 * (wt.length > 1 ? wt[1] - wt[0] : 1)) {
                    int i = java.util.Arrays.binarySearch(wt, c);
                    overTime[f] = (float) ws[i];
                }
            }
            out.put(track, new TimelineViewModel.DancerBeats(track, a.score(), AudioSummary.positions(frameTimes, a.kinematicBeats()), overTime,
                    a.overTime().windowSeconds()));
        });
        return out;
    }

    /** The session closed: the work is cancelled and its results dropped. */
    void close() {
        closed = true;
        if (analysing != null) {
            analysing.cancel();
        }
        if (aligning != null) {
            aligning.cancel();
        }
    }
}
