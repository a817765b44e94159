package org.dancelens.pose;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.RegionMask;
import org.dancelens.core.SkeletonSchema;

/**
 * Exact binary form of the pieces of a pose job's state (poses, regions, filter values) for checkpoints: every float
 * and double goes through its bits, so a restored state computes exactly what the saved one would have.
 */
public final class StateCodec {
    private StateCodec() {
    }

    public static void writePose(DataOutputStream o, Pose p) throws IOException {
        o.writeInt(p.trackId());
        o.writeUTF(p.schema().id());
        o.writeInt(p.keypoints().size());
        for (Keypoint k : p.keypoints()) {
            o.writeFloat(k.x());
            o.writeFloat(k.y());
            o.writeFloat(k.score());
        }
        writeFloats(o, p.box());
        o.writeFloat(p.score());
        if (p.world() == null) {
            o.writeInt(-1);
        } else {
            o.writeInt(p.world().length);
            for (float[] w : p.world()) {
                writeFloats(o, w);
            }
        }
        RegionMask m = p.mask();
        o.writeBoolean(m != null);
        if (m != null) {
            o.writeFloat(m.cx());
            o.writeFloat(m.cy());
            o.writeFloat(m.side());
            o.writeFloat(m.angle());
            o.writeInt(m.size());
            writeFloats(o, m.values());
        }
    }

    public static Pose readPose(DataInputStream in) throws IOException {
        int track = in.readInt();
        SkeletonSchema schema = SkeletonSchema.byId(in.readUTF());
        int n = in.readInt();
        List<Keypoint> kps = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            kps.add(new Keypoint(in.readFloat(), in.readFloat(), in.readFloat()));
        }
        float[] box = readFloats(in);
        float score = in.readFloat();
        int wn = in.readInt();
        float[][] world = null;
        if (wn >= 0) {
            world = new float[wn][];
            for (int i = 0; i < wn; i++) {
                world[i] = readFloats(in);
            }
        }
        RegionMask mask = null;
        if (in.readBoolean()) {
            float cx = in.readFloat();
            float cy = in.readFloat();
            float side = in.readFloat();
            float angle = in.readFloat();
            int size = in.readInt();
            mask = new RegionMask(cx, cy, side, angle, size, readFloats(in));
        }
        return new Pose(track, schema, kps, box, score, world, mask);
    }

    /** A float array, or null. */
    public static void writeFloats(DataOutputStream o, float[] v) throws IOException {
        o.writeInt(v == null ? -1 : v.length);
        if (v != null) {
            for (float x : v) {
                o.writeFloat(x);
            }
        }
    }

    public static float[] readFloats(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = in.readFloat();
        }
        return v;
    }

    /** A double array, or null. */
    public static void writeDoubles(DataOutputStream o, double[] v) throws IOException {
        o.writeInt(v == null ? -1 : v.length);
        if (v != null) {
            for (double x : v) {
                o.writeDouble(x);
            }
        }
    }

    public static double[] readDoubles(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = in.readDouble();
        }
        return v;
    }
}
