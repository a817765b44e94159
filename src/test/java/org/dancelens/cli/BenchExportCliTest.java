package org.dancelens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.video.PatternVideoWriter;
import org.junit.jupiter.api.Test;

/**
 * {@code dancelens bench export} on a tiny input: every line it prints parses (not a timed test). Needs Debian's ffmpeg
 * command ({@code .ci/run} installs it).
 */
class BenchExportCliTest {
    private static final Pattern ROUND = Pattern.compile("round (\\d) {2}(dancelens|ffmpeg) (\\S+(?: \\S+)?) +12 frames in ([0-9.]+) s = ([0-9.]+) frames/s"
            + "(, drawing ([0-9.]+) ms a frame)?");
    private static final Pattern MEDIAN = Pattern.compile("median (dancelens|ffmpeg) (\\S+(?: \\S+)?) +([0-9.]+) frames/s"
            + "(, drawing ([0-9.]+) ms a frame \\((\\d+)% of the time\\))?");
    private static final Pattern RATIO = Pattern.compile("ratio dancelens/ffmpeg \\(same encoder mpeg4\\): ([0-9.]+)");

    @Test
    void printsWhatItMeasuredOnWhatInputInLinesThatParse() {
        Path video = TestMedia.generated("bench-export-tiny.mp4", PatternVideoWriter.Spec.of("mp4", "libopenh264", 192, 108, 16, 30).gop(8));
        CliRun r = CliRun.of("bench", "export", video.toString(), "--frames", "12", "--dancers", "2", "--rounds", "2", "--bitrate", "300k");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).startsWith("input: bench-export-tiny.mp4, h264 192x108 30.000 fps, frames 0 to 11 (12), 2 synthetic COCO-17 dancers")
                .endsWith("overlays skeleton,boxes, video bitrate 300000 bits/s on every side");
        assertThat(lines.get(1)).matches("machine: \\d+ cores, .*; ffmpeg version .*; JavaCV's FFmpeg for DanceLens");
        // A B A B: each round times the five ways in the same order
        List<Matcher> rounds = lines.stream().map(ROUND::matcher).filter(Matcher::matches).toList();
        assertThat(rounds).hasSize(10);
        assertThat(rounds.stream().map(m -> m.group(1) + " " + m.group(2) + " " + m.group(3)).toList()).containsExactly(
                "1 dancelens mpeg4", "1 ffmpeg mpeg4", "1 dancelens libopenh264", "1 ffmpeg libx264 veryfast", "1 ffmpeg libx264 ultrafast",
                "2 dancelens mpeg4", "2 ffmpeg mpeg4", "2 dancelens libopenh264", "2 ffmpeg libx264 veryfast", "2 ffmpeg libx264 ultrafast");
        for (Matcher m : rounds) {
            double secs = Double.parseDouble(m.group(4));
            assertThat(secs).isPositive();
            // seconds are printed to the millisecond, so on a tiny input the rate is only as exact as that rounding
            assertThat(Double.parseDouble(m.group(5))).isBetween(12 / (secs + 0.0005) - 0.01, secs > 0.0005 ? 12 / (secs - 0.0005) + 0.01 : Double.MAX_VALUE);
            // DanceLens's rows say how long drawing took; ffmpeg's draw nothing
            assertThat(m.group(6) != null).isEqualTo(m.group(2).equals("dancelens"));
            if (m.group(7) != null) {
                assertThat(Double.parseDouble(m.group(7))).isPositive();
            }
        }
        List<Matcher> medians = lines.stream().map(MEDIAN::matcher).filter(Matcher::matches).toList();
        assertThat(medians).hasSize(5);
        Matcher ratio = lines.stream().map(RATIO::matcher).filter(Matcher::matches).findFirst().orElseThrow(() -> new AssertionError(r.out()));
        double a = Double.parseDouble(medians.get(0).group(3));
        double b = Double.parseDouble(medians.get(1).group(3));
        assertThat(Double.parseDouble(ratio.group(1))).isCloseTo(a / b, org.assertj.core.data.Offset.offset(0.01));
        Matcher split = lines.stream().map(Pattern.compile("DanceLens's time a frame ([0-9.]+) ms; decoding alone \\(.*\\) ([0-9.]+) ms,"
                + " drawing and compositing ([0-9.]+) ms \\(.*\\)")::matcher).filter(Matcher::matches).findFirst().orElseThrow(() -> new AssertionError(r.out()));
        assertThat(Double.parseDouble(split.group(1))).isPositive();
        assertThat(Double.parseDouble(split.group(2))).isPositive();
        assertThat(Double.parseDouble(split.group(3))).isPositive();
        assertThat(lines).anyMatch(l -> l.startsWith("different encoders (context only"));
        assertThat(lines.stream().filter(l -> l.matches("ratio dancelens libopenh264 / ffmpeg libx264 (veryfast|ultrafast) \\(different encoders\\): [0-9.]+")))
                .hasSize(2);
    }

    @Test
    void withoutTheFfmpegCommandItSaysSoInOneLine() {
        Path video = TestMedia.generated("bench-export-tiny.mp4", PatternVideoWriter.Spec.of("mp4", "libopenh264", 192, 108, 16, 30).gop(8));
        CliRun r = CliRun.of("bench", "export", video.toString(), "--frames", "4", "--ffmpeg", "/nonexistent/ffmpeg");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("dancelens: This bench needs the ffmpeg command ('/nonexistent/ffmpeg' was not found; on Debian:"
                + " apt-get install ffmpeg).");
    }
}
