package org.dancelens.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dancelens.analysis.Workspace;
import org.dancelens.analysis.store.PoseFrames;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.analysis.store.RunSpec;
import org.dancelens.analysis.store.RunStatus;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.video.PatternVideoWriter;

/**
 * Stored pose runs of known motion for the Movement panel's tests: dancer 7 standing with the left forearm turning
 * about the elbow at a known rate (the left wrist unseen, scoring 0.1, in frames 28–31), and in the first run dancer 9,
 * the same but 200 px to the right and still, only in frames 10–49.
 */
final class MovementFixture {
    static final int FRAMES = 60;
    static final double FPS = 30;
    /** The left elbow's angle at frame 0. */
    static final double START_DEG = 40;
    static final int GAP_FROM = 28;
    static final int GAP_TO = 32;
    static final int TRACK_B_FROM = 10;
    static final int TRACK_B_TO = 50;

    private MovementFixture() {
    }

    static Path video() {
        return TestMedia.generated("movement-panel-60.mp4", PatternVideoWriter.Spec.of("mp4", "libopenh264", 320, 240, FRAMES, FPS));
    }

    /** A dancer whose left elbow opens at {@code rateDegS} from {@link #START_DEG}, {@code dx} px to the right. */
    static Pose dancer(int track, int frame, double rateDegS, double dx) {
        SkeletonSchema s = SkeletonSchema.COCO_17;
        Keypoint[] k = new Keypoint[s.size()];
        for (int j = 0; j < k.length; j++) {
            k[j] = new Keypoint((float) (dx + 150 + 2 * j), 60 + 2 * j, 0.9f); // head joints; the body's are set below
        }
        set(k, s, "left_shoulder", dx + 200, 100);
        set(k, s, "right_shoulder", dx + 140, 100);
        set(k, s, "left_hip", dx + 190, 220);
        set(k, s, "right_hip", dx + 150, 220);
        set(k, s, "left_knee", dx + 190, 300);
        set(k, s, "right_knee", dx + 150, 300);
        set(k, s, "left_ankle", dx + 190, 380);
        set(k, s, "right_ankle", dx + 150, 380);
        set(k, s, "left_elbow", dx + 200, 160);
        set(k, s, "right_elbow", dx + 140, 160);
        set(k, s, "right_wrist", dx + 140, 210);
        double a = Math.toRadians(START_DEG + rateDegS * frame / FPS);
        set(k, s, "left_wrist", dx + 200 + 50 * Math.sin(a), 160 - 50 * Math.cos(a));
        if (frame >= GAP_FROM && frame < GAP_TO) {
            int w = s.index("left_wrist");
            k[w] = new Keypoint(k[w].x(), k[w].y(), 0.1f);
        }
        return new Pose(track, s, List.of(k), new float[] {(float) dx + 130, 50, (float) dx + 260, 390}, 0.9f, null);
    }

    private static void set(Keypoint[] k, SkeletonSchema s, String joint, double x, double y) {
        k[s.index(joint)] = new Keypoint((float) x, (float) y, 0.9f);
    }

    /** The poses of a frame: dancer 7 turning at {@code rate}; with {@code withB}, dancer 9 (still) in its frames. */
    static List<Pose> frame(int f, double rate, boolean withB) {
        List<Pose> out = new ArrayList<>();
        out.add(dancer(7, f, rate, 0));
        if (withB && f >= TRACK_B_FROM && f < TRACK_B_TO) {
            out.add(dancer(9, f, 0, 200));
        }
        return out;
    }

    /** One dancer's poses by frame, as stored. */
    static Map<Integer, Pose> poses(int track, double rate, boolean withB) {
        Map<Integer, Pose> m = new TreeMap<>();
        for (int f = 0; f < FRAMES; f++) {
            for (Pose p : frame(f, rate, withB)) {
                if (p.trackId() == track) {
                    m.put(f, p);
                }
            }
        }
        return m;
    }

    static double[] times() {
        double[] t = new double[FRAMES];
        for (int f = 0; f < FRAMES; f++) {
            t[f] = f / FPS;
        }
        return t;
    }

    /** Stores a complete pose run of the video (raw = smoothed) in its workspace store; returns its id. */
    static long storeRun(Path video, String model, double rate, boolean withB) {
        try (ResultsStore s = ResultsStore.open(Workspace.storeFor(video))) {
            long run = s.runs().findOrCreate(new RunSpec(video.toAbsolutePath().toString(), FRAMES, RunKind.POSE, model, "abc", "card",
                    "{\"smoothing\":\"none\"}", 0, FRAMES)).id();
            List<PoseFrames.FrameResult> rows = new ArrayList<>();
            for (int f = 0; f < FRAMES; f++) {
                rows.add(new PoseFrames.FrameResult(f, f / FPS, frame(f, rate, withB), frame(f, rate, withB)));
            }
            s.poses().write(run, rows);
            s.runs().setStatus(run, RunStatus.COMPLETE);
            return run;
        }
    }
}
