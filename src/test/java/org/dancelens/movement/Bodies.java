package org.dancelens.movement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;

/** Generated bodies for the kinematics tests: named joints in, poses out; joints not named score 0 (gaps). */
final class Bodies {
    private Bodies() {
    }

    /**
     * A standing, left/right mirrored body in pixels (y down), mirrored about x = 200: the dancer's left on the image's
     * right. BlazePose's extra points: heels, toe tips, index and pinky knuckles, mirrored too.
     */
    static Map<String, double[]> standing() {
        Map<String, double[]> b = new LinkedHashMap<>();
        b.put("nose", new double[] {200, 100});
        b.put("left_eye", new double[] {205, 95});
        b.put("right_eye", new double[] {195, 95});
        b.put("left_ear", new double[] {212, 102});
        b.put("right_ear", new double[] {188, 102});
        b.put("left_shoulder", new double[] {230, 150});
        b.put("right_shoulder", new double[] {170, 150});
        b.put("left_elbow", new double[] {235, 210});
        b.put("right_elbow", new double[] {165, 210});
        b.put("left_wrist", new double[] {238, 265});
        b.put("right_wrist", new double[] {162, 265});
        b.put("left_hip", new double[] {220, 280});
        b.put("right_hip", new double[] {180, 280});
        b.put("left_knee", new double[] {222, 370});
        b.put("right_knee", new double[] {178, 370});
        b.put("left_ankle", new double[] {222, 460});
        b.put("right_ankle", new double[] {178, 460});
        b.put("left_heel", new double[] {220, 470});
        b.put("right_heel", new double[] {180, 470});
        b.put("left_foot_index", new double[] {235, 474});
        b.put("right_foot_index", new double[] {165, 474});
        b.put("left_index", new double[] {240, 285});
        b.put("right_index", new double[] {160, 285});
        b.put("left_pinky", new double[] {236, 283});
        b.put("right_pinky", new double[] {164, 283});
        return b;
    }

    static Map<String, double[]> copy(Map<String, double[]> body) {
        Map<String, double[]> c = new LinkedHashMap<>();
        body.forEach((k, v) -> c.put(k, v.clone()));
        return c;
    }

    /** A pose of the schema with the named joints at score 0.9 and the others at score 0; world coordinates if given. */
    static Pose pose(SkeletonSchema schema, Map<String, double[]> image, Map<String, double[]> world) {
        List<Keypoint> kps = new ArrayList<>();
        float[][] w = world == null ? null : new float[schema.size()][3];
        for (int j = 0; j < schema.size(); j++) {
            String name = schema.joints().get(j);
            double[] p = image.get(name);
            kps.add(p == null ? new Keypoint(0, 0, 0) : new Keypoint((float) p[0], (float) p[1], 0.9f));
            if (w != null && world.containsKey(name)) {
                double[] q = world.get(name);
                w[j] = new float[] {(float) q[0], (float) q[1], (float) q[2]};
            }
        }
        return new Pose(1, schema, kps, null, 0.9f, w);
    }

    /** Frame times at a constant rate. */
    static double[] times(int n, double fps) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i / fps;
        }
        return t;
    }
}
