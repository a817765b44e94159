package org.dancelens.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.dancelens.analysis.store.Maps;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.analysis.store.RunStatus;
import org.dancelens.convert.TfjsToOnnx;
import org.dancelens.core.CancelledException;
import org.dancelens.core.TaskContext;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.dancelens.testsupport.TfjsReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole-run explanations in batches of frames, with the real emotion CNN (open batch) on real footage (vtest.avi from
 * frame 180): the stored maps, classes and scores are those of one frame at a time, the last partial batch included;
 * a cancel drops the frames waiting for their batch and keeps whole frames only; Score-CAM and a model whose batch is
 * fixed explain one frame at a time and say why.
 */
class BatchedExplainRunTest {
    private static final int FROM = 180;
    private static final int TO = 201; // 21 frames: batches of 8 end with 5

    @TempDir
    Path dir;

    private static ModelRegistry.Entry emotion() {
        return TestZoo.registry("emotion").find("emotion");
    }

    private static Path video() {
        return TestMedia.realFootage("vtest.avi");
    }

    private Map<Integer, Maps.MapFrame> explain(ModelRegistry.Entry model, String store, ExplainRun.Settings s, TaskContext ctx,
                                                ExplainRun.Result[] result) {
        try (ResultsStore st = ResultsStore.open(dir.resolve(store))) {
            result[0] = ExplainRun.run(video(), model, st, FROM, TO, s, OrtRuntime.Device.CPU, ctx);
            List<Run> runs = st.runs().list(video().toAbsolutePath().toString(), RunKind.EXPLAIN);
            return st.maps().read(runs.get(0).id(), FROM, TO);
        }
    }

    private static void assertSameMaps(Map<Integer, Maps.MapFrame> expected, Map<Integer, Maps.MapFrame> actual) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        for (int f : expected.keySet()) {
            Maps.MapFrame e = expected.get(f);
            Maps.MapFrame a = actual.get(f);
            assertThat(a.classIndex()).as("class of frame %d", f).isEqualTo(e.classIndex());
            assertThat(a.region()).containsExactly(e.region());
            for (int c = 0; c < e.scores().length; c++) {
                assertThat(a.scores()[c]).as("frame %d score %d", f, c).isCloseTo(e.scores()[c], within(1e-4f));
            }
            assertThat(a.map()).hasSameSizeAs(e.map());
            for (int p = 0; p < e.map().length; p++) {
                assertThat(a.map()[p]).as("frame %d map cell %d", f, p).isCloseTo(e.map()[p], within(1e-4f));
            }
        }
    }

    @Test
    void batchedMapsAreTheUnbatchedOnesIncludingTheLastPartialBatch() {
        ModelRegistry.Entry model = emotion();
        ExplainRun.Result[] r = new ExplainRun.Result[1];
        for (String method : new String[] {"gradcam", "layercam"}) {
            String label = method.equals("layercam") ? "happy" : null;
            Map<Integer, Maps.MapFrame> one = explain(model, method + "1.db", new ExplainRun.Settings(null, method, label, 1, List.of(), 1),
                    TaskContext.NONE, r);
            assertThat(r[0].batch()).isEqualTo(1);
            assertThat(one.keySet()).containsExactlyElementsOf(IntStream.range(FROM, TO).boxed().toList());
            // real maps: not all alike
            assertThat(one.values().stream().map(m -> java.util.Arrays.toString(m.map())).distinct().count()).isGreaterThan(1);
            Map<Integer, Maps.MapFrame> eight = explain(model, method + "8.db", new ExplainRun.Settings(null, method, label, 1, List.of(), 8),
                    TaskContext.NONE, r);
            assertThat(r[0].batch()).isEqualTo(8);
            assertThat(r[0].batchNote()).isNull();
            assertThat(r[0].processed()).isEqualTo(TO - FROM);
            assertSameMaps(one, eight);
        }
    }

    @Test
    void aCancelDropsTheFramesWaitingForTheirBatchAndTheRunResumes() {
        ModelRegistry.Entry model = emotion();
        int[] asked = {0};
        TaskContext cancelAt12 = new TaskContext() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return ++asked[0] > 12; // asked once per frame: 8 explained in one batch, 4 waiting for the next
            }
        };
        ExplainRun.Settings eight = new ExplainRun.Settings(null, "gradcam", null, 1, List.of(), 8);
        try (ResultsStore st = ResultsStore.open(dir.resolve("c.db"))) {
            assertThatThrownBy(() -> ExplainRun.run(video(), model, st, FROM, TO, eight, OrtRuntime.Device.CPU, cancelAt12))
                    .isInstanceOf(CancelledException.class);
            Run run = st.runs().list(video().toAbsolutePath().toString(), RunKind.EXPLAIN).get(0);
            assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(st.maps().read(run.id(), FROM, TO).keySet()).containsExactlyElementsOf(IntStream.range(FROM, FROM + 8).boxed().toList());
            ExplainRun.Result rest = ExplainRun.run(video(), model, st, FROM, TO, eight, OrtRuntime.Device.CPU, TaskContext.NONE);
            assertThat(rest.processed()).isEqualTo(TO - FROM - 8);
            assertThat(rest.run().status()).isEqualTo(RunStatus.COMPLETE);
            ExplainRun.Result[] r = new ExplainRun.Result[1];
            assertSameMaps(explain(model, "ref.db", new ExplainRun.Settings(null, "gradcam", null, 1, List.of(), 1), TaskContext.NONE, r),
                    st.maps().read(run.id(), FROM, TO));
        }
    }

    @Test
    void scoreCamAndAFixedBatchModelExplainOneFrameAtATimeAndSayWhy() throws Exception {
        ExplainRun.Result[] r = new ExplainRun.Result[1];
        try (ResultsStore st = ResultsStore.open(dir.resolve("s.db"))) {
            r[0] = ExplainRun.run(video(), emotion(), st, FROM, FROM + 2, new ExplainRun.Settings(null, "scorecam", null, 1, List.of(), 8),
                    OrtRuntime.Device.CPU, TaskContext.NONE);
        }
        assertThat(r[0].batch()).isEqualTo(1);
        assertThat(r[0].batchNote()).isEqualTo("Score-CAM runs the model once per channel of each frame, so frames are explained one at a time,"
                + " not in batches of 8.");

        Path fixed = Files.createDirectories(dir.resolve("fixed"));
        TfjsToOnnx.convert(TfjsReference.humanModels().resolve("emotion.json"), fixed.resolve("emotion.onnx"), 1, null);
        Files.writeString(fixed.resolve("emotion.yaml"), Files.readString(emotion().cardFile()).replaceAll("(?m)^  onnxSha256: .*\\n", ""));
        ModelRegistry.Entry one = ModelRegistry.scan(List.of(fixed)).find("emotion");
        Map<Integer, Maps.MapFrame> maps = explain(one, "f.db", new ExplainRun.Settings(null, "gradcam", null, 1, List.of(), 8), TaskContext.NONE, r);
        assertThat(r[0].batch()).isEqualTo(1);
        assertThat(r[0].batchNote()).isEqualTo("emotion takes one picture per run (its input 'input_1_0' has a fixed batch dimension), so frames are"
                + " explained one at a time, not in batches of 8.");
        assertSameMaps(explain(emotion(), "o.db", new ExplainRun.Settings(null, "gradcam", null, 1, List.of(), 8), TaskContext.NONE, r), maps);
    }

    @Test
    void badBatchSizesAreOneSentence() {
        Path models = emotion().cardFile().getParent();
        for (String bad : new String[] {"0", "257"}) {
            CliRun r = CliRun.of("explain", video().toString(), "--model", "emotion", "--models", models.toString(), "--frames", "180:182",
                    "--batch", bad, "--store", dir.resolve("bad.db").toString());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().strip()).isEqualTo("dancelens: --batch: The batch size must be between 1 and 256 frames per model run, not " + bad + ".");
        }
        CliRun bench = CliRun.of("bench", "explain-run", video().toString(), "--model", "emotion", "--models", models.toString(), "--batch", "0");
        assertThat(bench.code()).isEqualTo(2);
        assertThat(bench.err().strip()).isEqualTo("dancelens: --batch: The batch size must be between 1 and 256 frames per model run, not 0.");
    }
}
