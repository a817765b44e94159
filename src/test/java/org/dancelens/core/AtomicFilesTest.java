package org.dancelens.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The atomic writer with failures injected at each step a real disk can fail at (mid-write, at the flush to the disk,
 * at the rename): the target keeps its old content (or stays absent), no temporary file is left, and the failure is one
 * plain sentence naming the file. The real full disk is in {@code FullDiskTest} and {@code FileSizeLimitTest}.
 */
class AtomicFilesTest {
    @TempDir
    Path dir;

    /** Content of {@code size} bytes, a repeating pattern (so a cut-off file would show). */
    private static byte[] content(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    /** Fails with {@code failure} once {@code budget} bytes have gone through. */
    private static AtomicFiles.Steps failAfter(long budget, IOException failure) {
        return new AtomicFiles.Steps() {
            @Override
            public OutputStream wrap(OutputStream out) {
                return new FilterOutputStream(out) {
                    long written;

                    @Override
                    public void write(int b) throws IOException {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        if (written + len > budget) {
                            int part = (int) Math.max(0, budget - written);
                            out.write(b, off, part); // what a full disk lets through, then the error
                            written += part;
                            throw failure;
                        }
                        out.write(b, off, len);
                        written += len;
                    }
                };
            }
        };
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesAndReplacesWithNothingLeftBeside() throws IOException {
        Path out = dir.resolve("poses.csv");
        AtomicFiles.write(content(200_000), out);
        assertThat(Files.readAllBytes(out)).isEqualTo(content(200_000));
        AtomicFiles.writeString(out, "second\n");
        assertThat(Files.readString(out)).isEqualTo("second\n");
        assertThat(names()).containsExactly("poses.csv");
        // A new folder is made; the content may close the stream it was given.
        Path nested = dir.resolve("a/b/c.json");
        AtomicFiles.write(nested, o -> {
            o.write("{}".getBytes(StandardCharsets.UTF_8));
            o.close();
        });
        assertThat(Files.readString(nested)).isEqualTo("{}");
    }

    @Test
    void newFilesGetTheUsualPermissionsAndReplacedFilesKeepTheirs() throws IOException {
        if (Files.getFileAttributeView(dir, java.nio.file.attribute.PosixFileAttributeView.class) == null) {
            return; // not a POSIX file system: nothing to compare
        }
        Path plain = Files.createFile(dir.resolve("made-the-usual-way"));
        Path out = dir.resolve("new.csv");
        AtomicFiles.writeString(out, "x");
        assertThat(Files.getPosixFilePermissions(out)).as("not private like Files.createTempFile's 0600")
                .isEqualTo(Files.getPosixFilePermissions(plain));

        Set<PosixFilePermission> mode = PosixFilePermissions.fromString("rw-r-----");
        Files.setPosixFilePermissions(out, mode);
        AtomicFiles.writeString(out, "y");
        assertThat(Files.getPosixFilePermissions(out)).isEqualTo(mode);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "No space left on device|the disk is full",
        "File too large|the file would be larger than this system allows for one file",
        "Disk quota exceeded|the disk quota is used up",
        "Input/output error|the disk reported an input/output error",
        "Read-only file system|the disk is read-only"})
    void aFailureMidWriteKeepsTheOldFile(String osMessage, String sentence) throws IOException {
        Path out = dir.resolve("poses.csv");
        Files.write(out, "the previous export\n".getBytes(StandardCharsets.UTF_8));
        IOException failure = new IOException(osMessage);
        assertThatThrownBy(() -> AtomicFiles.write(out, o -> o.write(content(300_000)), failAfter(70_000, failure)))
                .isInstanceOfSatisfying(DanceLensException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DanceLensException.Kind.BAD_INPUT);
                    assertThat(e.getCause()).isSameAs(failure);
                })
                .hasMessage("Could not write " + out + ": " + sentence + ".");
        assertThat(Files.readString(out)).isEqualTo("the previous export\n");
        assertThat(names()).containsExactly("poses.csv");
    }

    @Test
    void aFailureMidWriteLeavesNoFileWhereThereWasNone() {
        Path out = dir.resolve("fresh.csv");
        assertThatThrownBy(() -> AtomicFiles.write(out, o -> o.write(content(300_000)),
                failAfter(1000, new IOException("No space left on device"))))
                .hasMessage("Could not write " + out + ": the disk is full.");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aFailureToForceTheDataToTheDiskKeepsTheOldFile() throws IOException {
        Path out = dir.resolve("model.onnx");
        Files.writeString(out, "old");
        AtomicFiles.Steps steps = new AtomicFiles.Steps() {
            @Override
            public void beforeForce(Path temporary) throws IOException {
                assertThat(Files.size(temporary)).isEqualTo(50_000); // all was written, none of it is in place yet
                throw new IOException("Input/output error");
            }
        };
        assertThatThrownBy(() -> AtomicFiles.write(out, o -> o.write(content(50_000)), steps))
                .hasMessage("Could not write " + out + ": the disk reported an input/output error.");
        assertThat(Files.readString(out)).isEqualTo("old");
        assertThat(names()).containsExactly("model.onnx");
    }

    @Test
    void aFailedRenameKeepsTheOldFile() throws IOException {
        Path out = dir.resolve("card.yaml");
        Files.writeString(out, "old");
        AtomicFiles.Steps steps = new AtomicFiles.Steps() {
            @Override
            public void beforeMove(Path temporary, Path target) throws IOException {
                assertThat(temporary.getParent()).isEqualTo(target.getParent()); // beside it: the rename cannot cross disks
                throw new AccessDeniedException(target.toString());
            }
        };
        assertThatThrownBy(() -> AtomicFiles.write(out, o -> o.write(content(10)), steps))
                .hasMessage("Could not write " + out + ": permission denied.");
        assertThat(Files.readString(out)).isEqualTo("old");
        assertThat(names()).containsExactly("card.yaml");
    }

    @Test
    void anErrorOfTheContentItselfPassesThroughAfterTheCleanUp() throws IOException {
        Path out = dir.resolve("poses.json");
        Files.writeString(out, "old");
        DanceLensException fromTheStore = DanceLensException.badInput("The results store x.db is damaged.");
        assertThatThrownBy(() -> AtomicFiles.write(out, o -> {
            o.write(content(100_000));
            throw fromTheStore;
        })).isSameAs(fromTheStore);
        assertThat(Files.readString(out)).isEqualTo("old");
        assertThat(names()).containsExactly("poses.json");
    }

    @Test
    void anInterruptedWriteIsACancelAndLeavesNothing() throws IOException {
        Path out = dir.resolve("big.npy");
        try {
            assertThatThrownBy(() -> AtomicFiles.write(out, o -> o.write(content(100_000)), failAfter(500, new InterruptedIOException())))
                    .isInstanceOfSatisfying(DanceLensException.class, e -> assertThat(e.kind()).isEqualTo(DanceLensException.Kind.CANCELLED));
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for the caller").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aTargetThatIsAFolderOrUnderAFileIsOneSentence() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("report.html"));
        assertThatThrownBy(() -> AtomicFiles.writeString(folder, "x")).hasMessage("Could not write " + folder + ": it is a folder.");
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        Path under = file.resolve("out/poses.csv");
        assertThatThrownBy(() -> AtomicFiles.writeString(under, "x"))
                .isInstanceOfSatisfying(DanceLensException.class, e -> assertThat(e.kind()).isEqualTo(DanceLensException.Kind.BAD_INPUT))
                .hasMessage("Could not write " + under + ": " + file + " is a file, not a folder.");
        assertThat(names()).containsExactly("not-a-folder", "report.html");
        assertThat(folder).isEmptyDirectory();
    }

    @Test
    void reasonsArePlainPhrasesWithoutTypeNames() {
        Path t = dir.resolve("x.csv");
        assertThat(AtomicFiles.reason(new FileSystemException(t.toString(), null, "No space left on device"), t)).isEqualTo("the disk is full");
        assertThat(AtomicFiles.reason(new AccessDeniedException(t.toString()), t)).isEqualTo("permission denied");
        assertThat(AtomicFiles.reason(new java.nio.file.NoSuchFileException(t.toString()), t)).isEqualTo("the folder " + dir + " does not exist");
        assertThat(AtomicFiles.reason(new java.io.FileNotFoundException(t + " (No such file or directory)"), t))
                .isEqualTo("the folder " + dir + " does not exist");
        assertThat(AtomicFiles.reason(new IOException(), t)).isEqualTo("an input/output error (details in the log)");
        assertThat(AtomicFiles.reason(new IOException("Stale file handle.\nmore"), t)).isEqualTo("stale file handle. more");
    }

    @Test
    void copyAndWriteVia() throws IOException {
        Path src = Files.write(dir.resolve("model.onnx"), content(123_457));
        Path copy = dir.resolve("installed/model.onnx");
        AtomicFiles.copy(src, copy);
        assertThat(Files.readAllBytes(copy)).isEqualTo(content(123_457));
        Path missing = dir.resolve("gone.onnx");
        assertThatThrownBy(() -> AtomicFiles.copy(missing, dir.resolve("installed/gone.onnx")))
                .hasMessage("Could not read " + missing + ": it does not exist.");

        Path video = dir.resolve("clip.mkv");
        Path[] seen = new Path[1];
        AtomicFiles.writeVia(video, tmp -> {
            seen[0] = tmp;
            Files.writeString(tmp, "frames");
        });
        assertThat(seen[0].getParent()).isEqualTo(dir);
        assertThat(seen[0].getFileName().toString()).as("keeps the extension for tools that go by it").endsWith(".mkv").startsWith(".");
        assertThat(Files.readString(video)).isEqualTo("frames");
        assertThatThrownBy(() -> AtomicFiles.writeVia(dir.resolve("bad.mkv"), tmp -> {
            Files.writeString(tmp, "half");
            throw DanceLensException.badInput("Could not encode bad.mkv.");
        })).hasMessage("Could not encode bad.mkv.");
        assertThat(names()).containsExactly("clip.mkv", "installed", "model.onnx");
    }

    // ---- sets ----

    private Map<String, AtomicFiles.Content> report(String version) {
        Map<String, AtomicFiles.Content> files = new LinkedHashMap<>();
        for (String name : List.of("confusion.csv", "confusion.png", "report.html", "metrics.json")) {
            files.put(name, o -> {
                o.write((version + " " + name + "\n").getBytes(StandardCharsets.UTF_8));
                o.write(content(20_000));
            });
        }
        return files;
    }

    private String versionOf(String name) throws IOException {
        Path p = dir.resolve("report").resolve(name);
        if (!Files.exists(p)) {
            return "absent";
        }
        String s = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        assertThat(s).as(name + " is whole").hasSize(s.indexOf('\n') + 1 + 20_000);
        return s.substring(0, s.indexOf(' '));
    }

    private List<String> versions() throws IOException {
        return List.of(versionOf("confusion.csv"), versionOf("confusion.png"), versionOf("report.html"), versionOf("metrics.json"));
    }

    private List<String> reportFolder() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("report"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aSetIsReplacedWhole() throws IOException {
        AtomicFiles.writeSet(dir.resolve("report"), report("old"));
        assertThat(versions()).containsExactly("old", "old", "old", "old");
        AtomicFiles.writeSet(dir.resolve("report"), report("new"));
        assertThat(versions()).containsExactly("new", "new", "new", "new");
        assertThat(reportFolder()).containsExactly("confusion.csv", "confusion.png", "metrics.json", "report.html");
    }

    @Test
    void aFullDiskWhileWritingASetChangesNothing() throws IOException {
        AtomicFiles.writeSet(dir.resolve("report"), report("old"));
        // Room for two and a half of the four new files.
        AtomicFiles.Steps full = new AtomicFiles.Steps() {
            final AtomicInteger opened = new AtomicInteger();

            @Override
            public OutputStream wrap(OutputStream out) {
                return opened.incrementAndGet() < 3 ? out : failAfter(10_000, new IOException("No space left on device")).wrap(out);
            }
        };
        assertThatThrownBy(() -> AtomicFiles.writeSet(dir.resolve("report"), report("new"), full))
                .hasMessage("Could not write " + dir.resolve("report/report.html") + ": the disk is full.");
        assertThat(versions()).containsExactly("old", "old", "old", "old");
        assertThat(reportFolder()).as("no temporary files").containsExactly("confusion.csv", "confusion.png", "metrics.json", "report.html");
    }

    @Test
    void aSetStoppedWhileRenamingHasNoCompletionFile() throws IOException {
        AtomicFiles.writeSet(dir.resolve("report"), report("old"));
        AtomicFiles.Steps stopsAtTheSecondRename = new AtomicFiles.Steps() {
            int moves;

            @Override
            public void beforeMove(Path temporary, Path target) throws IOException {
                if (++moves == 2) {
                    throw new FileSystemException(target.toString(), null, "Input/output error");
                }
            }
        };
        assertThatThrownBy(() -> AtomicFiles.writeSet(dir.resolve("report"), report("new"), stopsAtTheSecondRename))
                .hasMessage("Could not write " + dir.resolve("report/confusion.png") + ": the disk reported an input/output error.");
        // The first file is new, the next two old: a mix, so the completion file is gone and says so.
        assertThat(versions()).containsExactly("new", "old", "old", "absent");
        assertThat(reportFolder()).as("no temporary files").containsExactly("confusion.csv", "confusion.png", "report.html");
    }

    @Test
    void aFileSetClosedBeforeItIsCompleteChangesNothing() throws IOException {
        AtomicFiles.writeSet(dir.resolve("report"), report("old"));
        try (AtomicFiles.FileSet set = AtomicFiles.fileSet(dir.resolve("report"))) {
            set.add("confusion.csv", "new confusion.csv\n".getBytes(StandardCharsets.UTF_8));
            set.add("frame_000001.npy", content(1000));
            assertThat(reportFolder()).hasSize(6); // two temporary files beside the old set
            // a cancel here: no complete()
        }
        assertThat(versions()).containsExactly("old", "old", "old", "old");
        assertThat(reportFolder()).containsExactly("confusion.csv", "confusion.png", "metrics.json", "report.html");
    }

    @Test
    void aFileSetAddedTwiceKeepsTheLaterContentAndPutsTheCompletionFileLast() throws IOException {
        List<String> order = new java.util.ArrayList<>();
        AtomicFiles.Steps record = new AtomicFiles.Steps() {
            @Override
            public void beforeMove(Path temporary, Path target) {
                order.add(target.getFileName().toString());
            }
        };
        try (AtomicFiles.FileSet set = new AtomicFiles.FileSet(dir, record)) {
            set.add("explain.json", "draft".getBytes(StandardCharsets.UTF_8));
            set.add("a.png", "a1".getBytes(StandardCharsets.UTF_8));
            set.add("b.png", "b".getBytes(StandardCharsets.UTF_8));
            set.add("a.png", "a2".getBytes(StandardCharsets.UTF_8));
            set.complete("explain.json", "final".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(order).containsExactly("b.png", "a.png", "explain.json");
        assertThat(Files.readString(dir.resolve("a.png"))).isEqualTo("a2");
        assertThat(Files.readString(dir.resolve("explain.json"))).isEqualTo("final");
        assertThat(names()).containsExactly("a.png", "b.png", "explain.json");
    }
}
