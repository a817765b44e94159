package org.dancelens.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dancelens.convert.ZooImporter;
import org.dancelens.inference.ModelCard;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.dancelens.video.PatternVideoWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code dancelens classify} with a model that looks at faces, on whole frames: its verdict comes with a warning. */
class ModelFitCliTest {
    @RegisterExtension
    final IsolatedData data = new IsolatedData();

    @Test
    void aFaceModelOnWholeFramesIsClassifiedWithAWarningOnStderr(@TempDir Path dir) throws Exception {
        Path zoo = TestMedia.generatedDir().resolve("zoo");
        TestZoo.registry("emotion");
        assumeTrue(Files.isRegularFile(zoo.resolve("emotion.onnx")), "the converted test zoo");
        Files.copy(zoo.resolve("emotion.onnx"), dir.resolve("emotion.onnx"));
        Path card = dir.resolve("emotion.yaml");
        ZooImporter.template("emotion").withProvenance(ModelCard.read(zoo.resolve("emotion.yaml")).provenance()).write(card);
        Path video = TestMedia.generated("fit-12.avi", PatternVideoWriter.Spec.of("avi", "mpeg4", 160, 120, 12, 12).gop(6));
        CliRun r = CliRun.of("classify", video.toString(), "--model", card.toString(), "--out", dir.resolve("out").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("over 12 frames (emotion)");
        assertThat(r.err().strip()).isEqualTo("warning: emotion looks at faces; on whole dance frames its verdict means little.");
    }
}
