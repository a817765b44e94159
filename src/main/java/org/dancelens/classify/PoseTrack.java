package org.dancelens.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;

/**
 * One dancer's keypoints over time, the input of skeleton models: {@code points[i][joint][c]} at video frame
 * {@code frames[i]}, time {@code times[i]} seconds. World tracks hold 3-D world coordinates (metres, DanceLens's
 * convention: x right, y down, z away from the camera, origin between the hips); image tracks hold pixel x, y.
 */
public record PoseTrack(int track, SkeletonSchema schema, boolean world, int[] frames, double[] times, float[][][] points) {

    public int size() {
        return frames.length;
    }

    /**
     * Splits stored poses into one track per identity. Frames where a pose has no world coordinates are left out
     * of world tracks.
     *
     * @param poses  frame number to the poses in it
     * @param times  frame number to its time in seconds
     */
    public static List<PoseTrack> fromPoses(Map<Integer, List<Pose>> poses, Map<Integer, Double> times, boolean world) {
        Map<Integer, List<Object[]>> byTrack = new TreeMap<>();
        SkeletonSchema[] schema = new SkeletonSchema[1];
        new TreeMap<>(poses).forEach((frame, list) -> {
            for (Pose p : list) {
                float[][] pts;
                if (world) {
                    if (p.world() == null) {
                        continue;
                    }
                    pts = p.world();
                } else {
                    pts = new float[p.keypoints().size()][];
                    for (int j = 0; j < pts.length; j++) {
                        Keypoint k = p.keypoints().get(j);
                        pts[j] = new float[] {k.x(), k.y()};
                    }
                }
                schema[0] = p.schema();
                Double t = times.get(frame);
                byTrack.computeIfAbsent(p.trackId(), k -> new ArrayList<>()).add(new Object[] {frame, t == null ? Double.NaN : t, pts});
            }
        });
        List<PoseTrack> out = new ArrayList<>();
        byTrack.forEach((id, rows) -> {
            int n = rows.size();
            int[] f = new int[n];
            double[] t = new double[n];
            float[][][] pts = new float[n][][];
            for (int i = 0; i < n; i++) {
                f[i] = (Integer) rows.get(i)[0];
                t[i] = (Double) rows.get(i)[1];
                pts[i] = (float[][]) rows.get(i)[2];
            }
            out.add(new PoseTrack(id, schema[0], world, f, t, pts));
        });
        return out;
    }
}
