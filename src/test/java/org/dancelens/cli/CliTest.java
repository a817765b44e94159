package org.dancelens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.video.PatternVideoWriter;
import org.junit.jupiter.api.Test;

class CliTest {
    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void probeJsonOfAGeneratedVideo() throws Exception {
        Path v = TestMedia.generated("cli-probe.mp4", PatternVideoWriter.Spec.of("mp4", "mpeg4", 320, 176, 50, 25).gop(10).rotated(90));
        CliRun r = run("probe", v.toString(), "--json");
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("width").asInt()).isEqualTo(176);
        assertThat(j.get("height").asInt()).isEqualTo(320);
        assertThat(j.get("rotation").asInt()).isEqualTo(90);
        assertThat(j.get("fps").asDouble()).isEqualTo(25.0);
        assertThat(j.get("frameCount").asInt()).isEqualTo(50);
        assertThat(j.get("durationSeconds").asDouble()).isEqualTo(2.0);
        assertThat(j.get("codec").asText()).isEqualTo("mpeg4");
        assertThat(j.get("variableFrameRate").asBoolean()).isFalse();
        assertThat(j.get("hasAudio").asBoolean()).isFalse();
    }

    @Test
    void probeJsonOfRealFootage() throws Exception {
        Path vtest = TestMedia.realFootage("vtest.avi");
        CliRun r = run("probe", "--json", vtest.toString());
        assertThat(r.code()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("frameCount").asInt()).isEqualTo(795);
        assertThat(j.get("width").asInt()).isEqualTo(768);
    }

    @Test
    void probeAsText() {
        Path v = TestMedia.generated("cli-probe-text.avi", PatternVideoWriter.Spec.of("avi", "mjpeg", 160, 120, 20, 10).gop(1));
        CliRun r = run("probe", v.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("codec         mjpeg").contains("160 x 120").contains("20 (20 key frames)");
    }

    @Test
    void benchSeekMeasuresAndVerifiesEveryFrame() throws Exception {
        Path v = TestMedia.generated("cli-bench.mp4", PatternVideoWriter.Spec.of("mp4", "libopenh264", 320, 240, 120, 30).gop(60));
        CliRun r = run("bench", "seek", v.toString(), "--samples", "30", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("samples").asInt()).isEqualTo(30);
        assertThat(j.get("seekP50Ms").asDouble()).isPositive();
        assertThat(j.get("seekP95Ms").asDouble()).isGreaterThanOrEqualTo(j.get("seekP50Ms").asDouble());
        assertThat(j.get("seekMaxMs").asDouble()).isGreaterThanOrEqualTo(j.get("seekP95Ms").asDouble());
        assertThat(j.get("sequentialFrames").asInt()).isEqualTo(120);
        assertThat(j.get("sequentialFps").asDouble()).isPositive();
        assertThat(j.get("patternChecked").asInt()).isEqualTo(30);
    }

    @Test
    void benchRenderTimesTheOverlayOnItsSyntheticScene() {
        CliRun r = run("bench", "render", "--size", "320x200", "--frame", "640x360", "--runs", "5", "--warmup", "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("viewport 320x200, frame 640x360 fitted (scale 0.500), 6 coco-17 dancers").contains("5 runs after 2 warm-up");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("median (\\d+\\.\\d+) ms").matcher(r.out());
        int medians = 0;
        while (m.find()) {
            assertThat(Double.parseDouble(m.group(1))).isPositive();
            medians++;
        }
        assertThat(medians).isEqualTo(2);
        // the scene it times has everything in it
        org.dancelens.render.OverlayScene scene = BenchRenderCommand.scene(640, 360, 6);
        assertThat(scene.poses()).hasSize(6).allSatisfy(p -> {
            assertThat(p.box()).isNotNull();
            assertThat(p.mask()).isNotNull();
            assertThat(p.keypoints()).allSatisfy(k -> assertThat(k.score()).isGreaterThanOrEqualTo(0.5f));
        });
        assertThat(scene.heatMap()).isNotNull();

        CliRun bad = run("bench", "render", "--size", "big");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--size is WIDTHxHEIGHT");
    }

    @Test
    void unknownOptionIsOneLineAndExitCode2() {
        CliRun r = run("probe", "--frobnicate", "x.mp4");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().split("\n")).hasSize(1);
        assertThat(r.err()).startsWith("dancelens: ");
    }

    @Test
    void subcommandsAreRecognisedByTheLauncher() {
        assertThat(DanceLensCli.isSubcommand("probe")).isTrue();
        assertThat(DanceLensCli.isSubcommand("bench")).isTrue();
        assertThat(DanceLensCli.isSubcommand("my-video.mp4")).isFalse();
        assertThat(DanceLensCli.isSubcommand(null)).isFalse();
    }

    @Test
    void aStartBuildsOnlyTheCommandItRunsButTheHelpListsThemAll() {
        java.util.Set<String> all = DanceLensCli.commandLine().getSubcommands().keySet();
        assertThat(all).containsExactly("probe", "analyze", "classify", "evaluate", "explain", "label", "rate", "train", "export", "compare", "kinematics",
                "music", "models", "convert", "import", "bench", "help");
        all.forEach(name -> assertThat(DanceLensCli.isSubcommand(name)).as(name).isTrue());
        assertThat(DanceLensCli.commandLine("probe").getSubcommands().keySet()).containsExactly("probe");
        assertThat(DanceLensCli.commandLine("").getSubcommands()).isEmpty();
        assertThat(DanceLensCli.commandLine("help").getSubcommands().keySet()).containsExactlyElementsOf(all);
        // what a user sees is the same: the usage lists every command, and 'help probe' still finds probe
        CliRun usage = run("--help");
        all.forEach(name -> assertThat(usage.out()).contains(name));
        CliRun help = run("help", "probe");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Usage: dancelens probe");
        CliRun version = run("--version");
        assertThat(version.code()).isZero();
        assertThat(version.out()).startsWith("DanceLens ");
    }

    @Test
    void percentileIsNearestRank() {
        double[] sorted = new double[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = i + 1;
        }
        assertThat(BenchSeekCommand.percentile(sorted, 0.5)).isEqualTo(50);
        assertThat(BenchSeekCommand.percentile(sorted, 0.95)).isEqualTo(95);
        assertThat(BenchSeekCommand.percentile(new double[] {7}, 0.95)).isEqualTo(7);
    }
}
