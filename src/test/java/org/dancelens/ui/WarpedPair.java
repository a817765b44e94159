package org.dancelens.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.dancelens.analysis.Workspace;
import org.dancelens.analysis.store.PoseFrames;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.analysis.store.RunSpec;
import org.dancelens.analysis.store.RunStatus;
import org.dancelens.core.Pose;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.WarpedDancer;
import org.dancelens.video.PatternVideoWriter;

/**
 * Two generated videos (each frame carries its index in its pixels) with stored pose runs of a dancer against a
 * reference at a known time warp: in A, dancer 1 moves at phase = frame (121 frames) and dancer 2 repeats the movement
 * {@link #UNISON_DELAY} frames later (unison, a little late); in B (124 frames), dancer 5 moves at phase
 * {@link #WARP}(frame) — slower for 75 frames, then faster — at another size and place, and dancer 7 is seen in 10
 * frames only. The stores are where the workbench looks (the test's data folder).
 */
final class WarpedPair {
    static final int FRAMES_A = 121;
    static final int FRAMES_B = 124;
    static final int UNISON_DELAY = 5;
    /** B's frame j shows phase WARP(j) of A's movement; warp(123) = 120. */
    static final DoubleUnaryOperator WARP = j -> j <= 75 ? 0.8 * j : 60 + 1.25 * (j - 75);
    /** The B frame showing A's phase p. */
    static final DoubleUnaryOperator INVERSE = p -> p <= 60 ? p / 0.8 : 75 + (p - 60) / 1.25;

    private WarpedPair() {
    }

    static Path videoA() {
        return TestMedia.generated("align-a.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 160, 120, FRAMES_A, 30).gop(10));
    }

    static Path videoB() {
        return TestMedia.generated("align-b.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 160, 120, FRAMES_B, 30).gop(10));
    }

    /** Writes both videos' pose runs where the workbench reads their results. */
    static void store() throws Exception {
        write(videoA(), FRAMES_A, f -> {
            List<Pose> l = new ArrayList<>();
            l.add(WarpedDancer.pose(1, f, 20, 50, 60));
            if (f >= UNISON_DELAY) {
                l.add(WarpedDancer.pose(2, f - UNISON_DELAY, 18, 115, 62));
            }
            return l;
        });
        write(videoB(), FRAMES_B, j -> {
            List<Pose> l = new ArrayList<>();
            l.add(WarpedDancer.pose(5, WARP.applyAsDouble(j), 15 + j * 0.05, 70 + j * 0.2, 58));
            if (j < 10) {
                l.add(WarpedDancer.pose(7, 3 * j, 10, 130, 60));
            }
            return l;
        });
    }

    static Run write(Path video, int frames, java.util.function.IntFunction<List<Pose>> poses) throws Exception {
        Path file = Workspace.storeFor(video);
        Files.createDirectories(file.getParent());
        try (ResultsStore s = ResultsStore.open(file)) {
            Run r = s.runs().findOrCreate(new RunSpec(video.toAbsolutePath().toString(), frames, RunKind.POSE, "movenet-lightning", "0".repeat(64),
                    "card", "{}", 0, frames));
            List<PoseFrames.FrameResult> rows = new ArrayList<>();
            for (int f = 0; f < frames; f++) {
                List<Pose> p = poses.apply(f);
                rows.add(new PoseFrames.FrameResult(f, f / 30.0, p, p));
            }
            s.poses().write(r.id(), rows);
            s.runs().setStatus(r.id(), RunStatus.COMPLETE);
            return s.runs().find(r.id()).orElseThrow();
        }
    }
}
