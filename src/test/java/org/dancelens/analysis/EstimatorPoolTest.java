package org.dancelens.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.core.CancelledException;
import org.dancelens.core.Pose;
import org.dancelens.core.TaskContext;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch's estimators: loaded once, lent one job at a time, and a lent estimator reads a video as a fresh one would. */
class EstimatorPoolTest {
    @TempDir
    Path dir;

    /** MoveNet Lightning follows its crop from frame to frame: the state a reused estimator must not carry over. */
    private static ModelRegistry.Entry lightning() {
        return TestZoo.registry("movenet-lightning").find("movenet-lightning");
    }

    private static Map<Integer, List<Pose>> analyse(Path store, int from, int to, EstimatorPool pool) {
        try (ResultsStore s = ResultsStore.open(store)) {
            PoseAnalysis.Result r = PoseAnalysis.run(TestMedia.realFootage("vtest.avi"), lightning(), s, from, to, PoseAnalysis.Settings.defaults(),
                    OrtRuntime.Device.CPU, 1, pool, TaskContext.NONE);
            assertThat(r.processed()).isEqualTo(to - from);
            return s.poses().read(r.runId(), from, to, false);
        }
    }

    @Test
    void aReusedEstimatorGivesTheSamePosesAsAFreshOneAndIsLoadedOnce() {
        Map<Integer, List<Pose>> fresh = analyse(dir.resolve("fresh.db"), 300, 330, null);
        try (EstimatorPool pool = new EstimatorPool()) {
            analyse(dir.resolve("pooled.db"), 0, 30, pool); // leaves the estimator's crop on the first dancer it followed
            Map<Integer, List<Pose>> reused = analyse(dir.resolve("pooled.db"), 300, 330, pool);
            assertThat(pool.loads()).as("one load for two videos' runs in turn").isEqualTo(1);
            assertThat(reused.keySet()).isEqualTo(fresh.keySet());
            int compared = 0;
            for (int f : fresh.keySet()) {
                List<Pose> a = fresh.get(f);
                List<Pose> b = reused.get(f);
                assertThat(b).hasSameSizeAs(a);
                for (int i = 0; i < a.size(); i++) {
                    for (int k = 0; k < a.get(i).keypoints().size(); k++) {
                        assertThat(b.get(i).keypoints().get(k).x()).isEqualTo(a.get(i).keypoints().get(k).x());
                        assertThat(b.get(i).keypoints().get(k).y()).isEqualTo(a.get(i).keypoints().get(k).y());
                        assertThat(b.get(i).keypoints().get(k).score()).isEqualTo(a.get(i).keypoints().get(k).score());
                        compared++;
                    }
                }
            }
            assertThat(compared).as("keypoints compared").isGreaterThan(30 * 17 / 2);
        }
    }

    @Test
    void aCancelledJobsEstimatorIsNotLentAgain() {
        try (EstimatorPool pool = new EstimatorPool()) {
            TaskContext cancelSoon = new TaskContext() {
                private int asked;

                @Override
                public void progress(double fraction, String message) {
                }

                @Override
                public boolean isCancelled() {
                    return ++asked > 5;
                }
            };
            try (ResultsStore s = ResultsStore.open(dir.resolve("c.db"))) {
                assertThatThrownBy(() -> PoseAnalysis.run(TestMedia.realFootage("vtest.avi"), lightning(), s, 0, 200, PoseAnalysis.Settings.defaults(),
                        OrtRuntime.Device.CPU, 1, pool, cancelSoon)).isInstanceOf(CancelledException.class);
            }
            analyse(dir.resolve("d.db"), 0, 10, pool);
            assertThat(pool.loads()).as("the cancelled job's estimator closed, a new one loaded").isEqualTo(2);
            analyse(dir.resolve("e.db"), 10, 20, pool);
            assertThat(pool.loads()).isEqualTo(2);
        }
    }
}
