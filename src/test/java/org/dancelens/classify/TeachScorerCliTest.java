package org.dancelens.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dancelens.inference.ModelCard;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Teaching a scorer from a ratings manifest of real footage from the command line. The ratings of the ranges of
 * vtest.avi here are arbitrary (the range's start time, so they differ), so only the plumbing, the learning-curve
 * report and that the taught scorer runs in 'dancelens evaluate --ratings' are checked, not accuracy (that is
 * {@link ScorerTrainerTest}'s).
 */
class TeachScorerCliTest {
    @RegisterExtension
    final IsolatedData data = new IsolatedData();
    @TempDir
    Path out;

    @Test
    void trainAScorerFromRatingsAndEvaluateIt() throws Exception {
        Path vtest = TestMedia.realFootage("vtest.avi");
        Path zoo = TestZoo.registry("movenet-multipose").entries().get(0).cardFile().getParent();
        StringBuilder csv = new StringBuilder("video,start_s,end_s,criterion,ana,ben\n");
        for (int i = 0; i < 6; i++) {
            csv.append(vtest).append(',').append(i * 8).append(',').append(i * 8 + 6).append(",energy,").append(1 + i % 4).append(',').append(2 + i % 3).append('\n');
        }
        Files.writeString(out.resolve("ratings.csv"), csv);

        CliRun train = CliRun.of("train", "--ratings", out.resolve("ratings.csv").toString(), "--pose", "movenet-multipose", "--models", zoo.toString(),
                "--id", "my-energy", "--out-models", out.resolve("models").toString());
        System.out.println(train.out());
        assertThat(train.err()).isEmpty();
        assertThat(train.code()).isZero();
        assertThat(train.out()).contains("scorer of 'energy'").contains("6 rated ranges").contains("learning curve")
                .containsPattern("\\n  1 +too few rated examples to estimate a correlation")
                .containsPattern("\\n  10 +only 6 rated ranges")
                .containsPattern("\\n  5 +10 +-?\\d\\.\\d{3}");
        assertThat(Files.readString(out.resolve("models/my-energy.yaml"))).contains("task: scorer").contains("keypoints: image");
        // movement features are on by default for a scorer, and the card says which
        assertThat(train.out()).contains("features: skeleton summary and movement measures angles, angular_speeds, speeds, energy");
        assertThat(ModelCard.read(out.resolve("models/my-energy.yaml")).sequence().movement()).isEqualTo(ScorerTrainer.DEFAULT_MOVEMENT);
        CliRun plain = CliRun.of("train", "--ratings", out.resolve("ratings.csv").toString(), "--pose", "movenet-multipose", "--models", zoo.toString(),
                "--id", "my-plain", "--movement", "none", "--out-models", out.resolve("models").toString());
        assertThat(plain.code()).isZero();
        assertThat(plain.out()).contains("features: skeleton summary only");
        assertThat(Files.readString(out.resolve("models/my-plain.yaml"))).doesNotContain("movement");
        CliRun badMeasure = CliRun.of("train", "--ratings", out.resolve("ratings.csv").toString(), "--pose", "movenet-multipose", "--models",
                zoo.toString(), "--id", "x", "--movement", "angles,tempo", "--out-models", out.resolve("models").toString());
        assertThat(badMeasure.code()).isEqualTo(2);
        assertThat(badMeasure.err().strip()).isEqualTo("dancelens: --movement takes angles, angular_speeds, speeds, energy or none, not 'tempo'.");

        CliRun eval = CliRun.of("evaluate", "--ratings", out.resolve("ratings.csv").toString(), "--model", "my-energy", "--pose", "movenet-multipose",
                "--models", zoo.toString(), "--models", out.resolve("models").toString(), "--out", out.resolve("eval").toString());
        assertThat(eval.err()).isEmpty();
        assertThat(eval.code()).isZero();
        assertThat(out.resolve("eval/metrics.json")).exists();

        CliRun unknown = CliRun.of("train", "--ratings", out.resolve("ratings.csv").toString(), "--criterion", "grace", "--pose", "movenet-multipose",
                "--models", zoo.toString(), "--id", "x", "--out-models", out.resolve("models").toString());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err().strip()).isEqualTo("dancelens: The ratings manifest ratings.csv has no criterion 'grace'; it has energy.");
        CliRun both = CliRun.of("train", vtest.toString(), "--ratings", out.resolve("ratings.csv").toString(), "--pose", "movenet-multipose",
                "--models", zoo.toString(), "--id", "x");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err().strip()).doesNotContain("\n").contains("not both");
    }
}
