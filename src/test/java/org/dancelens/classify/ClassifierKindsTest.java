package org.dancelens.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dancelens.analysis.ClassifyAnalysis;
import org.dancelens.analysis.AttributionRun;
import org.dancelens.analysis.store.Attributions;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.ScoreSeries;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.core.TaskContext;
import org.dancelens.core.VideoFrame;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.testsupport.GraphOnnx;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestRgbMeans;
import org.dancelens.video.PatternVideoWriter;
import org.dancelens.video.VideoSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of model, built here with outputs known in closed form, run end to end on a generated (lossless)
 * video or a synthetic track through the public API; and the bad models and cards each kind must reject.
 */
class ClassifierKindsTest {
    /** The video's results store (where the command line now stores) in a data folder of the test's own. */
    @org.junit.jupiter.api.extension.RegisterExtension
    final org.dancelens.testsupport.IsolatedData data = new org.dancelens.testsupport.IsolatedData();

    static final int W = 64;
    static final int H = 48;
    static final int FRAMES = 40;
    static Path video;
    static List<VideoFrame> frames = new ArrayList<>();
    @TempDir
    Path dir;

    @BeforeAll
    static void makeVideo() {
        video = TestMedia.generated("classify-64x48.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", W, H, FRAMES, 25).gop(10));
        try (VideoSource src = VideoSource.open(video)) {
            src.read(0, FRAMES, f -> frames.add(f), TestMedia.NO_DAMAGE, TaskContext.NONE);
        }
        assertThat(frames).hasSize(FRAMES);
    }

    static double[] softmax(double[] x) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] e = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            e[i] = Math.exp(x[i] - max);
            sum += e[i];
        }
        for (int i = 0; i < x.length; i++) {
            e[i] /= sum;
        }
        return e;
    }

    private ModelRegistry.Entry install(String id, String card, GraphOnnx graph) throws IOException {
        graph.write(dir.resolve(id + ".onnx"));
        Files.writeString(dir.resolve(id + ".yaml"), card);
        ModelRegistry r = ModelRegistry.scan(List.of(dir));
        assertThat(r.problems()).isEmpty();
        return r.find(id);
    }

    static String card(String id, String task, String input, String output, String labels, String extra) {
        return "id: " + id + "\nname: " + id + "\ntask: " + task + "\nlicense: test\nprovenance: {onnx: " + id + ".onnx}\n"
                + "inputs:\n" + input + "outputs:\n" + output + (labels == null ? "" : "labels: " + labels + "\n") + extra;
    }

    /** The attribution job on the whole test video, as the Styles tab and the command line run it (into the test's store). */
    private Attributions.Attribution attributeClip(ModelRegistry.Entry e, int span, String label) {
        try (ResultsStore store = ResultsStore.open(dir.resolve("analysis.db"))) {
            return AttributionRun.clip(video, e, store, 0, -1, new AttributionRun.Settings(span, label), OrtRuntime.Device.CPU, TaskContext.NONE)
                    .byTrack().get(-1);
        }
    }

    private List<ScoreSeries> classify(ModelRegistry.Entry e) {
        try (ResultsStore store = ResultsStore.open(dir.resolve("analysis.db"))) {
            ClassifyAnalysis.Result r = ClassifyAnalysis.run(video, e, null, store, 0, -1, OrtRuntime.Device.CPU, TaskContext.NONE);
            List<ScoreSeries> again = ClassifyAnalysis.run(video, e, null, store, 0, -1, OrtRuntime.Device.CPU, TaskContext.NONE).series();
            assertThat(again).as("a finished run is reused from the store").hasSameSizeAs(r.series());
            for (int k = 0; k < again.size(); k++) {
                assertThat(again.get(k).frames()).containsExactly(r.series().get(k).frames());
                for (int i = 0; i < again.get(k).size(); i++) {
                    assertThat(again.get(k).scores()[i]).containsExactly(r.series().get(k).scores()[i]);
                }
            }
            return r.series();
        }
    }

    @Test
    void frameClassifierNchwRgbWithMeanStdGivesSoftmaxOfNormalisedChannelMeans() throws IOException {
        // logits = per-channel mean of the input; input size = frame size, so sampling picks the pixels exactly
        var e = install("frame-nchw", card("frame-nchw", "frame-classifier",
                "  - {name: image, layout: NCHW, shape: [-1, 3, " + H + ", " + W + "], preprocess: {mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25]}}\n",
                "  - {name: logits, shape: [-1, 3], decoding: logits}\n", "[red, green, blue]", ""),
                new GraphOnnx().input("image", -1, 3, H, W).output("logits", -1, 3)
                        .node("ReduceMean", new String[] {"image"}, "logits", "axes", new long[] {2, 3}, "keepdims", 0L));
        List<ScoreSeries> s = classify(e);
        assertThat(s).hasSize(1);
        assertThat(s.get(0).track()).isEqualTo(-1);
        assertThat(s.get(0).frames()).hasSize(FRAMES);
        for (int i = 0; i < FRAMES; i++) {
            double[] m = TestRgbMeans.channelMeans(frames.get(i));
            double[] want = softmax(new double[] {(m[0] - 0.5) / 0.25, (m[1] - 0.5) / 0.25, (m[2] - 0.5) / 0.25});
            for (int c = 0; c < 3; c++) {
                assertThat((double) s.get(0).scores()[i][c]).isCloseTo(want[c], within(1e-5));
            }
        }
    }

    @Test
    void frameClassifierNhwcBgrSwapsTheChannels() throws IOException {
        var e = install("frame-nhwc", card("frame-nhwc", "frame-classifier",
                "  - {name: image, layout: NHWC, shape: [-1, " + H + ", " + W + ", 3], preprocess: {colorOrder: BGR}}\n",
                "  - {name: logits, shape: [-1, 3], decoding: logits}\n", "[b, g, r]", ""),
                new GraphOnnx().input("image", -1, H, W, 3).output("logits", -1, 3)
                        .node("ReduceMean", new String[] {"image"}, "logits", "axes", new long[] {1, 2}, "keepdims", 0L));
        List<ScoreSeries> s = classify(e);
        for (int i = 0; i < FRAMES; i++) {
            double[] m = TestRgbMeans.channelMeans(frames.get(i));
            double[] want = softmax(new double[] {m[2], m[1], m[0]});
            for (int c = 0; c < 3; c++) {
                assertThat((double) s.get(0).scores()[i][c]).isCloseTo(want[c], within(1e-5));
            }
        }
    }

    @Test
    void clipClassifierAveragesItsWindowsOverTheFramesTheyCover() throws IOException {
        // clips of 4 pictures sampled every 2nd frame (12.5 of 25 fps), a window every 2 samples
        var e = install("clip", card("clip", "clip-classifier",
                "  - {name: clip, layout: NCTHW, shape: [1, 3, 4, " + H + ", " + W + "]}\n",
                "  - {name: logits, shape: [1, 3], decoding: logits}\n", "[r, g, b]", "clip: {fps: 12.5, hop: 2}\n"),
                new GraphOnnx().input("clip", 1, 3, 4, H, W).output("logits", 1, 3)
                        .node("ReduceMean", new String[] {"clip"}, "logits", "axes", new long[] {2, 3, 4}, "keepdims", 0L));
        List<ScoreSeries> s = classify(e);
        double[][] sum = new double[FRAMES][3];
        int[] n = new int[FRAMES];
        for (int start = 0; start + 4 <= FRAMES / 2; start += 2) {
            double[] mean = new double[3];
            for (int k = 0; k < 4; k++) {
                double[] m = TestRgbMeans.channelMeans(frames.get(2 * (start + k)));
                for (int c = 0; c < 3; c++) {
                    mean[c] += m[c] / 4;
                }
            }
            double[] p = softmax(mean);
            for (int f = 2 * start; f <= 2 * (start + 3) + 1; f++) {
                for (int c = 0; c < 3; c++) {
                    sum[f][c] += p[c];
                }
                n[f]++;
            }
        }
        assertThat(s.get(0).frames()).hasSize(FRAMES);
        for (int f = 0; f < FRAMES; f++) {
            for (int c = 0; c < 3; c++) {
                assertThat((double) s.get(0).scores()[f][c]).as("frame %d", f).isCloseTo(sum[f][c] / n[f], within(1e-5));
            }
        }
    }

    @Test
    void clipOcclusionOverTimeIsTheScoreDropWhenAStretchOfPicturesIsBlanked() throws IOException {
        var e = install("clip-occ", card("clip-occ", "clip-classifier",
                "  - {name: clip, layout: NCTHW, shape: [1, 3, 4, " + H + ", " + W + "]}\n",
                "  - {name: logits, shape: [1, 3], decoding: logits}\n", "[r, g, b]", "clip: {fps: 12.5, hop: 2}\n"),
                new GraphOnnx().input("clip", 1, 3, 4, H, W).output("logits", 1, 3)
                        .node("ReduceMean", new String[] {"clip"}, "logits", "axes", new long[] {2, 3, 4}, "keepdims", 0L));
        int span = 2;
        int cls = 1;
        // independent computation: window at sample `start` holds frames 2*start .. 2*(start+3); blanking samples
        // s0..s1-1 removes their channel means from the clip mean (a blank picture is 0)
        double[] sum = new double[FRAMES];
        int[] n = new int[FRAMES];
        double[] topSum = new double[3];
        for (int start = 0; start + 4 <= FRAMES / 2; start += 2) {
            double[][] m = new double[4][];
            double[] mean = new double[3];
            for (int k = 0; k < 4; k++) {
                m[k] = TestRgbMeans.channelMeans(frames.get(2 * (start + k)));
                for (int c = 0; c < 3; c++) {
                    mean[c] += m[k][c] / 4;
                }
            }
            double[] base = softmax(mean);
            for (int c = 0; c < 3; c++) {
                topSum[c] += base[c];
            }
            for (int s0 = 0; s0 < 4; s0 += span) {
                double[] blank = mean.clone();
                for (int k = s0; k < s0 + span; k++) {
                    for (int c = 0; c < 3; c++) {
                        blank[c] -= m[k][c] / 4;
                    }
                }
                double drop = base[cls] - softmax(blank)[cls];
                for (int f = 2 * (start + s0); f <= 2 * (start + s0 + span - 1) + 1; f++) {
                    sum[f] += drop;
                    n[f]++;
                }
            }
        }
        Attributions.Attribution a = attributeClip(e, span, e.card().labels().get(cls));
        assertThat(a.label()).isEqualTo("g");
        assertThat(a.frames()).hasSize(FRAMES);
        assertThat(a.jointDrop()).isEmpty();
        for (int f = 0; f < FRAMES; f++) {
            assertThat(a.frames()[f]).isEqualTo(f);
            assertThat((double) a.frameDrop()[f]).as("frame %d", f).isCloseTo(sum[f] / n[f], within(1e-5));
        }
        int top = 0;
        for (int c = 1; c < 3; c++) {
            top = topSum[c] > topSum[top] ? c : top;
        }
        assertThat(attributeClip(e, span, null).labelIndex())
                .as("no label explains the top label over the windows").isEqualTo(top);
        assertThatThrownBy(() -> attributeClip(e, 5, null))
                .isInstanceOf(DanceLensException.class).hasMessageContaining("between 1 and the clip's 4 pictures");

        // the CLI writes the same attribution, one row per frame
        org.dancelens.testsupport.CliRun r = org.dancelens.testsupport.CliRun.of("explain", video.toString(), "--model", "clip-occ",
                "--models", dir.toString(), "--span", "2", "--class", "g", "--out", dir.resolve("occ").toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> rows = Files.readAllLines(dir.resolve("occ/temporal.csv"));
        assertThat(rows.get(0)).isEqualTo("frame,label,drop");
        assertThat(rows).hasSize(FRAMES + 1);
        for (int f = 0; f < FRAMES; f++) {
            String[] cells = rows.get(f + 1).split(",");
            assertThat(Integer.parseInt(cells[0])).isEqualTo(f);
            assertThat(cells[1]).isEqualTo("g");
            assertThat(Double.parseDouble(cells[2])).isCloseTo(a.frameDrop()[f], within(1e-5));
        }
        org.dancelens.testsupport.CliRun bad = org.dancelens.testsupport.CliRun.of("explain", video.toString(), "--model", "clip-occ",
                "--models", dir.toString(), "--class", "purple", "--out", dir.resolve("occ2").toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo("dancelens: The model clip-occ has no label 'purple' (it has [r, g, b]).");
    }

    @Test
    void frameScorerGivesTheRawRegressionValue() throws IOException {
        var e = install("brightness", card("brightness", "scorer",
                "  - {name: image, layout: NCHW, shape: [-1, 3, " + H + ", " + W + "]}\n",
                "  - {name: brightness, shape: [-1], decoding: score}\n", null, ""),
                new GraphOnnx().input("image", -1, 3, H, W).output("brightness", -1)
                        .node("ReduceMean", new String[] {"image"}, "brightness", "axes", new long[] {1, 2, 3}, "keepdims", 0L));
        List<ScoreSeries> s = classify(e);
        assertThat(s.get(0).labels()).containsExactly("brightness");
        for (int i = 0; i < FRAMES; i++) {
            double[] m = TestRgbMeans.channelMeans(frames.get(i));
            assertThat((double) s.get(0).scores()[i][0]).isCloseTo((m[0] + m[1] + m[2]) / 3, within(1e-5));
        }
    }

    /** A skeleton model whose logits are a fixed linear map of the window's mean features. */
    private ModelRegistry.Entry linearSkeletonModel(int length, float[] weights) throws IOException {
        return install("skel", card("skel", "sequence-classifier",
                "  - {name: x, layout: NTF, shape: [-1, " + length + ", 51]}\n", "  - {name: logits, shape: [-1, 2], decoding: logits}\n",
                "[still, moving]",
                "sequence: {keypoints: world, schema: coco-17, fps: 60, length: " + length + ", hop: 4, scale: none}\n"),
                new GraphOnnx().input("x", -1, length, 51).output("logits", -1, 2).constant("w", weights, 51, 2)
                        .node("ReduceMean", new String[] {"x"}, "m", "axes", new long[] {1}, "keepdims", 0L)
                        .node("MatMul", new String[] {"m", "w"}, "logits"));
    }

    @Test
    void sequenceClassifierResamplesToTheModelRateAndSpreadsWindowsOverFrames() throws IOException {
        int length = 8;
        float[] w = new float[51 * 2];
        for (int f = 0; f < 51; f++) {
            w[2 * f] = 0.01f * (f % 7);
            w[2 * f + 1] = -0.02f * (f % 5) + 0.05f;
        }
        // BlazePose-33 world track at 30 fps, joint positions linear in time, so linear resampling is exact
        int n = 45;
        double[] a = new double[33 * 3];
        double[] b = new double[33 * 3];
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.sin(i) * 0.3;
            b[i] = Math.cos(1.7 * i) * 0.2;
        }
        int[] fr = new int[n];
        double[] times = new double[n];
        float[][][] pts = new float[n][33][3];
        for (int i = 0; i < n; i++) {
            fr[i] = 100 + i;
            times[i] = i / 30.0;
            for (int j = 0; j < 33; j++) {
                for (int c = 0; c < 3; c++) {
                    pts[i][j][c] = (float) (a[3 * j + c] + b[3 * j + c] * times[i]);
                }
            }
        }
        PoseTrack track = new PoseTrack(7, SkeletonSchema.BLAZEPOSE_33, true, fr, times, pts);
        ScoreSeries s;
        try (SequenceClassifier sc = SequenceClassifier.open(linearSkeletonModel(length, w), OrtRuntime.Device.CPU)) {
            s = sc.classify(track);
        }
        // 44/30 s at 60 fps: 89 model frames; windows of 8 every 4, the last aligned to the end
        int k = 89;
        List<int[]> windows = new ArrayList<>();
        for (int st = 0; st + length <= k; st += 4) {
            windows.add(new int[] {st, st + length});
        }
        windows.add(new int[] {k - length, k});
        int[] coco = SkeletonSchema.blazePoseToCoco();
        assertThat(s.track()).isEqualTo(7);
        assertThat(s.frames()).containsExactly(fr);
        for (int i = 0; i < n; i++) {
            double[] sum = new double[2];
            int cnt = 0;
            for (int[] win : windows) {
                double from = win[0] / 60.0 - 1 / 120.0;
                double to = (win[1] - 1) / 60.0 + 1 / 120.0;
                if (times[i] < from - 1e-9 || times[i] > to + 1e-9) {
                    continue;
                }
                double meanT = (win[0] + win[1] - 1) / 2.0 / 60.0;
                double[] logits = new double[2];
                for (int j = 0; j < 17; j++) {
                    for (int c = 0; c < 3; c++) {
                        // mean of (a + b t) with t the float sample times: float32 points, so compare loosely below
                        double feat = a[3 * coco[j] + c] + b[3 * coco[j] + c] * meanT;
                        logits[0] += feat * w[2 * (3 * j + c)];
                        logits[1] += feat * w[2 * (3 * j + c) + 1];
                    }
                }
                double[] p = softmax(logits);
                sum[0] += p[0];
                sum[1] += p[1];
                cnt++;
            }
            assertThat(cnt).as("frame %d is covered", fr[i]).isPositive();
            assertThat((double) s.scores()[i][0]).as("frame %d", fr[i]).isCloseTo(sum[0] / cnt, within(1e-5));
            assertThat((double) s.scores()[i][1]).isCloseTo(sum[1] / cnt, within(1e-5));
        }
    }

    @Test
    void sequenceTrackWithALongGapIsSplitAndEveryFrameStillScored() throws IOException {
        float[] w = new float[102];
        try (SequenceClassifier sc = SequenceClassifier.open(linearSkeletonModel(8, w), OrtRuntime.Device.CPU)) {
            int[] fr = {0, 1, 2, 3, 60, 61, 62};
            double[] t = {0, 1 / 30.0, 2 / 30.0, 3 / 30.0, 2.0, 2 + 1 / 30.0, 2 + 2 / 30.0};
            float[][][] pts = new float[fr.length][17][3];
            for (int i = 0; i < fr.length; i++) {
                pts[i][3][0] = i;
            }
            ScoreSeries s = sc.classify(new PoseTrack(1, SkeletonSchema.COCO_17, true, fr, t, pts));
            assertThat(s.frames()).containsExactly(fr);
            // all-zero weights: every window says 50/50
            for (float[] v : s.scores()) {
                assertThat((double) v[0]).isCloseTo(0.5, within(1e-6));
            }
            assertThatThrownBy(() -> sc.classify(new PoseTrack(1, SkeletonSchema.COCO_17, false, fr, t, pts)))
                    .isInstanceOf(DanceLensException.class).hasMessageContaining("3-D world").hasMessageContaining("2-D image");
        }
    }

    @Test
    void labelCountThatDoesNotMatchTheOutputIsNamed() throws IOException {
        var e = install("four-labels", card("four-labels", "frame-classifier",
                "  - {name: image, layout: NCHW, shape: [-1, 3, " + H + ", " + W + "]}\n",
                "  - {name: logits, shape: [-1, 3], decoding: logits}\n", "[a, b, c, d]", ""),
                new GraphOnnx().input("image", -1, 3, H, W).output("logits", -1, 3)
                        .node("ReduceMean", new String[] {"image"}, "logits", "axes", new long[] {2, 3}, "keepdims", 0L));
        assertThatThrownBy(() -> classify(e)).isInstanceOf(DanceLensException.class)
                .hasMessageContaining("four-labels").hasMessageContaining("'logits'").hasMessageContaining("3 classes").hasMessageContaining("4 labels");
    }

    @Test
    void nanOutputIsNamed() throws IOException {
        var e = install("nan-model", card("nan-model", "frame-classifier",
                "  - {name: image, layout: NCHW, shape: [-1, 3, " + H + ", " + W + "]}\n",
                "  - {name: logits, shape: [-1, 3], decoding: logits}\n", "[a, b, c]", ""),
                new GraphOnnx().input("image", -1, 3, H, W).output("logits", -1, 3).constant("zero", new float[] {0f})
                        .node("ReduceMean", new String[] {"image"}, "m", "axes", new long[] {2, 3}, "keepdims", 0L)
                        .node("Div", new String[] {"zero", "zero"}, "nan")
                        .node("Mul", new String[] {"m", "nan"}, "logits"));
        assertThatThrownBy(() -> classify(e)).isInstanceOf(DanceLensException.class)
                .hasMessageContaining("nan-model").hasMessageContaining("NaN").hasMessageContaining("'logits'").hasMessageContaining("frame 0");
    }

    @Test
    void cardNamingAMissingTensorOrTheWrongRankIsRejectedBeforeRunning() throws IOException {
        new GraphOnnx().input("image", -1, 3, H, W).output("logits", -1, 3)
                .node("ReduceMean", new String[] {"image"}, "logits", "axes", new long[] {2, 3}, "keepdims", 0L).write(dir.resolve("m.onnx"));
        Files.writeString(dir.resolve("missing.yaml"), card("missing", "frame-classifier",
                "  - {name: pixels, layout: NCHW, shape: [-1, 3, " + H + ", " + W + "]}\n", "  - {name: logits, shape: [-1, 3]}\n", "[a, b, c]", "")
                .replace("missing.onnx", "m.onnx"));
        Files.writeString(dir.resolve("rank.yaml"), card("rank", "frame-classifier",
                "  - {name: image, layout: NCHW, shape: [-1, 3, " + H + "]}\n", "  - {name: logits, shape: [-1, 3]}\n", "[a, b, c]", "")
                .replace("rank.onnx", "m.onnx"));
        Files.writeString(dir.resolve("seqrank.yaml"), card("seqrank", "sequence-classifier",
                "  - {name: image, shape: [-1, 3, " + H + ", " + W + "]}\n", "  - {name: logits, shape: [-1, 3]}\n", "[a, b, c]",
                "sequence: {fps: 30}\n").replace("seqrank.onnx", "m.onnx"));
        ModelRegistry r = ModelRegistry.scan(List.of(dir));
        assertThatThrownBy(() -> VideoClassifier.open(r.find("missing"), OrtRuntime.Device.CPU, 25)).isInstanceOf(DanceLensException.class)
                .hasMessageContaining("missing").hasMessageContaining("'pixels'").hasMessageContaining("[image]");
        assertThatThrownBy(() -> VideoClassifier.open(r.find("rank"), OrtRuntime.Device.CPU, 25)).isInstanceOf(DanceLensException.class)
                .hasMessageContaining("'image'").hasMessageContaining("rank").hasMessageContaining("4-D");
        assertThatThrownBy(() -> SequenceClassifier.open(r.find("seqrank"), OrtRuntime.Device.CPU)).isInstanceOf(DanceLensException.class)
                .hasMessageContaining("seqrank").hasMessageContaining("[N, T, F]");
    }

    @Test
    void skeletonModelWithoutPosesOrWithTheWrongFeatureCountIsExplained() throws IOException {
        var e = linearSkeletonModel(8, new float[102]);
        try (ResultsStore store = ResultsStore.open(dir.resolve("analysis.db"))) {
            assertThatThrownBy(() -> ClassifyAnalysis.run(video, e, null, store, 0, -1, OrtRuntime.Device.CPU, TaskContext.NONE))
                    .isInstanceOf(DanceLensException.class).hasMessageContaining("skel").hasMessageContaining("pose model");
        }
        Files.writeString(dir.resolve("skel.yaml"), Files.readString(dir.resolve("skel.yaml")).replace("scale: none}", "scale: none, velocity: true}"));
        ModelRegistry r = ModelRegistry.scan(List.of(dir));
        assertThatThrownBy(() -> SequenceClassifier.open(r.find("skel"), OrtRuntime.Device.CPU)).isInstanceOf(DanceLensException.class)
                .hasMessageContaining("51 features").hasMessageContaining("102");
    }
}
