package org.dancelens.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestRgbMeans;
import org.dancelens.testsupport.TestZoo;
import org.dancelens.video.PatternVideoWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes that fail for real, through the command line: a process whose file-size limit ({@code ulimit -f}, which makes
 * {@code write} fail with "File too large") is below the export's size, and a small tmpfs filled up ("No space left on
 * device"; mounting needs root, as in CI). Each time: exit 2, one line on stderr naming the file, no partial target, no
 * temporary file left, and the previous version of every file of the set intact.
 */
class FullDiskCliTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final IsolatedData data = new IsolatedData();

    private final List<Path> mounts = new ArrayList<>();

    @AfterEach
    void unmount() throws Exception {
        for (Path m : mounts) {
            new ProcessBuilder("umount", m.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The files of a folder and their bytes. */
    private static Map<String, byte[]> contents(Path folder) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : s.toList()) {
                m.put(p.getFileName().toString(), Files.isRegularFile(p) ? Files.readAllBytes(p) : new byte[0]);
            }
        }
        return m;
    }

    private static void assertUnchanged(Path folder, Map<String, byte[]> before) throws IOException {
        Map<String, byte[]> after = contents(folder);
        assertThat(after.keySet()).as("the same files, no partial or temporary one").containsExactlyElementsOf(before.keySet());
        before.forEach((name, bytes) -> assertThat(after.get(name)).as(name + " as it was").isEqualTo(bytes));
    }

    /** A pose run of 150 frames of real footage (MoveNet Lightning) stored in {@code store}; its poses.csv is about 300 KB. */
    private Path posesStored(Path store) {
        Path vtest = TestMedia.realFootage("vtest.avi");
        Path zoo = TestZoo.registry("movenet-lightning").find("movenet-lightning").cardFile().getParent();
        CliRun r = CliRun.of("analyze", vtest.toString(), "--pose", "movenet-lightning", "--range", "0:150", "--models", zoo.toString(),
                "--store", store.toString());
        assertThat(r.code()).as(r.err()).isZero();
        return zoo;
    }

    /** An earlier export in {@code out}, different from what the next one writes. */
    private static Map<String, byte[]> previousExport(Path out) throws IOException {
        Files.createDirectories(out);
        Files.writeString(out.resolve("poses.csv"), "frame,time_s,track,keypoint,x,y,score,kind\n0,0.000000,1,nose,1.00,2.00,0.5000,raw\n");
        Files.writeString(out.resolve("poses.json"), "{\"format\": \"dancelens-poses-1\", \"frames\": []}\n");
        Files.writeString(out.resolve("notes.txt"), "the researcher's own file\n");
        return contents(out);
    }

    // ---- a file-size limit (any Unix, no privileges) ----

    @Test
    void aPosesExportLargerThanTheFileSizeLimitChangesNothing() throws Exception {
        assumeTrue(!System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows") && Files.isExecutable(Path.of("/bin/sh")),
                "ulimit -f needs a Unix shell; skipping.");
        Path store = dir.resolve("vtest.db");
        Path zoo = posesStored(store);
        Path out = dir.resolve("export");
        Map<String, byte[]> before = previousExport(out);

        int limitKb = 96;
        Path work = Files.createDirectories(dir.resolve("work")); // the subprocess's own folder: its log goes there
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "ulimit -f " + limitKb + " && exec \"$0\" \"$@\"",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xss4m", "-XX:-UsePerfData",
                "-Ddancelens.data=" + data.dir(), "-cp", System.getProperty("java.class.path")));
        cmd.addAll(nativeLibraries(dir.resolve("native")));
        cmd.addAll(List.of("org.dancelens.Launcher", "analyze", TestMedia.realFootage("vtest.avi").toString(), "--pose", "movenet-lightning",
                "--range", "0:150", "--models", zoo.toString(), "--store", store.toString(), "--out", out.toString()));
        Process p = new ProcessBuilder(cmd).directory(work.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile()).start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("the export ends").isTrue();
        String err = Files.readString(dir.resolve("stderr.txt"));
        assertThat(p.exitValue()).as("stderr: %s%nstdout: %s", err, Files.readString(dir.resolve("stdout.txt"))).isEqualTo(2);
        assertThat(err.lines().toList()).as("one line").hasSize(1);
        assertThat(err.strip()).isEqualTo("dancelens: Could not write " + out.toAbsolutePath().resolve("poses.csv")
                + ": the file would be larger than this system allows for one file.");
        assertUnchanged(out, before);

        // Without the limit the same command writes the set, and poses.csv is indeed over the limit.
        CliRun ok = CliRun.of("analyze", TestMedia.realFootage("vtest.avi").toString(), "--pose", "movenet-lightning", "--range", "0:150",
                "--models", zoo.toString(), "--store", store.toString(), "--out", out.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(Files.size(out.resolve("poses.csv"))).isGreaterThan(limitKb * 1024L);
        assertThat(Files.readAllLines(out.resolve("poses.csv"))).hasSize(1 + 150 * 17 * 2);
        assertThat(new ObjectMapper().readTree(out.resolve("poses.json").toFile()).get("frames")).hasSize(150);
        assertThat(contents(out).keySet()).containsExactly("notes.txt", "poses.csv", "poses.json");
    }

    /**
     * ONNX Runtime's and SQLite's native libraries unpacked from their jars into {@code into}, and the options that make
     * a JVM load them from there: otherwise each unpacks its library (28 MB and 1 MB) at start-up, which the limit forbids;
     * and the JavaCPP cache FFmpeg's libraries are already unpacked in.
     */
    private static List<String> nativeLibraries(Path into) throws IOException {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        boolean mac = os.contains("mac");
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        String ext = mac ? ".dylib" : ".so";
        Path ort = Files.createDirectories(into.resolve("ort"));
        String ortPlatform = (mac ? "osx" : "linux") + "-" + (x64 ? "x64" : "aarch64");
        unpack("/ai/onnxruntime/native/" + ortPlatform + "/libonnxruntime" + ext, ort);
        unpack("/ai/onnxruntime/native/" + ortPlatform + "/libonnxruntime4j_jni" + ext, ort);
        Path sqlite = Files.createDirectories(into.resolve("sqlite"));
        unpack("/org/sqlite/native/" + (mac ? "Mac" : "Linux") + "/" + (x64 ? "x86_64" : "aarch64") + "/libsqlitejdbc" + ext, sqlite);
        // FFmpeg's libraries: the cache this test JVM unpacked them into (loaded here first), not one the limit would
        // have to fill (which depended on an earlier test having filled the user's cache).
        org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.global.avformat.class);
        return List.of("-Donnxruntime.native.path=" + ort, "-Dorg.sqlite.lib.path=" + sqlite, "-Dorg.sqlite.lib.name=libsqlitejdbc" + ext,
                "-Dorg.bytedeco.javacpp.cachedir=" + org.bytedeco.javacpp.Loader.getCacheDir());
    }

    private static void unpack(String resource, Path into) throws IOException {
        try (InputStream in = FullDiskCliTest.class.getResourceAsStream(resource)) {
            assumeTrue(in != null, resource + " is not in the class path (another platform); skipping.");
            Files.copy(in, into.resolve(resource.substring(resource.lastIndexOf('/') + 1)), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    // ---- a full disk (a small tmpfs; needs root) ----

    /** A tmpfs of {@code kb} KB mounted at {@code at}; skips the test where mounting is not allowed. */
    private Path smallDisk(Path at, int kb) throws Exception {
        Files.createDirectories(at);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + kb + "k", "dancelens-full-disk-test", at.toString())
                .redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        boolean mounted = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        assumeTrue(mounted, "Mounting a small tmpfs needs root (CI runs as root); here: " + said + ". The file-size-limit test covers"
                + " the same failure without privileges; skipping.");
        mounts.add(at);
        return at;
    }

    /** Fills the disk holding {@code folder} until about {@code leftKb} KB are free. */
    private static void fill(Path folder, int leftKb) throws IOException {
        long usable = Files.getFileStore(folder).getUsableSpace();
        long filler = usable - leftKb * 1024L;
        assertThat(filler).as("room to fill").isPositive();
        try (var ch = java.nio.channels.FileChannel.open(folder.resolve("filler.bin"), java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer zeros = java.nio.ByteBuffer.allocate(64 * 1024);
            for (long done = 0; done < filler; ) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), filler - done));
                done += ch.write(zeros);
            }
        }
    }

    @Test
    void aPosesExportOnAFullDiskChangesNothing() throws Exception {
        Path store = dir.resolve("vtest.db");
        Path zoo = posesStored(store);
        Path disk = smallDisk(dir.resolve("small"), 1024);
        Path out = disk.resolve("export");
        previousExport(out);
        fill(disk, 64);
        Map<String, byte[]> before = contents(out);
        Map<String, byte[]> diskBefore = contents(disk);

        CliRun r = CliRun.of("analyze", TestMedia.realFootage("vtest.avi").toString(), "--pose", "movenet-lightning", "--range", "0:150",
                "--models", zoo.toString(), "--store", store.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err().strip()).isEqualTo("dancelens: Could not write " + out.toAbsolutePath().resolve("poses.csv") + ": the disk is full.");
        assertUnchanged(out, before);
        assertUnchanged(disk, diskBefore);
    }

    @Test
    void anEvaluationReportOnAFullDiskKeepsTheEarlierReport() throws Exception {
        Path video = TestMedia.generated("classify-64x48.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 40, 25).gop(10));
        TestRgbMeans.install(dir, "rgb", 0.02);
        StringBuilder manifest = new StringBuilder("video,label,start_s,end_s\n");
        for (int seg = 0; seg < 4; seg++) {
            manifest.append(video).append(',').append(List.of("red", "green", "blue").get(seg % 3)).append(',')
                    .append(0.4 * seg).append(',').append(0.4 * seg + 0.36).append('\n');
        }
        Files.writeString(dir.resolve("labels.csv"), manifest);
        Path disk = smallDisk(dir.resolve("small"), 512);
        Path out = disk.resolve("eval");
        String[] args = {"evaluate", "--manifest", dir.resolve("labels.csv").toString(), "--model", "rgb", "--models", dir.toString(),
            "--out", out.toString()};
        CliRun first = CliRun.of(args);
        assertThat(first.code()).as(first.err()).isZero();
        Map<String, byte[]> before = contents(out);
        assertThat(before.keySet()).containsExactly("confusion.csv", "confusion.png", "confusion.svg", "metrics.json", "report.html");
        fill(disk, 8); // less than the picture and the page need

        CliRun second = CliRun.of(args); // its date differs, so every file would change
        assertThat(second.code()).as(second.err()).isEqualTo(2);
        assertThat(second.err().lines().toList()).hasSize(1);
        assertThat(second.err().strip()).matches("dancelens: Could not write " + java.util.regex.Pattern.quote(out.toAbsolutePath().toString())
                + "/(confusion\\.png|report\\.html|metrics\\.json): the disk is full\\.");
        assertUnchanged(out, before);

        Files.delete(disk.resolve("filler.bin"));
        CliRun third = CliRun.of(args);
        assertThat(third.code()).as(third.err()).isZero();
        assertThat(new String(contents(out).get("metrics.json"), StandardCharsets.UTF_8)).isNotEqualTo(new String(before.get("metrics.json"),
                StandardCharsets.UTF_8));
        assertThat(contents(out).keySet()).containsExactlyElementsOf(before.keySet());
    }

    @Test
    void mapsOnAFullDiskKeepTheEarlierExplanation() throws Exception {
        Path video = TestMedia.generated("explain-64x48.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 6, 25).gop(3));
        org.dancelens.testsupport.TestCnn.install(dir, 7, List.of("ballet", "jazz", "krump", "waltz"),
                "{resize: letterbox, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25]}");
        Path disk = smallDisk(dir.resolve("small"), 512);
        Path out = disk.resolve("maps");
        CliRun first = CliRun.of("explain", video.toString(), "--model", dir.resolve("cnn.yaml").toString(), "--frames", "1:5", "--every", "2",
                "--out", out.toString());
        assertThat(first.code()).as(first.err()).isZero();
        Map<String, byte[]> before = contents(out);
        assertThat(before.keySet()).containsExactly("explain.json", "frame_000001.npy", "frame_000001.png", "frame_000003.npy",
                "frame_000003.png");
        // Room for a few of the new maps but not all: before, the new frame files replaced the old ones one by one beside
        // the old explain.json, which then described maps it had not made.
        fill(disk, 12);

        CliRun second = CliRun.of("explain", video.toString(), "--model", dir.resolve("cnn.yaml").toString(), "--method", "layercam",
                "--out", out.toString());
        assertThat(second.code()).as(second.err()).isEqualTo(2);
        assertThat(second.err().lines().toList()).hasSize(1);
        assertThat(second.err().strip()).matches("dancelens: Could not write " + java.util.regex.Pattern.quote(out.toAbsolutePath().toString())
                + "/frame_00000\\d\\.(npy|png): the disk is full\\.");
        assertUnchanged(out, before);
    }
}
