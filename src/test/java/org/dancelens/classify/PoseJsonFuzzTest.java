package org.dancelens.classify;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.dancelens.testsupport.FuzzChecks;
import org.junit.jupiter.api.AfterEach;

/**
 * Fuzzes {@link PoseJsonReader} (poses.json from DanceLens or from another tool), for 3-D world and for 2-D image
 * tracks. A file either reads or is refused in one plain sentence, and what reads is sound: one track per identity,
 * frames and times rising strictly, every time and coordinate finite, every frame with the schema's joints. Seeds:
 * {@code src/test/resources/org/dancelens/classify/PoseJsonFuzzTestInputs/fuzz}.
 */
class PoseJsonFuzzTest {
    private static final Path FILE = FuzzChecks.scratch("poses").resolve("poses.json");

    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] data) {
        FuzzChecks.input(data);
        FuzzChecks.write(FILE, data);
        for (boolean world : new boolean[] {true, false}) {
            PoseJsonReader.Data d = FuzzChecks.parseOrRefuse(() -> PoseJsonReader.read(FILE, world));
            if (d != null) {
                assertSound(d, world);
            }
        }
    }

    static void assertSound(PoseJsonReader.Data d, boolean world) {
        assertThat(d.fps()).as("fps").isFinite().isPositive();
        Set<Integer> ids = new HashSet<>();
        for (PoseTrack t : d.tracks()) {
            assertThat(ids.add(t.track())).as("track %d is one track", t.track()).isTrue();
            assertThat(t.world()).isEqualTo(world);
            assertThat(t.size()).isPositive();
            for (int i = 0; i < t.size(); i++) {
                assertThat(t.times()[i]).as("time").isFinite();
                if (i > 0) {
                    assertThat(t.frames()[i]).as("frames rise in track %d", t.track()).isGreaterThan(t.frames()[i - 1]);
                    assertThat(t.times()[i]).as("times rise in track %d", t.track()).isGreaterThan(t.times()[i - 1]);
                }
                assertThat(t.points()[i].length).isEqualTo(d.schema().size());
                for (float[] p : t.points()[i]) {
                    assertThat(p).hasSize(world ? 3 : 2);
                    for (float v : p) {
                        assertThat(v).as("coordinate").isFinite();
                    }
                }
            }
        }
    }

    @AfterEach
    void forgetInput() {
        FuzzChecks.input(null);
    }
}
