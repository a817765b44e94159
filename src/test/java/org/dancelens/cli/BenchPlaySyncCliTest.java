package org.dancelens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.video.PatternVideoWriter;
import org.junit.jupiter.api.Test;

/** {@code bench play-sync}: two small videos played together from their sync points, counted per side. */
class BenchPlaySyncCliTest {

    @Test
    void playsBothSidesFromTheirSyncPointsAndCountsEach() {
        Path a = TestMedia.generated("bench-sync-a.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 160, 120, 40, 20).gop(10));
        Path b = TestMedia.generated("bench-sync-b.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 160, 120, 50, 25).gop(10));
        // A from frame 10 (0.5 s, 1.5 s left), B from frame 5 (0.2 s, 1.8 s left): A ends first, B plays to its end.
        CliRun r = CliRun.of("bench", "play-sync", a.toString(), b.toString(), "--seconds", "5", "--sync", "10:5");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("sync points A 10, B 5 (offset -0.300 s)");
        Matcher m = Pattern.compile("(?m)^  ([AB]) \\S+: .*frames (\\d+)\\.\\.(\\d+), (\\d+) shown, (\\d+) dropped").matcher(r.out());
        int sides = 0;
        while (m.find()) {
            boolean isA = m.group(1).equals("A");
            assertThat(Integer.parseInt(m.group(2))).isEqualTo(isA ? 10 : 5);
            assertThat(Integer.parseInt(m.group(3))).as("played to the end").isEqualTo(isA ? 39 : 49);
            // every frame after the first is either shown or dropped
            assertThat(Integer.parseInt(m.group(4)) + Integer.parseInt(m.group(5))).isEqualTo(isA ? 29 : 44);
            sides++;
        }
        assertThat(sides).isEqualTo(2);
    }

    @Test
    void badSyncPointsAreOneSentence() {
        Path a = TestMedia.generated("bench-sync-a.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 160, 120, 40, 20).gop(10));
        CliRun r = CliRun.of("bench", "play-sync", a.toString(), a.toString(), "--sync", "10");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("--sync takes two frame numbers, A's and B's, as A_FRAME:B_FRAME (e.g. 120:95).");
        r = CliRun.of("bench", "play-sync", a.toString(), a.toString(), "--sync", "40:0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("--sync 40:0 is past an end: A has frames 0 to 39, B 0 to 39.");
    }
}
