package org.dancelens.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.dancelens.analysis.ClassifyAnalysis;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.analysis.store.RunStatus;
import org.dancelens.convert.TfjsToOnnx;
import org.dancelens.core.CancelledException;
import org.dancelens.core.ScoreSeries;
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
 * Frame classification in batches of consecutive frames, with the real emotion CNN (converted with an open batch
 * dimension) on real footage (OpenCV's vtest.avi, people walking from frame ~180): batched scores are the unbatched
 * ones, the last partial batch of a range included; a cancel with a batch half filled stores nothing; a model whose
 * batch is fixed runs one frame at a time and says why; bad batch sizes are one sentence.
 */
class BatchedClassifyTest {
    private static final int FROM = 180;
    private static final int TO = 209; // 29 frames: batches of 8 end with 5, of 7 with 1

    @TempDir
    Path dir;

    private static ModelRegistry.Entry emotion() {
        return TestZoo.registry("emotion").find("emotion");
    }

    private ClassifyAnalysis.Result classify(ModelRegistry.Entry model, String store, int batch, TaskContext ctx) {
        try (ResultsStore s = ResultsStore.open(dir.resolve(store))) {
            return ClassifyAnalysis.run(TestMedia.realFootage("vtest.avi"), model, null, s, FROM, TO, OrtRuntime.Device.CPU, batch, ctx);
        }
    }

    private static void assertSameScores(List<ScoreSeries> expected, List<ScoreSeries> actual) {
        assertThat(actual).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            ScoreSeries e = expected.get(i);
            ScoreSeries a = actual.get(i);
            assertThat(a.frames()).containsExactly(e.frames());
            for (int f = 0; f < e.size(); f++) {
                for (int c = 0; c < e.labels().size(); c++) {
                    assertThat(a.scores()[f][c]).as("frame %d label %s", e.frames()[f], e.labels().get(c)).isCloseTo(e.scores()[f][c], within(1e-4f));
                }
            }
        }
    }

    @Test
    void batchedScoresAreTheUnbatchedOnesIncludingTheLastPartialBatch() {
        ModelRegistry.Entry model = emotion();
        ClassifyAnalysis.Result one = classify(model, "b1.db", 1, TaskContext.NONE);
        assertThat(one.batch()).isEqualTo(1);
        assertThat(one.series()).hasSize(1);
        assertThat(one.series().get(0).frames()).containsExactly(IntStream.range(FROM, TO).toArray());
        // the scores are a distribution per frame, and they change from frame to frame (real, moving footage)
        float[][] s = one.series().get(0).scores();
        for (float[] row : s) {
            assertThat((double) (row[0] + row[1] + row[2] + row[3] + row[4] + row[5] + row[6])).isCloseTo(1.0, within(1e-4));
        }
        assertThat(IntStream.range(1, s.length).anyMatch(f -> Math.abs(s[f][6] - s[0][6]) > 1e-3)).isTrue();
        for (int batch : new int[] {7, 8, 32}) {
            ClassifyAnalysis.Result b = classify(model, "b" + batch + ".db", batch, TaskContext.NONE);
            assertThat(b.batch()).isEqualTo(batch);
            assertThat(b.batchNote()).isNull();
            assertSameScores(one.series(), b.series());
        }
    }

    @Test
    void aCancelWithABatchHalfFilledStoresNothingAndTheRunCanBeMadeAgain() {
        ModelRegistry.Entry model = emotion();
        boolean[] cancel = {false};
        int[] progressed = {0};
        TaskContext ctx = new TaskContext() {
            @Override
            public void progress(double fraction, String message) {
                // the classifier reports every 8 frames: with batches of 5, three frames wait for their batch at the first report
                if (message.contains("frames/s") && !cancel[0]) {
                    progressed[0]++;
                    cancel[0] = true;
                }
            }

            @Override
            public boolean isCancelled() {
                return cancel[0];
            }
        };
        assertThatThrownBy(() -> classify(model, "c.db", 5, ctx)).isInstanceOf(CancelledException.class);
        assertThat(progressed[0]).isEqualTo(1);
        try (ResultsStore s = ResultsStore.open(dir.resolve("c.db"))) {
            List<Run> runs = s.runs().list(TestMedia.realFootage("vtest.avi").toAbsolutePath().toString(), RunKind.CLASSIFY);
            assertThat(runs).hasSize(1);
            assertThat(runs.get(0).status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(s.scores().read(runs.get(0).id())).isEmpty();
        }
        ClassifyAnalysis.Result again = classify(model, "c.db", 5, TaskContext.NONE);
        assertThat(again.reused()).isFalse();
        assertThat(again.run().status()).isEqualTo(RunStatus.COMPLETE);
        assertSameScores(classify(model, "ref.db", 1, TaskContext.NONE).series(), again.series());
    }

    @Test
    void aModelWhoseBatchIsFixedRunsOneFrameAtATimeAndSaysWhy() throws Exception {
        Path fixed = Files.createDirectories(dir.resolve("fixed"));
        TfjsToOnnx.convert(TfjsReference.humanModels().resolve("emotion.json"), fixed.resolve("emotion.onnx"), 1, null);
        String card = Files.readString(emotion().cardFile()).replaceAll("(?m)^  onnxSha256: .*\\n", "");
        Files.writeString(fixed.resolve("emotion.yaml"), card);
        ModelRegistry.Entry one = ModelRegistry.scan(List.of(fixed)).find("emotion");
        ClassifyAnalysis.Result r = classify(one, "fixed.db", 8, TaskContext.NONE);
        assertThat(r.batch()).isEqualTo(1);
        assertThat(r.batchNote()).isEqualTo("emotion takes 1 picture per run (its input 'input_1_0' has a fixed batch dimension), so it runs one"
                + " frame at a time, not in batches of 8.");
        assertSameScores(classify(emotion(), "open.db", 8, TaskContext.NONE).series(), r.series());
    }

    @Test
    void badBatchSizesAreOneSentence() {
        String video = TestMedia.realFootage("vtest.avi").toString();
        Path models = emotion().cardFile().getParent();
        for (String bad : new String[] {"0", "-3", "257"}) {
            CliRun r = CliRun.of("classify", video, "--model", "emotion", "--models", models.toString(), "--batch", bad, "--store",
                    dir.resolve("bad.db").toString());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().strip()).isEqualTo("dancelens: --batch: The batch size must be between 1 and 256 frames per model run, not "
                    + bad + ".");
        }
        assertThat(Files.exists(dir.resolve("bad.db"))).isFalse();
        CliRun bench = CliRun.of("bench", "classify", video, "--model", "emotion", "--models", models.toString(), "--batch", "1,0");
        assertThat(bench.code()).isEqualTo(2);
        assertThat(bench.err().strip()).isEqualTo("dancelens: --batch: The batch size must be between 1 and 256 frames per model run, not 0.");
    }
}
