package org.dancelens.classify;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dancelens.testsupport.FuzzChecks;
import org.junit.jupiter.api.AfterEach;

/**
 * Fuzzes evaluation manifests ({@link Manifest#read}, CSV). The manifest's folder holds the videos the seeds name
 * ({@code a.mp4}, {@code clips/b.mp4}), so rows can get past the check that their video exists. A manifest either
 * reads or is refused in one plain sentence naming it, and what reads is sound: a label, a video that exists, segment
 * times from 0 up with the start before the end. Seeds:
 * {@code src/test/resources/org/dancelens/classify/ManifestFuzzTestInputs/fuzz}.
 */
class ManifestFuzzTest {
    private static final Path DIR = FuzzChecks.scratch("manifest");
    private static final Path FILE = DIR.resolve("labels.csv");

    static {
        FuzzChecks.write(DIR.resolve("a.mp4"), new byte[0]);
        FuzzChecks.write(DIR.resolve("clips/b.mp4"), new byte[0]);
    }

    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] data) {
        FuzzChecks.input(data);
        FuzzChecks.write(FILE, data);
        List<Manifest.Item> items = FuzzChecks.parseOrRefuse(() -> Manifest.read(FILE));
        if (items == null) {
            return;
        }
        assertThat(items).isNotEmpty();
        for (Manifest.Item it : items) {
            assertThat(it.label()).isNotBlank();
            assertThat(Files.isRegularFile(it.video())).isTrue();
            assertThat(it.line()).isGreaterThan(1);
            if (it.startS() != null) {
                assertThat(it.startS()).isFinite().isGreaterThanOrEqualTo(0);
            }
            if (it.endS() != null) {
                assertThat(it.endS()).isFinite().isGreaterThan(it.startS() == null ? 0 : it.startS());
            }
            FuzzChecks.assertPlainSentence(it.name(), null);
        }
    }

    @AfterEach
    void forgetInput() {
        FuzzChecks.input(null);
    }
}
