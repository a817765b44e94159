package org.dancelens.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.export.ClipExporterTest;
import org.dancelens.testsupport.CliRun;
import org.dancelens.video.VideoSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dancelens export clip}: a clip from the stored poses, and its bad cases as one line on stderr with exit 2. */
class ExportClipCliTest {
    @TempDir
    Path dir;
    private final List<Path> mounts = new ArrayList<>();

    @AfterEach
    void unmount() throws Exception {
        for (Path m : mounts) {
            new ProcessBuilder("umount", m.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Path store(Path video) {
        Path file = dir.resolve("results.sqlite");
        try (ResultsStore s = ClipExporterTest.storeWithPoses(file, video, 60)) {
            return s.file();
        }
    }

    @Test
    void exportsTheRangeAtTheAskedSize() {
        Path video = ClipExporterTest.source();
        Path out = dir.resolve("clip.mp4");
        CliRun r = CliRun.of("export", "clip", video.toString(), "--out", out.toString(), "--range", "20:50", "--size", "160x120", "--crf", "24",
                "--overlays", "skeleton,ids", "--store", store(video).toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("30 frames, 160x120, pose run 1, with audio");
        try (VideoSource clip = VideoSource.open(out)) {
            assertThat(clip.frameCount()).isEqualTo(30);
            assertThat(clip.info().width()).isEqualTo(160);
            assertThat(clip.info().hasAudio()).isTrue();
        }
    }

    @Test
    void noStoredPoseRunIsOneLineNamingTheCommandThatMakesIt() throws Exception {
        Path video = ClipExporterTest.source();
        Path out = dir.resolve("clip.mp4");
        CliRun r = CliRun.of("export", "clip", video.toString(), "--out", out.toString(), "--store", dir.resolve("none.sqlite").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("dancelens: The 'skeleton' overlay needs a finished pose run of clip-audio.mp4, and nothing is stored"
                + " for it; make one with 'dancelens analyze clip-audio.mp4 --pose MODEL'.");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void timelineWithoutAClassifyRunIsOneLineNamingTheCommandThatMakesIt() throws Exception {
        Path video = ClipExporterTest.source();
        Path store = store(video);
        CliRun r = CliRun.of("export", "clip", video.toString(), "--out", dir.resolve("t.mp4").toString(), "--overlays", "skeleton,timeline",
                "--store", store.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("dancelens: The 'timeline' overlay needs a finished classify run of clip-audio.mp4, and there is none;"
                + " make one with 'dancelens classify clip-audio.mp4 --model MODEL'.");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.filter(p -> p.toString().endsWith(".mp4")).toList()).isEmpty();
        }
    }

    @Test
    void badSizeIsOneLine() {
        Path video = ClipExporterTest.source();
        CliRun r = CliRun.of("export", "clip", video.toString(), "--out", dir.resolve("c.mp4").toString(), "--size", "161x120", "--overlays", "none");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("dancelens: The clip size must be two even numbers of pixels up to 8192, not 161x120.");
    }

    @Test
    void aFullDiskLeavesNoPartialFileAndTheOldClipUntouched() throws Exception {
        Path video = ClipExporterTest.source();
        Path store = store(video);
        Path disk = dir.resolve("disk");
        Files.createDirectories(disk);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=48k", "dancelens-clip-test", disk.toString()).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "Mounting a small tmpfs needs root; here: " + said + "; skipping.");
        mounts.add(disk);
        Path out = disk.resolve("clip.mp4");
        Files.writeString(out, "the clip from before");
        CliRun r = CliRun.of("export", "clip", video.toString(), "--out", out.toString(), "--store", store.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("dancelens: Could not write the clip clip.mp4: the disk is full.");
        try (Stream<Path> s = Files.list(disk)) {
            assertThat(s.map(f -> f.getFileName().toString()).toList()).containsExactly("clip.mp4");
        }
        assertThat(Files.readString(out)).isEqualTo("the clip from before");
    }
}
