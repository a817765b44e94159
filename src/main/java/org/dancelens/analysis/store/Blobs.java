package org.dancelens.analysis.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.RegionMask;

/** How arrays are stored: little-endian float32 / int32 blobs, keypoints as {@code [x, y, score] x K}, masks compactly. */
final class Blobs {
    private Blobs() {
    }

    static byte[] floats(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    static float[] floats(byte[] bytes) {
        float[] v = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }

    static byte[] ints(int[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(v);
        return b.array();
    }

    static int[] ints(byte[] bytes) {
        int[] v = new int[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(v);
        return v;
    }

    static byte[] keypoints(Pose p) {
        float[] v = new float[p.keypoints().size() * 3];
        for (int k = 0; k < p.keypoints().size(); k++) {
            Keypoint kp = p.keypoints().get(k);
            v[3 * k] = kp.x();
            v[3 * k + 1] = kp.y();
            v[3 * k + 2] = kp.score();
        }
        return floats(v);
    }

    static List<Keypoint> keypoints(byte[] bytes) {
        float[] v = floats(bytes);
        List<Keypoint> out = new ArrayList<>(v.length / 3);
        for (int k = 0; k < v.length / 3; k++) {
            out.add(new Keypoint(v[3 * k], v[3 * k + 1], v[3 * k + 2]));
        }
        return out;
    }

    static byte[] world(float[][] w) {
        float[] v = new float[w.length * 3];
        for (int k = 0; k < w.length; k++) {
            System.arraycopy(w[k], 0, v, 3 * k, 3);
        }
        return floats(v);
    }

    static float[][] world(byte[] bytes) {
        float[] v = floats(bytes);
        float[][] w = new float[v.length / 3][3];
        for (int k = 0; k < w.length; k++) {
            System.arraycopy(v, 3 * k, w[k], 0, 3);
        }
        return w;
    }

    /** Mask blob: centre x, centre y, side, angle, size as float32, then size x size probabilities as uint8 (x 255). */
    static byte[] mask(RegionMask m) {
        ByteBuffer b = ByteBuffer.allocate(20 + m.values().length).order(ByteOrder.LITTLE_ENDIAN);
        b.putFloat(m.cx()).putFloat(m.cy()).putFloat(m.side()).putFloat(m.angle()).putFloat(m.size());
        for (float v : m.values()) {
            b.put((byte) Math.round(Math.max(0, Math.min(1, v)) * 255));
        }
        return b.array();
    }

    static RegionMask mask(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float cx = b.getFloat();
        float cy = b.getFloat();
        float side = b.getFloat();
        float angle = b.getFloat();
        int size = (int) b.getFloat();
        float[] v = new float[size * size];
        for (int k = 0; k < v.length; k++) {
            v[k] = (b.get() & 0xff) / 255f;
        }
        return new RegionMask(cx, cy, side, angle, size, v);
    }
}
