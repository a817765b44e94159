package org.dancelens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dancelens.analysis.FrameExplainer;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.VideoFrame;
import org.dancelens.explain.GradCam;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OnnxModel;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.inference.TensorData;
import org.dancelens.inference.image.ImageInput;
import org.dancelens.video.StillImage;
import org.dancelens.video.VideoSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"The cost of one Grad-CAM (activations + gradients in one run, and the map) against one plain inference of the",
            "same image model on the same picture, and of one Score-CAM; medians over --runs after --warmup runs, same device and threads."})
final class BenchExplainCommand implements Callable<Integer> {
    @Parameters(paramLabel = "INPUT", description = "a picture, or a video (its frame --frame)")
    Path input;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "model id, or the path of a model card (.yaml)")
    String model;

    @Option(names = "--layer", description = "the layer explained (default: the card's, or the deepest candidate)")
    String layer;

    @Option(names = "--frame", defaultValue = "0", description = "the video frame used (default ${DEFAULT-VALUE})")
    int frame;

    @Option(names = "--runs", defaultValue = "30", description = "timed runs of each (default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--warmup", defaultValue = "5", description = "untimed runs first (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--score-cam-runs", defaultValue = "3", description = "timed Score-CAM runs, 0 to skip (default ${DEFAULT-VALUE})")
    int scoreCamRuns;

    @picocli.CommandLine.Mixin
    ModelsOption models;

    @picocli.CommandLine.Mixin
    DeviceOption devices;

    /** The device resolved from --device when the command starts. */
    OrtRuntime.Device device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        device = devices.resolve(spec.commandLine().getOut());
        if (runs < 1 || warmup < 0 || scoreCamRuns < 0) {
            throw DanceLensException.badInput("--runs is at least 1, --warmup and --score-cam-runs at least 0.");
        }
        ModelRegistry.Entry entry = models.resolve(model);
        ImageInput recipe = FrameExplainer.recipe(entry.card());
        VideoFrame f = BenchInputs.picture(input, frame);
        float[] in = new float[recipe.pictureSize()];
        recipe.fill(f, null, in, 0, 0);
        TensorData x = TensorData.of(in, recipe.shape(1));
        double[] plain = new double[runs];
        double[] grad = new double[runs];
        double[] score = new double[scoreCamRuns];
        String usedLayer;
        FrameExplainer.Result r;
        try (CliProgress progress = new CliProgress("Timing");
             OnnxModel m = OnnxModel.open(entry, device, 0);
             FrameExplainer ex = FrameExplainer.open(entry, layer, device)) {
            usedLayer = ex.layer();
            r = ex.explain(f, -1, GradCam.Method.GRAD_CAM);
            int cls = r.classIndex();
            int total = warmup + runs;
            // one after the other, not interleaved: ONNX Runtime's worker threads keep spinning for a while after a
            // run, and would slow down a run of the other session
            for (int i = 0; i < total; i++) {
                long t0 = System.nanoTime();
                m.run(Map.of(recipe.inputName(), x));
                if (i >= warmup) {
                    plain[i - warmup] = (System.nanoTime() - t0) / 1e6;
                }
                progress.progress((i + 1.0) / (2 * total + scoreCamRuns), "plain run " + (i + 1));
            }
            for (int i = 0; i < total; i++) {
                long t0 = System.nanoTime();
                ex.explain(f, cls, GradCam.Method.GRAD_CAM);
                if (i >= warmup) {
                    grad[i - warmup] = (System.nanoTime() - t0) / 1e6;
                }
                progress.progress((total + i + 1.0) / (2 * total + scoreCamRuns), "Grad-CAM run " + (i + 1));
            }
            for (int i = 0; i < scoreCamRuns; i++) {
                long t0 = System.nanoTime();
                ex.scoreCam(f, cls);
                score[i] = (System.nanoTime() - t0) / 1e6;
                progress.progress((2 * total + i + 1.0) / (2 * total + scoreCamRuns), "Score-CAM run " + (i + 1));
            }
        }
        var o = spec.commandLine().getOut();
        double p = median(plain);
        double g = median(grad);
        o.printf(Locale.ROOT, "model %s, layer %s, input %s (%dx%d, %s), class %s, device %s, %d runs after %d warm-up%n", entry.card().id(),
                usedLayer, input.getFileName(), recipe.width(), recipe.height(), recipe.channelsFirst() ? "NCHW" : "NHWC", r.label(), device, runs, warmup);
        o.printf(Locale.ROOT, "plain inference  median %.3f ms (min %.3f)%n", p, Arrays.stream(plain).min().orElse(0));
        o.printf(Locale.ROOT, "Grad-CAM         median %.3f ms (min %.3f) = %.2fx plain inference%n", g, Arrays.stream(grad).min().orElse(0), g / p);
        if (scoreCamRuns > 0) {
            double s = median(score);
            o.printf(Locale.ROOT, "Score-CAM        median %.3f ms = %.1fx plain inference%n", s, s / p);
        }
        return 0;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
