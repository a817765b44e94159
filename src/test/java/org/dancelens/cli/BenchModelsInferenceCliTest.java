package org.dancelens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench models --inference}: each model timed through DJL and through a plain ONNX Runtime session on a real
 * frame, with the same outputs from both — a float32 model (emotion) and an int32-input one (MoveNet Lightning).
 */
class BenchModelsInferenceCliTest {
    private static final Pattern LINE = Pattern.compile("(?m)^(\\S+)\\s+(\\d+\\.\\d+)\\s+(\\d+\\.\\d+)\\s+(\\d+\\.\\d+)\\s+(\\S+)$");

    @Test
    void timesEachModelThroughDjlAndAPlainSessionWithTheSameOutputs(@TempDir Path dir) throws IOException {
        Path zoo = TestZoo.registry("emotion", "movenet-lightning").entries().get(0).onnxFile().getParent();
        for (String id : new String[] {"emotion", "movenet-lightning"}) {
            Files.copy(zoo.resolve(id + ".onnx"), dir.resolve(id + ".onnx"));
            Files.copy(zoo.resolve(id + ".yaml"), dir.resolve(id + ".yaml"));
        }
        Path video = TestMedia.realFootage("vtest.avi");
        CliRun r = CliRun.of("bench", "models", "--dir", dir.toString(), "--inference", video.toString(), "--frame", "100",
                "--warmup", "1", "--iterations", "3");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("inference on vtest.avi frame 100 (768x576), device cpu, 1 intra-op thread(s), 1 warm-up and 3 interleaved");
        Matcher m = LINE.matcher(r.out());
        int models = 0;
        while (m.find()) {
            double djl = Double.parseDouble(m.group(2));
            double plain = Double.parseDouble(m.group(3));
            assertThat(m.group(1)).isIn("emotion", "movenet-lightning");
            assertThat(djl).isPositive();
            assertThat(plain).isPositive();
            assertThat(Double.parseDouble(m.group(4))).as("plain ms / DJL ms").isCloseTo(plain / djl, org.assertj.core.data.Offset.offset(0.01));
            assertThat(Double.parseDouble(m.group(5))).as("DJL and the plain session give the same outputs").isZero();
            models++;
        }
        assertThat(models).as(r.out()).isEqualTo(2);
    }

    @Test
    void badCountsAreOneSentence(@TempDir Path dir) throws IOException {
        Path zoo = TestZoo.registry("emotion").entries().get(0).onnxFile().getParent();
        Files.copy(zoo.resolve("emotion.onnx"), dir.resolve("emotion.onnx"));
        Files.copy(zoo.resolve("emotion.yaml"), dir.resolve("emotion.yaml"));
        CliRun r = CliRun.of("bench", "models", "--dir", dir.toString(), "--inference", TestMedia.realFootage("vtest.avi").toString(),
                "--iterations", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("dancelens: --iterations is at least 1, --warmup and --threads at least 0.");
    }
}
