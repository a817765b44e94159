package org.dancelens.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ShortBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.dancelens.cli.DanceLensCli;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskContext;
import org.dancelens.core.VideoFrame;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.Unprivileged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every kind of bad input gives one plain sentence (API) and one stderr line with exit code 2 (CLI). */
class BadInputTest {
    @TempDir
    Path dir;

    private static PatternVideoWriter.Spec smallSpec() {
        return PatternVideoWriter.Spec.of("avi", "mpeg4", 320, 240, 120, 25).gop(10);
    }

    /** Opens the file through the API and returns the user message. */
    private static String apiError(Path p) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> {
            try (VideoSource s = VideoSource.open(p)) {
                s.frame(0);
            }
        });
        assertThat(t).isInstanceOf(DanceLensException.class);
        DanceLensException e = (DanceLensException) t;
        assertThat(e.kind()).isEqualTo(DanceLensException.Kind.BAD_INPUT);
        String msg = e.getMessage();
        assertThat(msg).doesNotContain("\n").doesNotContain("Exception").endsWith(".");
        return msg;
    }

    /** Runs {@code dancelens probe FILE} and checks: exit code 2, exactly one line on stderr, nothing on stdout. */
    private static String cliError(Path p) {
        CommandLine cl = DanceLensCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("probe", p.toString());
        assertThat(code).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        String[] lines = err.toString().strip().split("\n");
        assertThat(lines).hasSize(1);
        assertThat(lines[0]).startsWith("dancelens: ").doesNotContain("Exception").doesNotContain("\tat ");
        return lines[0];
    }

    @Test
    void missingFile() {
        Path p = dir.resolve("nope.mp4");
        assertThat(apiError(p)).contains("does not exist").contains("nope.mp4");
        assertThat(cliError(p)).contains("does not exist");
    }

    @Test
    void zeroByteFile() throws IOException {
        Path p = Files.createFile(dir.resolve("empty.mp4"));
        assertThat(apiError(p)).contains("empty.mp4").contains("empty");
        cliError(p);
    }

    @Test
    void textFileNamedMp4() throws IOException {
        Path p = dir.resolve("notes.mp4");
        Files.writeString(p, "These are my rehearsal notes, not a video.\n".repeat(50));
        assertThat(apiError(p)).contains("notes.mp4").contains("not a video");
        cliError(p);
    }

    @Test
    void folderInsteadOfFile() {
        assertThat(apiError(dir)).contains("folder");
    }

    @Test
    void mp4CutOffHalfWay() throws IOException {
        // moov atom at the end (FFmpeg's default): cutting the file loses the index of the whole file.
        Path full = TestMedia.generated("cut-source.mp4", PatternVideoWriter.Spec.of("mp4", "mpeg4", 320, 240, 60, 25).gop(10));
        byte[] bytes = Files.readAllBytes(full);
        Path cut = dir.resolve("cut.mp4");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThat(apiError(cut)).contains("cut.mp4");
        cliError(cut);
    }

    @Test
    void audioOnlyFile() throws Exception {
        Path p = dir.resolve("music.m4a");
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(p.toFile(), 0, 0, 1)) {
            rec.setFormat("mp4");
            rec.setAudioCodecName("aac");
            rec.setSampleRate(44100);
            rec.start();
            short[] samples = new short[44100];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = (short) (8000 * Math.sin(i * 2 * Math.PI * 440 / 44100));
            }
            rec.recordSamples(44100, 1, ShortBuffer.wrap(samples));
            rec.stop();
        }
        assertThat(apiError(p)).contains("music.m4a").contains("only audio");
        assertThat(cliError(p)).contains("only audio");
    }

    @Test
    void stillImage() throws IOException {
        Path p = dir.resolve("photo.png");
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        javax.imageio.ImageIO.write(img, "png", p.toFile());
        assertThat(apiError(p)).contains("photo.png").contains("still image");
        cliError(p);
    }

    @Test
    void realPhotographIsAStillImage() {
        Path messi = TestMedia.realFootage("messi5.jpg");
        assertThat(apiError(messi)).contains("still image");
    }

    /**
     * A file without read permission. Root reads a file whatever its mode, and CI runs as root: there the command line
     * runs as the unprivileged user nobody (a control run first shows that user reads a readable copy); as any other
     * user the file is simply made unreadable. Skipped only where a file of mode 000 stays readable to a user who is
     * not root, i.e. on a file system that ignores permissions.
     */
    @Test
    void unreadableFile() throws Exception {
        Path source = TestMedia.generated("bad-small.avi", smallSpec());
        if (Unprivileged.runningAsRoot()) {
            Path work = Unprivileged.readableFolder("dancelens-unreadable");
            try {
                Path media = Files.createDirectories(work.resolve("media"));
                Files.setPosixFilePermissions(media, PosixFilePermissions.fromString("rwxr-xr-x"));
                Path open = Files.copy(source, media.resolve("open.avi"));
                Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
                Path locked = Files.copy(source, media.resolve("locked.avi"));
                Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));

                CliRun control = Unprivileged.dancelens(work, "probe", "--json", open.toString());
                assertThat(control.code()).as("nobody probes a readable copy; stderr: %s", control.err()).isZero();
                assertThat(control.out()).contains("\"frameCount\":120");

                CliRun r = Unprivileged.dancelens(work, "probe", locked.toString());
                assertThat(r.code()).as(r.err()).isEqualTo(2);
                assertThat(r.out()).isEmpty();
                assertThat(r.err().strip().split("\n")).containsExactly("dancelens: The file locked.avi cannot be read (permission denied).");
            } finally {
                try (java.util.stream.Stream<Path> all = Files.walk(work)) {
                    for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
            return;
        }
        Path p = Files.copy(source, dir.resolve("locked.avi"));
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(p), "This file system ignores file permissions (a file of mode 000 stays readable), so an unreadable "
                + "file cannot be made here; skipping.");
        assertThat(apiError(p)).contains("locked.avi").contains("cannot be read");
        cliError(p);
    }

    @Test
    void pathWithSpacesAndNonAsciiCharactersOpens() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("Probe – Tänze 舞蹈"));
        Path p = Files.copy(TestMedia.generated("bad-small.avi", smallSpec()), sub.resolve("Pas de deux é ü 1.avi"));
        try (VideoSource s = VideoSource.open(p)) {
            assertThat(s.frameCount()).isEqualTo(120);
            assertThat(s.info().fileName()).isEqualTo("Pas de deux é ü 1.avi");
            assertThat(PatternVideoWriter.readIndex(s.frame(77), 320, 240, 0)).isEqualTo(77);
        }
        CommandLine cl = DanceLensCli.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute("probe", "--json", p.toString())).isEqualTo(0);
        assertThat(out.toString()).contains("\"frameCount\":120");
    }

    @Test
    void fileDamagedInTheMiddleStillPlaysUpToTheDamage() throws IOException {
        Path src = TestMedia.generated("bad-small.avi", smallSpec());
        byte[] bytes = Files.readAllBytes(src);
        // Overwrite a stretch in the middle of the file with garbage.
        int from = bytes.length / 2;
        int len = bytes.length / 5;
        byte[] junk = "garbage!".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < len; i++) {
            bytes[from + i] = junk[i % junk.length];
        }
        Path p = dir.resolve("damaged.avi");
        Files.write(p, bytes);
        try (VideoSource s = VideoSource.open(p)) {
            // The first frames, well before the damage, are exact.
            for (int n : new int[] {0, 10, 25, 40}) {
                assertThat(PatternVideoWriter.readIndex(s.frame(n), 320, 240, 0)).isEqualTo(n);
            }
            // Reading through the damage delivers what can be decoded, reports every other frame as undecodable, in
            // order, and ends without an exception: nothing is skipped in silence.
            List<Integer> seen = new ArrayList<>();
            List<Integer> damaged = new ArrayList<>();
            List<Integer> order = new ArrayList<>();
            List<Integer> pictures = new ArrayList<>();
            int delivered = s.read(0, s.frameCount(), f -> {
                pictures.add(PatternVideoWriter.readIndex(f, 320, 240, 0));
                order.add(f.index());
                return seen.add(f.index());
            }, n -> {
                order.add(n);
                damaged.add(n);
            }, TaskContext.NONE);
            assertThat(delivered).isEqualTo(seen.size()).isGreaterThanOrEqualTo(40);
            assertThat(seen.subList(0, 40)).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 40).boxed().toList());
            assertThat(damaged).as("the garbage in the middle costs frames").isNotEmpty();
            // Before the damage every picture is its own frame; no picture is ever shown twice or out of order (a
            // broken picture, or one predicted from it, is reported instead of delivered).
            int firstDamaged = damaged.get(0);
            for (int i = 0; i < seen.size() && seen.get(i) < firstDamaged; i++) {
                assertThat(pictures.get(i)).as("the picture of frame %d", seen.get(i)).isEqualTo(seen.get(i));
            }
            for (int i = 1; i < pictures.size(); i++) {
                assertThat(pictures.get(i)).as("the picture delivered as frame %d", seen.get(i)).isGreaterThan(pictures.get(i - 1));
            }
            // The AVI header declares 120 frames; the lost ones are said.
            assertThat(s.info().damageNote()).contains("declares 120 frames but only " + s.frameCount() + " can be found");
            assertThat(order).as("every frame once, in order").containsExactlyElementsOf(
                    java.util.stream.IntStream.range(0, s.frameCount()).boxed().toList());
            // A frame inside the damage is either exact or a clear error, never a wrong frame.
            for (int n = 0; n < s.frameCount(); n++) {
                try {
                    VideoFrame f = s.frame(n);
                    assertThat(f.index()).isEqualTo(n);
                } catch (DanceLensException e) {
                    assertThat(e.getMessage()).contains("damaged");
                }
            }
        }
    }

    @Test
    void frameOutOfRangeIsAPlainError() {
        Path src = TestMedia.generated("bad-small.avi", smallSpec());
        try (VideoSource s = VideoSource.open(src)) {
            assertThatThrownBy(() -> s.frame(120)).isInstanceOf(DanceLensException.class)
                    .hasMessageContaining("Frame 120 does not exist").hasMessageContaining("0 to 119");
        }
    }
}
