package org.dancelens.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.export.ClipExporterTest;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.Unprivileged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export clip}, {@code export data} and {@code export frame} into a folder that does not exist or that the user
 * cannot write: one sentence on stderr, exit 2, and nothing written (no partial or temporary file). Root writes into
 * any folder whatever its mode, and CI runs as root: there the commands run as the unprivileged user nobody
 * ({@link Unprivileged}), a control run first showing that user exports into a folder it may write; as any other user
 * the folder is simply made read-only.
 */
class ExportFoldersCliTest {
    @TempDir
    Path dir;

    @Test
    void aMissingFolderIsOneSentenceAndNothingIsWritten() throws Exception {
        Path video = ClipExporterTest.source();
        Path store = dir.resolve("results.sqlite");
        ClipExporterTest.storeWithPoses(store, video, 60).close();
        Path missing = dir.resolve("missing");
        CliRun clip = CliRun.of("export", "clip", video.toString(), "--out", missing.resolve("c.mp4").toString(), "--store", store.toString());
        CliRun data = CliRun.of("export", "data", video.toString(), "--out", missing.resolve("deeper").toString(), "--store", store.toString());
        CliRun frame = CliRun.of("export", "frame", video.toString(), "--frame", "5", "--out", missing.resolve("f.png").toString(), "--store",
                store.toString());
        assertThat(List.of(clip.err().strip(), data.err().strip(), frame.err().strip())).containsExactly(
                "dancelens: Cannot write c.mp4: the folder " + missing + " does not exist.",
                "dancelens: --out " + missing.resolve("deeper") + " cannot be created: the folder " + missing + " does not exist.",
                "dancelens: --out " + missing.resolve("f.png") + " cannot be written: the folder " + missing + " does not exist.");
        assertThat(List.of(clip.code(), data.code(), frame.code())).containsOnly(2);
        assertThat(missing).doesNotExist();
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("results.sqlite"))).isEmpty();
        }
    }

    @Test
    void aReadOnlyFolderIsOneSentenceAndNothingIsWritten() throws Exception {
        Path video = ClipExporterTest.source();
        boolean root = Unprivileged.runningAsRoot();
        Path work = root ? Unprivileged.readableFolder("dancelens-readonly") : dir;
        try {
            // the video, the store (in a folder everyone may write: SQLite writes its journal beside it) and the locked folder
            Path media = Files.createDirectories(work.resolve("media"));
            Files.setPosixFilePermissions(media, PosixFilePermissions.fromString("rwxrwxrwx"));
            Path source = Files.copy(video, media.resolve("dance.mp4"));
            Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rw-r--r--"));
            Path store = media.resolve("results.sqlite");
            ClipExporterTest.storeWithPoses(store, source, 60).close();
            Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rw-rw-rw-"));
            Path locked = Files.createDirectories(work.resolve("locked"));
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
            if (!root) {
                assumeFalse(Files.isWritable(locked), "This file system ignores folder permissions, so a read-only folder cannot be made here; skipping.");
            }
            String storeArg = store.toString();
            List<String[]> commands = List.of(
                    new String[] {"export", "clip", source.toString(), "--out", locked.resolve("c.mp4").toString(), "--store", storeArg},
                    new String[] {"export", "data", source.toString(), "--out", locked.resolve("data").toString(), "--store", storeArg},
                    new String[] {"export", "frame", source.toString(), "--frame", "5", "--out", locked.resolve("f.png").toString(), "--store", storeArg});
            if (root) {
                // the control: nobody exports a frame into a folder it may write
                Path open = Files.createDirectories(work.resolve("open"));
                Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
                CliRun control = Unprivileged.dancelens(work, "export", "frame", source.toString(), "--frame", "5", "--out", open.resolve("f.png").toString(),
                        "--store", storeArg);
                assertThat(control.code()).as("nobody exports into a folder it may write; stderr: %s", control.err()).isZero();
                assertThat(open.resolve("f.png")).isNotEmptyFile();
            }
            List<CliRun> runs = new ArrayList<>();
            for (String[] c : commands) {
                runs.add(root ? Unprivileged.dancelens(work, c) : CliRun.of(c));
            }
            assertThat(runs.stream().map(r -> r.err().strip()).toList()).containsExactly(
                    "dancelens: Cannot write c.mp4: the folder " + locked + " is not writable.",
                    "dancelens: --out " + locked.resolve("data") + " cannot be written: no permission to write in " + locked + ".",
                    "dancelens: --out " + locked.resolve("f.png") + " cannot be written: no permission to write in " + locked + ".");
            assertThat(runs.stream().map(CliRun::code).toList()).containsOnly(2);
            try (Stream<Path> s = Files.list(locked)) {
                assertThat(s.toList()).isEmpty();
            }
            try (Stream<Path> s = Files.list(media)) {
                assertThat(s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("results.sqlite"))).containsExactly("dance.mp4");
            }
        } finally {
            if (root) {
                try (Stream<Path> all = Files.walk(work)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            } else {
                Files.setPosixFilePermissions(work.resolve("locked"), PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }
}
