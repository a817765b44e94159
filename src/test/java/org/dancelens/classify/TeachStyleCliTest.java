package org.dancelens.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Labelling ranges of real footage and training on them from the command line: the labels here ("early" and
 * "late" stretches of vtest.avi) are arbitrary, so only the plumbing and the report are checked, not accuracy.
 */
class TeachStyleCliTest {
    @RegisterExtension
    final IsolatedData data = new IsolatedData();
    @TempDir
    Path out;



    @Test
    void labelTrainAndClassifyWithTheTaughtModel() throws Exception {
        Path vtest = TestMedia.realFootage("vtest.avi");
        Path zoo = TestZoo.registry("movenet-multipose").entries().get(0).cardFile().getParent();
        assertThat(CliRun.of("label", "add", vtest.toString(), "--frames", "0:99", "--label", "early").out()).contains("frames 0–99");
        assertThat(CliRun.of("label", "add", vtest.toString(), "--frames", "100:199", "--label", "early").code()).isZero();
        assertThat(CliRun.of("label", "add", vtest.toString(), "--seconds", "40:47.9", "--label", "late").code()).isZero();
        assertThat(CliRun.of("label", "add", vtest.toString(), "--frames", "700:790", "--label", "late").code()).isZero();
        CliRun bad = CliRun.of("label", "add", vtest.toString(), "--frames", "700:9000", "--label", "late");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("795 frames");
        CliRun list = CliRun.of("label", "list", vtest.toString());
        assertThat(list.out().lines()).hasSize(4);
        assertThat(list.out()).contains("\t700\t790\tlate");
        long extra = Long.parseLong(CliRun.of("label", "add", vtest.toString(), "--frames", "300:310", "--label", "oops").out().split("[ :]")[1]);
        assertThat(CliRun.of("label", "remove", vtest.toString(), String.valueOf(extra)).code()).isZero();
        assertThat(CliRun.of("label", "list", vtest.toString()).out().lines()).hasSize(4);

        CliRun train = CliRun.of("train", vtest.toString(), "--pose", "movenet-multipose", "--models", zoo.toString(), "--id", "early-late",
                "--out-models", out.toString());
        System.out.println(train.out());
        assertThat(train.err()).isEmpty();
        assertThat(train.code()).isZero();
        assertThat(train.out()).contains("cross-validated accuracy (4 folds over whole ranges)").contains("confusion");
        assertThat(out.resolve("early-late.yaml")).exists();
        assertThat(Files.readString(out.resolve("early-late.yaml"))).contains("keypoints: image").contains("task: sequence-classifier");

        CliRun classify = CliRun.of("classify", vtest.toString(), "--model", "early-late", "--pose", "movenet-multipose", "--models", zoo.toString(),
                "--models", out.toString(), "--range", "0:120", "--out", out.resolve("c").toString());
        assertThat(classify.err()).isEmpty();
        assertThat(classify.code()).isZero();
        assertThat(Files.readAllLines(out.resolve("c/scores.csv")).size()).isGreaterThan(100);
        // each dancer's verdict names the dancer with the pose run it came from, as the workbench does
        assertThat(classify.out().lines().filter(l -> l.startsWith("vtest.avi ")).toList()).isNotEmpty()
                .allSatisfy(l -> assertThat(l).matches("vtest\\.avi movenet-multipose #\\d+: .* over \\d+ frames \\(early-late\\)"));
    }
}
