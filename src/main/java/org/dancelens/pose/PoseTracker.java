package org.dancelens.pose;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;

/**
 * Gives the people in consecutive frames stable identities: detections are assigned to tracks by keypoint
 * similarity (OKS) and box overlap (IoU) with the Hungarian method; a track is born after {@code minHits}
 * consecutive detections and dies after {@code maxMissedFrames} frames without one, so a dancer who is hidden or
 * leaves for a moment keeps their identity (matched against the track's position predicted from its velocity).
 *
 * <p>Births need a few frames of evidence, so results come out with a delay of {@code minHits - 1} frames:
 * {@link #update} returns the finished frames, {@link #flush()} the rest at the end.
 */
public final class PoseTracker {

    /** Tracking parameters. */
    public record Settings(int minHits, int maxMissedFrames, double minSimilarity) {
        public static Settings defaults(double fps) {
            return new Settings(3, Math.max(5, (int) Math.round(fps * 1.5)), 0.15);
        }
    }

    /** The finished poses of one frame, each with its track id. */
    public record Emission(int frame, List<Pose> poses) {
    }

    private static final class Track {
        final int id;
        Pose last;
        int lastFrame;
        int hits;
        boolean confirmed;
        float vx;
        float vy;

        Track(int id, Pose p, int frame) {
            this.id = id;
            this.last = p;
            this.lastFrame = frame;
            this.hits = 1;
        }
    }

    private final Settings settings;
    private final List<Track> tracks = new ArrayList<>();
    /** Per frame not yet emitted: track -> pose. */
    private final TreeMap<Integer, Map<Track, Pose>> pending = new TreeMap<>();
    private int nextId = 1;

    public PoseTracker(Settings settings) {
        this.settings = settings;
    }

    /** Continues after a resume: the given poses (with their track ids) become confirmed tracks seen at {@code frame}. */
    public void seed(int frame, List<Pose> poses) {
        for (Pose p : poses) {
            Track t = new Track(p.trackId(), p, frame);
            t.confirmed = true;
            t.hits = settings.minHits();
            tracks.add(t);
            nextId = Math.max(nextId, p.trackId() + 1);
        }
    }

    /**
     * Writes the tracker's whole state (tracks, the frames it still holds back, the next identity) for a checkpoint;
     * {@link #restore} continues from it exactly.
     */
    public void save(java.io.DataOutputStream o) throws java.io.IOException {
        // Tracks that died while confirmed can still own held-back poses: keep them too, by identity.
        Map<Track, Integer> ids = new java.util.IdentityHashMap<>();
        List<Track> all = new ArrayList<>(tracks);
        pending.values().forEach(m -> m.keySet().forEach(t -> {
            if (!all.contains(t)) {
                all.add(t);
            }
        }));
        o.writeInt(nextId);
        o.writeInt(all.size());
        for (int i = 0; i < all.size(); i++) {
            Track t = all.get(i);
            ids.put(t, i);
            o.writeBoolean(i < tracks.size()); // still live
            o.writeInt(t.id);
            StateCodec.writePose(o, t.last);
            o.writeInt(t.lastFrame);
            o.writeInt(t.hits);
            o.writeBoolean(t.confirmed);
            o.writeFloat(t.vx);
            o.writeFloat(t.vy);
        }
        o.writeInt(pending.size());
        for (Map.Entry<Integer, Map<Track, Pose>> e : pending.entrySet()) {
            o.writeInt(e.getKey());
            o.writeInt(e.getValue().size());
            for (Map.Entry<Track, Pose> tp : e.getValue().entrySet()) {
                o.writeInt(ids.get(tp.getKey()));
                StateCodec.writePose(o, tp.getValue());
            }
        }
    }

    /** A tracker in the state {@link #save} wrote. */
    public static PoseTracker restore(Settings settings, java.io.DataInputStream in) throws java.io.IOException {
        PoseTracker t = new PoseTracker(settings);
        t.nextId = in.readInt();
        int n = in.readInt();
        List<Track> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            boolean live = in.readBoolean();
            Track tr = new Track(in.readInt(), null, 0);
            tr.last = StateCodec.readPose(in);
            tr.lastFrame = in.readInt();
            tr.hits = in.readInt();
            tr.confirmed = in.readBoolean();
            tr.vx = in.readFloat();
            tr.vy = in.readFloat();
            all.add(tr);
            if (live) {
                t.tracks.add(tr);
            }
        }
        int frames = in.readInt();
        for (int f = 0; f < frames; f++) {
            int frame = in.readInt();
            int k = in.readInt();
            Map<Track, Pose> m = new java.util.LinkedHashMap<>();
            for (int i = 0; i < k; i++) {
                m.put(all.get(in.readInt()), StateCodec.readPose(in));
            }
            t.pending.put(frame, m);
        }
        return t;
    }

    /** Adds one frame's detections (frames in increasing order); returns the frames that are now final. */
    public List<Emission> update(int frame, List<Pose> detections) {
        // Drop tracks that have been missing for too long (and their unconfirmed evidence).
        for (Iterator<Track> it = tracks.iterator(); it.hasNext();) {
            Track t = it.next();
            if (frame - t.lastFrame > settings.maxMissedFrames()) {
                it.remove();
                if (!t.confirmed) {
                    pending.values().forEach(m -> m.remove(t));
                }
            }
        }
        int nt = tracks.size();
        int nd = detections.size();
        int[] assign = new int[nd];
        java.util.Arrays.fill(assign, -1);
        if (nt > 0 && nd > 0) {
            double[][] cost = new double[nd][nt];
            for (int d = 0; d < nd; d++) {
                for (int t = 0; t < nt; t++) {
                    double sim = similarity(predict(tracks.get(t), frame), detections.get(d));
                    cost[d][t] = sim < settings.minSimilarity() ? 10 : 1 - sim;
                }
            }
            int[] a = Hungarian.solve(cost);
            for (int d = 0; d < nd; d++) {
                if (a[d] >= 0 && cost[d][a[d]] < 10) {
                    assign[d] = a[d];
                }
            }
        }
        Map<Track, Pose> now = pending.computeIfAbsent(frame, f -> new java.util.LinkedHashMap<>());
        for (int d = 0; d < nd; d++) {
            Pose det = detections.get(d);
            Track t;
            if (assign[d] >= 0) {
                t = tracks.get(assign[d]);
                int gap = frame - t.lastFrame;
                float[] c0 = center(t.last);
                float[] c1 = center(det);
                t.vx = (c1[0] - c0[0]) / gap;
                t.vy = (c1[1] - c0[1]) / gap;
                t.hits = gap == 1 || t.confirmed ? t.hits + 1 : 1;
                t.last = det;
                t.lastFrame = frame;
                if (t.hits >= settings.minHits()) {
                    t.confirmed = true;
                }
            } else {
                t = new Track(nextId++, det, frame);
                if (settings.minHits() <= 1) {
                    t.confirmed = true;
                }
                tracks.add(t);
            }
            now.put(t, det.withTrackId(t.id));
        }
        return emitUpTo(frame - (settings.minHits() - 1));
    }

    /** Everything still pending (at the end of a run). */
    public List<Emission> flush() {
        return emitUpTo(Integer.MAX_VALUE);
    }

    private List<Emission> emitUpTo(int lastFrame) {
        List<Emission> out = new ArrayList<>();
        while (!pending.isEmpty() && pending.firstKey() <= lastFrame) {
            Map.Entry<Integer, Map<Track, Pose>> e = pending.pollFirstEntry();
            List<Pose> poses = new ArrayList<>();
            e.getValue().forEach((t, p) -> {
                if (t.confirmed) {
                    poses.add(p);
                }
            });
            poses.sort(java.util.Comparator.comparingInt(Pose::trackId));
            out.add(new Emission(e.getKey(), poses));
        }
        return out;
    }

    /** The track's last pose moved by its velocity to the given frame. */
    private static Pose predict(Track t, int frame) {
        int gap = frame - t.lastFrame;
        if (gap <= 1 || (t.vx == 0 && t.vy == 0)) {
            return t.last;
        }
        float dx = t.vx * (gap - 1);
        float dy = t.vy * (gap - 1);
        List<Keypoint> kps = new ArrayList<>();
        for (Keypoint k : t.last.keypoints()) {
            kps.add(new Keypoint(k.x() + dx, k.y() + dy, k.score()));
        }
        float[] b = box(t.last);
        return new Pose(t.id, t.last.schema(), kps, new float[] {b[0] + dx, b[1] + dy, b[2] + dx, b[3] + dy}, t.last.score(), null);
    }

    static float[] box(Pose p) {
        return p.box() != null ? p.box() : p.keypointBox(0.2f);
    }

    static float[] center(Pose p) {
        float[] b = box(p);
        return new float[] {(b[0] + b[2]) / 2, (b[1] + b[3]) / 2};
    }

    /**
     * How alike two poses are (0..1): the mean of object keypoint similarity (COCO's OKS, with the track's box area
     * as scale) and box IoU, or the closeness of the box centres relative to the box height when that is higher
     * (small, noisy people: their keypoints jitter, but they do not jump).
     */
    static double similarity(Pose a, Pose b) {
        float[] ba = box(a);
        float[] bb = box(b);
        float[] ca = center(a);
        float[] cb = center(b);
        double h = Math.max(1, Math.max(ba[3] - ba[1], bb[3] - bb[1]));
        double d2 = ((ca[0] - cb[0]) * (ca[0] - cb[0]) + (ca[1] - cb[1]) * (ca[1] - cb[1])) / (h * h);
        double sizeRatio = Math.min(ba[3] - ba[1], bb[3] - bb[1]) / h;
        double centre = Math.exp(-d2 / (2 * 0.25 * 0.25)) * sizeRatio;
        return Math.max(0.5 * oks(a, b) + 0.5 * iou(ba, bb), centre);
    }

    static double oks(Pose a, Pose b) {
        float[] ba = box(a);
        double area = Math.max(1, (ba[2] - ba[0]) * (ba[3] - ba[1]));
        float[] sigmas = a.schema().oksSigmas();
        double sum = 0;
        int n = 0;
        for (int j = 0; j < a.keypoints().size(); j++) {
            Keypoint p = a.keypoints().get(j);
            Keypoint q = b.keypoints().get(j);
            if (p.score() < 0.1f || q.score() < 0.1f) {
                continue;
            }
            double k = sigmas != null ? 2 * sigmas[j] : 0.1;
            double d2 = (p.x() - q.x()) * (p.x() - q.x()) + (p.y() - q.y()) * (p.y() - q.y());
            sum += Math.exp(-d2 / (2 * area * k * k));
            n++;
        }
        return n == 0 ? 0 : sum / n;
    }

    static double iou(float[] a, float[] b) {
        double ix = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
        double iy = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
        double inter = ix * iy;
        double union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
        return union <= 0 ? 0 : inter / union;
    }
}
