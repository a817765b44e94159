package org.dancelens.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dancelens.core.VideoFrame;
import org.dancelens.inference.ModelInspector;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OnnxModel;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.inference.TensorData;

/**
 * Per-inference time of each model through DJL ({@link OnnxModel}, as DanceLens runs it) against a plain ONNX Runtime
 * session with the same options ({@link OrtRuntime.PlainSession}), in one process: both loaded, warmed up, then timed
 * interleaved — DJL first on even rounds, plain first on odd ones — so that load on the machine falls on both alike.
 * Both must give the same outputs, or the model's line says they differ.
 */
final class InferenceBench {
    /** One model's result: medians in milliseconds, and the largest difference between the two runtimes' outputs. */
    record Result(String model, double djlMillis, double plainMillis, double maxDifference) {
        /** Throughput through DJL relative to the plain session (1 = the same; the issue asks at least 0.97). */
        double throughputRatio() {
            return plainMillis / djlMillis;
        }
    }

    private final PrintWriter out;
    private final OrtRuntime.Device device;
    private final int threads;
    private final int warmup;
    private final int iterations;

    InferenceBench(PrintWriter out, OrtRuntime.Device device, int threads, int warmup, int iterations) {
        this.out = out;
        this.device = device;
        this.threads = threads;
        this.warmup = warmup;
        this.iterations = iterations;
    }

    int run(List<ModelRegistry.Entry> entries, VideoFrame frame, String what) {
        out.printf(Locale.ROOT, "inference on %s (%dx%d), device %s, %s intra-op thread(s), %d warm-up and %d interleaved timed runs each%n",
                what, frame.width(), frame.height(), device, threads == 0 ? "ONNX Runtime's default" : Integer.toString(threads), warmup, iterations);
        out.printf(Locale.ROOT, "%-26s %12s %12s %10s %12s%n", "model", "DJL ms", "plain ms", "DJL/plain", "max |diff|");
        List<Result> results = new ArrayList<>();
        for (ModelRegistry.Entry e : entries) {
            Result r = measure(e, frame);
            results.add(r);
            out.printf(Locale.ROOT, "%-26s %12.3f %12.3f %10.3f %12.3g%s%n", r.model(), r.djlMillis(), r.plainMillis(), r.throughputRatio(),
                    r.maxDifference(), r.maxDifference() == 0 ? "" : "  (outputs differ)");
        }
        out.printf(Locale.ROOT, "medians; DJL/plain is throughput through DJL over the plain session's (plain ms / DJL ms); %d cores%n",
                Runtime.getRuntime().availableProcessors());
        out.flush();
        return 0;
    }

    Result measure(ModelRegistry.Entry entry, VideoFrame frame) {
        try (OnnxModel djl = OnnxModel.open(entry, device, threads);
             OrtRuntime.PlainSession plain = OrtRuntime.PlainSession.open(entry.onnxFile(), device, threads)) {
            Map<String, TensorData> in = ModelInspector.inputs(entry.card(), djl, frame);
            double diff = maxDifference(djl.run(in), plain.run(in));
            for (int k = 0; k < warmup; k++) {
                djl.run(in);
                plain.run(in);
            }
            double[] a = new double[iterations];
            double[] b = new double[iterations];
            for (int k = 0; k < iterations; k++) {
                if (k % 2 == 0) {
                    a[k] = time(() -> djl.run(in));
                    b[k] = time(() -> plain.run(in));
                } else {
                    b[k] = time(() -> plain.run(in));
                    a[k] = time(() -> djl.run(in));
                }
            }
            return new Result(entry.card().id(), median(a), median(b), diff);
        }
    }

    private static double time(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    /** The largest absolute difference between same-named outputs; infinite when the outputs' names or shapes differ. */
    static double maxDifference(Map<String, TensorData> x, Map<String, TensorData> y) {
        if (!x.keySet().equals(y.keySet())) {
            return Double.POSITIVE_INFINITY;
        }
        double d = 0;
        for (String k : x.keySet()) {
            TensorData p = x.get(k);
            TensorData q = y.get(k);
            if (!Arrays.equals(p.shape(), q.shape()) || p.isFloat() != q.isFloat()) {
                return Double.POSITIVE_INFINITY;
            }
            float[] u = p.asFloats();
            float[] v = q.asFloats();
            for (int i = 0; i < u.length; i++) {
                double e = Math.abs((double) u[i] - v[i]);
                d = Double.isNaN(e) ? (Float.isNaN(u[i]) && Float.isNaN(v[i]) ? d : Double.POSITIVE_INFINITY) : Math.max(d, e);
            }
        }
        return d;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
