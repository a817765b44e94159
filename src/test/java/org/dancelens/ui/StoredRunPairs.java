package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.dancelens.analysis.Workspace;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.RealClips;
import org.dancelens.testsupport.TestCnn;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;

/**
 * Real runs to compare, made once per test JVM (as the compare command's tests make them): frames 600–619 of
 * vtest.avi (people walking) analysed by two real pose models of the test zoo (movenet-lightning, then
 * movenet-multipose), classified by two small CNNs with partly different label names, and frames 0–3 explained by
 * both. Each test gets a copy of the store where the workbench looks for the clip's results.
 */
final class StoredRunPairs {
    static final int FRAMES = 20;
    private static Path clip;
    private static Path template;

    private StoredRunPairs() {
    }

    /** The clip (frames 600–619 of vtest.avi). */
    static synchronized Path clip() throws Exception {
        if (template == null) {
            clip = RealClips.vtest(600, FRAMES);
            Path dir = Files.createTempDirectory("dancelens-runpairs");
            dir.toFile().deleteOnExit();
            Path store = dir.resolve("clip.db");
            TestZoo.registry("movenet-lightning", "movenet-multipose");
            String zoo = TestMedia.generatedDir().resolve("zoo").toString();
            for (String model : List.of("movenet-lightning", "movenet-multipose")) {
                CliRun a = CliRun.of("analyze", clip.toString(), "--pose", model, "--range", "0:" + FRAMES, "--models", zoo, "--store", store.toString());
                assertThat(a.code()).as(a.err()).isZero();
            }
            Path cnnA = TestCnn.install(Files.createDirectories(dir.resolve("a")), 7, List.of("ballet", "jazz", "krump", "waltz"), "{resize: letterbox}");
            Path cnnB = TestCnn.install(Files.createDirectories(dir.resolve("b")), 8, List.of("Ballet", "JAZZ", "tango", "Waltz"), "{resize: letterbox}");
            for (Path cnn : List.of(cnnA, cnnB)) {
                CliRun c = CliRun.of("classify", clip.toString(), "--model", cnn.toString(), "--range", "0:" + FRAMES, "--store", store.toString());
                assertThat(c.code()).as(c.err()).isZero();
                CliRun e = CliRun.of("explain", clip.toString(), "--model", cnn.toString(), "--frames", "0:4", "--store", store.toString());
                assertThat(e.code()).as(e.err()).isZero();
            }
            template = store;
        }
        return clip;
    }

    /** Copies the runs to where the workbench reads the clip's results (the data folder of the test), and returns the clip. */
    static Path install() throws Exception {
        Path c = clip();
        Path store = Workspace.storeFor(c);
        Files.createDirectories(store.getParent());
        Files.copy(template, store, StandardCopyOption.REPLACE_EXISTING);
        return c;
    }
}
