package org.dancelens.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.dancelens.core.DanceLensException;
import org.dancelens.testsupport.TestRgbMeans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hash of the file that is loaded: cached per file version, checked against the card at every way of loading it. */
class ModelFilesTest {
    @TempDir
    Path dir;

    static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void theHashIsCachedPerFileVersionAndAReplacedFileIsReadAgain() throws Exception {
        Path f = dir.resolve("m.onnx");
        byte[] a = new byte[100_000];
        Arrays.fill(a, (byte) 1);
        Files.write(f, a);
        assertThat(ModelFiles.sha256(f)).isEqualTo(sha(a));
        assertThat(ModelFiles.cached(f)).isTrue();
        FileTime mtime = Files.getLastModifiedTime(f);

        // Same size, same modification time, but a new file moved over the old one (a new inode): read again.
        byte[] b = a.clone();
        b[5] = 2;
        Path tmp = Files.write(dir.resolve("m.onnx.new"), b);
        Files.setLastModifiedTime(tmp, mtime);
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(f)).isEqualTo(a.length);
        assertThat(Files.getLastModifiedTime(f)).isEqualTo(mtime);
        assertThat(ModelFiles.sha256(f)).isEqualTo(sha(b));

        // Rewritten in place with the same size: the modification time tells.
        byte[] c = a.clone();
        c[7] = 3;
        Files.setLastModifiedTime(f, FileTime.fromMillis(mtime.toMillis() - 60_000));
        ModelFiles.sha256(f);
        Files.write(f, c);
        assertThat(ModelFiles.sha256(f)).isEqualTo(sha(c));
        assertThat(ModelFiles.read(f).sha256()).isEqualTo(sha(c));
    }

    @Test
    void aPinnedEntryRefusesAFileReplacedBeforeItIsLoaded() throws Exception {
        Path card = TestRgbMeans.install(dir, "rgb", 0);
        ModelRegistry.Entry e = ModelRegistry.entryOf(card);
        String before = e.onnxSha256();
        ModelRegistry.Entry pinned = e.pinned();
        assertThat(pinned.card().provenance().onnxSha256()).isEqualTo(before);
        try (OnnxModel m = OnnxModel.open(pinned, OrtRuntime.Device.CPU, 1)) {
            assertThat(m.inputNames()).containsExactly("image");
        }
        // The file changes between the moment a job files its run under the hash and the moment it loads the model.
        TestRgbMeans.writeDoubled(dir.resolve("rgb.onnx"));
        String after = sha(Files.readAllBytes(dir.resolve("rgb.onnx")));
        assertThatThrownBy(() -> OnnxModel.open(pinned, OrtRuntime.Device.CPU, 1)).isInstanceOf(DanceLensException.class)
                .hasMessageContaining(before).hasMessageContaining(after).hasMessageContaining("rgb.yaml");
        assertThatThrownBy(() -> OnnxGraph.load(pinned)).isInstanceOf(DanceLensException.class)
                .hasMessageContaining(before).hasMessageContaining(after);
        // The entry itself (the card declares no hash) follows the file.
        assertThat(e.onnxSha256()).isEqualTo(after);
    }

    @Test
    void theWorkbenchsModelListNamesACardWhoseFileIsNotTheOneItDeclares() throws Exception {
        Path card = TestRgbMeans.install(dir, "rgb", 0);
        String actual = sha(Files.readAllBytes(dir.resolve("rgb.onnx")));
        String other = "0".repeat(64);
        String text = Files.readString(card);
        Files.writeString(card, text.replace("provenance: {onnx: rgb.onnx}", "provenance: {onnx: rgb.onnx, onnxSha256: " + other + "}"));
        try (ModelCatalog c = ModelCatalog.of(List.of(dir))) {
            ModelRegistry r = c.current();
            assertThat(r.entries()).isEmpty();
            assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains(other).contains(actual).contains("rgb.yaml")
                    .contains("rgb.onnx"));
            // Put right: the next look lists the model.
            Files.writeString(card, text.replace("provenance: {onnx: rgb.onnx}", "provenance: {onnx: rgb.onnx, onnxSha256: " + actual + "}"));
            assertThat(c.current().problems()).isEmpty();
            assertThat(c.current().entries()).extracting(e -> e.card().id()).containsExactly("rgb");
        }
    }
}
