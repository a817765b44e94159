package org.dancelens.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dancelens.core.DanceLensException;

/**
 * One ONNX Runtime session on one model file. Not thread-safe for concurrent {@link #run} calls from several
 * threads with shared buffers; give each worker its own instance.
 */
public final class OnnxModel implements AutoCloseable {
    private final String file;
    private final OrtSession session;
    private final OrtRuntime.Device device;

    private OnnxModel(String file, OrtSession session, OrtRuntime.Device device) {
        this.file = file;
        this.session = session;
        this.device = device;
    }

    public static OnnxModel open(Path onnx, OrtRuntime.Device device, int intraOpThreads) {
        OrtRuntime.Device used = OrtRuntime.resolve(device);
        try (OrtSession.SessionOptions o = OrtRuntime.options(used, intraOpThreads)) {
            OrtSession s = OrtRuntime.environment().createSession(onnx.toString(), o);
            return new OnnxModel(String.valueOf(onnx.getFileName()), s, used);
        } catch (OrtException e) {
            throw OrtErrors.cannotLoad(onnx, "The model file " + onnx.getFileName(), e);
        }
    }

    /**
     * A session on a model card's ONNX file, checked as every load of a card is: the file's sha256 against the one the
     * card declares (a {@link ModelRegistry.Entry#pinned() pinned} entry declares the one its run is filed under), the
     * file unchanged while ONNX Runtime read it, and the card's tensors against the model's (names, shapes, number of
     * labels) — so a card that does not fit its model is one sentence before anything runs.
     */
    public static OnnxModel open(ModelRegistry.Entry entry, OrtRuntime.Device device, int intraOpThreads) {
        Path onnx = entry.onnxFile();
        ModelFiles.Stamp before = ModelFiles.stamp(onnx);
        ModelFiles.checkedSha256(entry);
        OnnxModel m = open(onnx, device, intraOpThreads);
        try {
            if (!ModelFiles.stamp(onnx).equals(before)) {
                throw DanceLensException.badInput("The model file " + onnx.getFileName() + " changed while it was being loaded; run again once it is"
                        + " written.");
            }
            ModelFiles.checkTensors(entry.card(), shapes(m.session.getInputInfo()), m.outputShapes());
            return m;
        } catch (OrtException e) {
            m.close();
            throw DanceLensException.internal("ONNX Runtime cannot describe " + onnx.getFileName() + ".", e);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /**
     * A session on a model held in memory (for example one that {@link OnnxGraph} edited); {@code label} names it in
     * messages.
     */
    public static OnnxModel open(byte[] onnx, String label, OrtRuntime.Device device, int intraOpThreads) {
        OrtRuntime.Device used = OrtRuntime.resolve(device);
        try (OrtSession.SessionOptions o = OrtRuntime.options(used, intraOpThreads)) {
            OrtSession s = OrtRuntime.environment().createSession(onnx, o);
            return new OnnxModel(label, s, used);
        } catch (OrtException e) {
            throw OrtErrors.cannotLoad(onnx, "The model " + label, e);
        }
    }

    public OrtRuntime.Device device() {
        return device;
    }

    public List<String> inputNames() {
        return new ArrayList<>(session.getInputNames());
    }

    public List<String> outputNames() {
        return new ArrayList<>(session.getOutputNames());
    }

    /** Input shapes as the model declares them (-1 for open dimensions). */
    public Map<String, long[]> inputShapes() {
        try {
            Map<String, long[]> m = shapes(session.getInputInfo());
            m.values().removeIf(java.util.Objects::isNull);
            return m;
        } catch (OrtException e) {
            throw DanceLensException.internal("ONNX Runtime cannot describe " + file + ".", e);
        }
    }

    /** Output shapes as the model declares them (-1 for open dimensions; null for an output that is not a tensor). */
    public Map<String, long[]> outputShapes() {
        try {
            return shapes(session.getOutputInfo());
        } catch (OrtException e) {
            throw DanceLensException.internal("ONNX Runtime cannot describe " + file + ".", e);
        }
    }

    private static Map<String, long[]> shapes(Map<String, NodeInfo> info) {
        Map<String, long[]> m = new LinkedHashMap<>();
        for (Map.Entry<String, NodeInfo> e : info.entrySet()) {
            m.put(e.getKey(), e.getValue().getInfo() instanceof TensorInfo ti ? ti.getShape() : null);
        }
        return m;
    }

    /** Runs the model on the inputs and returns every output (float or int32). */
    public Map<String, TensorData> run(Map<String, TensorData> inputs) {
        var env = OrtRuntime.environment();
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try {
            for (Map.Entry<String, TensorData> e : inputs.entrySet()) {
                TensorData t = e.getValue();
                feeds.put(e.getKey(), t.isFloat()
                        ? OnnxTensor.createTensor(env, FloatBuffer.wrap(t.floats()), t.shape())
                        : OnnxTensor.createTensor(env, IntBuffer.wrap(t.ints()), t.shape()));
            }
            Map<String, TensorData> out = new LinkedHashMap<>();
            try (OrtSession.Result r = session.run(feeds)) {
                for (Map.Entry<String, OnnxValue> e : r) {
                    OnnxTensor t = (OnnxTensor) e.getValue();
                    long[] shape = t.getInfo().getShape();
                    if (t.getInfo().type == OnnxJavaType.FLOAT) {
                        FloatBuffer fb = t.getFloatBuffer();
                        float[] v = new float[fb.remaining()];
                        fb.get(v);
                        out.put(e.getKey(), TensorData.of(v, shape));
                    } else if (t.getInfo().type == OnnxJavaType.INT32) {
                        IntBuffer ib = t.getIntBuffer();
                        int[] v = new int[ib.remaining()];
                        ib.get(v);
                        out.put(e.getKey(), TensorData.ofInts(v, shape));
                    } else {
                        throw DanceLensException.badInput("The output " + e.getKey() + " of " + file + " has the type "
                                + t.getInfo().type + ", which DanceLens does not read.");
                    }
                }
            }
            return out;
        } catch (OrtException e) {
            throw DanceLensException.badInput("Running " + file + " failed: " + OrtRuntime.reason(e), e);
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw DanceLensException.internal("Closing the session of " + file + " failed.", e);
        }
    }
}
