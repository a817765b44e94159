package org.dancelens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestRgbMeans;
import org.dancelens.video.PatternVideoWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Options the user gets wrong are one line naming the option as typed, exit code 2, before anything runs. */
class CliOptionsTest {
    @RegisterExtension
    final IsolatedData data = new IsolatedData();

    @TempDir
    Path dir;
    Path models;
    Path video;
    Path store;

    @BeforeEach
    void setUp() throws IOException {
        models = Files.createDirectories(dir.resolve("models"));
        TestRgbMeans.install(models, "rgb", 0);
        org.dancelens.testsupport.TestCnn.install(models, 1, List.of("a", "b"), null);
        video = TestMedia.generated("options-64x48.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 5, 25).gop(5));
        store = dir.resolve("s.db");
    }

    private static String oneLine(CliRun r) {
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        String line = r.err().strip();
        assertThat(line).doesNotContain("\n").startsWith("dancelens: ").doesNotContain("Exception").doesNotContain("went wrong inside");
        return line;
    }

    private CliRun classify(String... more) {
        List<String> args = new ArrayList<>(List.of("classify", video.toString(), "--model", "rgb", "--models", models.toString(), "--store",
                store.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void topKBelowOneIsRefused() {
        for (String k : List.of("0", "-2")) {
            assertThat(oneLine(classify("--top-k", k, "--out", dir.resolve("o").toString()))).contains("--top-k").contains(k);
        }
        assertThat(store).as("nothing ran").doesNotExist();
        CliRun ok = classify("--top-k", "1", "--out", dir.resolve("o").toString());
        assertThat(ok.code()).isZero();
    }

    @Test
    void anOutThatIsAFileOrCannotBeCreatedIsRefusedByEveryCommandBeforeItRuns() throws IOException {
        Path file = Files.writeString(dir.resolve("results.csv"), "keep me\n");
        Path under = file.resolve("sub");
        Path json = Files.writeString(dir.resolve("model.json"), "{}");
        for (Path out : List.of(file, under)) {
            List<String[]> commands = List.of(
                    new String[] {"analyze", video.toString(), "--pose", "rgb", "--models", models.toString(), "--store", store.toString(), "--out",
                        out.toString()},
                    new String[] {"classify", video.toString(), "--model", "rgb", "--models", models.toString(), "--store", store.toString(), "--out",
                        out.toString()},
                    new String[] {"explain", video.toString(), "--model", "rgb", "--models", models.toString(), "--store", store.toString(), "--out",
                        out.toString()},
                    new String[] {"evaluate", "--manifest", dir.resolve("none.csv").toString(), "--model", "rgb", "--models", models.toString(),
                        "--out", out.toString()},
                    new String[] {"models", "import-zoo", "--from", dir.toString(), "--out", out.toString()},
                    new String[] {"train", video.toString(), "--pose", "rgb", "--id", "x", "--models", models.toString(), "--out-models",
                        out.toString()});
            for (String[] c : commands) {
                String line = oneLine(CliRun.of(c));
                assertThat(line).as(String.join(" ", c)).contains(c[c.length - 2]).contains(out.toString());
            }
        }
        assertThat(Files.readString(file)).isEqualTo("keep me\n");
        assertThat(store).as("nothing ran").doesNotExist();
        assertThat(oneLine(CliRun.of("convert", "tfjs", json.toString(), "--out", dir.toString()))).contains("--out").contains("is a folder");
        assertThat(oneLine(CliRun.of("convert", "tfjs", json.toString(), "--out", under.resolve("m.onnx").toString()))).contains("--out")
                .contains("results.csv");
    }

    @Test
    void anOpenRangeIsSaidAsTheUserMeantIt() {
        String line = oneLine(classify("--range", "100:"));
        assertThat(line).contains("100:end").doesNotContain("-1").contains("options-64x48.mkv").contains("frames 0 to 4");
        assertThat(oneLine(CliRun.of("analyze", video.toString(), "--pose", "rgb", "--models", models.toString(), "--store", store.toString(),
                "--range", "7:"))).doesNotContain("-1");
    }

    @Test
    void explainFrameErrorsNameTheFramesOption() {
        for (String bad : List.of("a:b", "5", "-3:4", "9:2")) {
            String line = oneLine(CliRun.of("explain", video.toString(), "--model", "cnn", "--models", models.toString(), "--store", store.toString(),
                    "--frames", bad));
            assertThat(line).as(bad).contains("--frames").doesNotContain("--range");
        }
        String line = oneLine(CliRun.of("explain", video.toString(), "--model", "cnn", "--models", models.toString(), "--store", store.toString(),
                "--frames", "50:"));
        assertThat(line).contains("50:end").doesNotContain("-1");
        for (String bad : List.of("a:b", "-3:4", "9:2")) {
            assertThat(oneLine(classify("--range", bad))).as(bad).contains("--range");
        }
    }
}
