package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.stream.Collectors;
import org.dancelens.analysis.Workspace;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.export.ClipExporter;
import org.dancelens.export.ClipExporterTest;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.ui.export.ExportClipViewModel;
import org.dancelens.ui.export.ExportDataViewModel;
import org.dancelens.ui.session.VideoSession;
import org.dancelens.video.VideoSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The File ▸ Export Annotated Clip… and Export Data… dialogs' view-models on real videos (a generated 320x240 pattern
 * clip with audio and a stored pose run; vtest.avi for a long export): defaults follow what the window shows, the
 * request is the one the choices describe, exports end in one sentence, cancel and failures leave no file.
 */
class ExportDialogsViewModelTest {
    static final Duration LONG = Duration.ofSeconds(120);

    @RegisterExtension
    final IsolatedData data = new IsolatedData();
    @TempDir
    Path out;

    UiHarness h;
    ExportClipViewModel clip;
    ExportDataViewModel dataVm;
    Path video;
    long poseRun;

    @BeforeEach
    void setUp() {
        h = new UiHarness();
        clip = new ExportClipViewModel(h.tasks, h.dialogs, h.overlay);
        dataVm = new ExportDataViewModel(h.tasks, h.dialogs);
        video = ClipExporterTest.source();
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
    }

    /** Opens the pattern clip with a complete pose run stored for it and waits until the run is on display. */
    private VideoSession openWithPoses() {
        try (ResultsStore s = ClipExporterTest.storeWithPoses(Workspace.storeFor(video), video, 60)) {
            poseRun = s.runs().list(video.toAbsolutePath().toString(), org.dancelens.analysis.store.RunKind.POSE).get(0).id();
        }
        VideoSession s = h.open(video);
        h.pumpUntil(() -> s.posesProperty().get() != null, Duration.ofSeconds(20));
        return s;
    }

    private Map<String, ExportClipViewModel.OverlayChoice> choices() {
        return clip.overlays().stream().collect(Collectors.toMap(ExportClipViewModel.OverlayChoice::key, c -> c));
    }

    @Test
    void defaultsFollowWhatTheWindowShows() {
        h.overlay.showBoxesProperty().set(false); // the user switched boxes off in the player
        VideoSession s = openWithPoses();
        clip.open(s, 0, -1);
        Map<String, ExportClipViewModel.OverlayChoice> c = choices();
        // one checkbox per overlay the exporter has, in its order
        assertThat(clip.overlays()).extracting(ExportClipViewModel.OverlayChoice::key)
                .containsExactly(java.util.Arrays.stream(ClipExporter.Overlay.values()).map(ClipExporter.Overlay::key).toArray(String[]::new));
        assertThat(c.get("skeleton").selectedProperty().get()).isTrue();
        assertThat(c.get("boxes").selectedProperty().get()).isFalse();
        assertThat(c.get("boxes").availableProperty().get()).isTrue();
        assertThat(c.get("mask").availableProperty().get()).isFalse();
        assertThat(c.get("mask").noteProperty().get()).isEqualTo("the pose run on display stored no masks");
        assertThat(c.get("heat").availableProperty().get()).isFalse();
        assertThat(c.get("labels").noteProperty().get()).isEqualTo("no classification on display");
        assertThat(c.get("timeline").availableProperty().get()).isFalse();
        assertThat(c.get("timeline").noteProperty().get()).isEqualTo("no classification on display");
        // the whole video (no Poses range), the video's size, the default quality, the clip offered beside the video
        assertThat(clip.fromTextProperty().get()).isEqualTo("0");
        assertThat(clip.toTextProperty().get()).isEqualTo("59");
        assertThat(clip.rangeSummaryProperty().get()).isEqualTo("frames 0–59 · 00:00.000–00:01.967 · 60 frames");
        assertThat(clip.sizeProperty().get()).isEqualTo("The video's, 320 × 240");
        assertThat(clip.sizes()).contains("50 %, 160 × 120");
        assertThat(clip.qualityProperty().get()).isEqualTo(ClipExporter.DEFAULT_QUALITY);
        assertThat(Path.of(clip.outTextProperty().get())).isEqualTo(video.toAbsolutePath().resolveSibling("clip-audio-annotated.mp4"));
        assertThat(clip.runsProperty().get()).startsWith("Poses: movenet-multipose · whole video · ").contains("(run " + poseRun + ")")
                .contains("Classification: none on display");
        assertThat(clip.problemProperty().get()).isEmpty();
        assertThat(clip.canExportProperty().get()).isTrue();

        // the Poses panel's range when one is set (its end excluded there, the last frame included here)
        clip.open(s, 10, 40);
        assertThat(clip.fromTextProperty().get()).isEqualTo("10");
        assertThat(clip.toTextProperty().get()).isEqualTo("39");
    }

    @Test
    void theRequestIsTheOneTheChoicesDescribeAndTheClipIsWritten() throws Exception {
        VideoSession s = openWithPoses();
        clip.open(s, 0, -1);
        Map<String, ExportClipViewModel.OverlayChoice> c = choices();
        clip.fromTextProperty().set("0:00.5"); // a time: the frame shown at 0.5 s of 30 fps is frame 15
        clip.toTextProperty().set("20");
        c.get("boxes").selectedProperty().set(false);
        c.get("ids").selectedProperty().set(true);
        clip.sizeProperty().set("50 %, 160 × 120");
        clip.qualityProperty().set(30);
        Path file = out.resolve("clip.mp4");
        clip.outTextProperty().set(file.toString());
        ClipExporter.Request r = clip.request();
        assertThat(r.video()).isEqualTo(video);
        assertThat(r.out()).isEqualTo(file);
        assertThat(r.from()).isEqualTo(15);
        assertThat(r.to()).isEqualTo(21);
        assertThat(r.overlays()).isEqualTo(EnumSet.of(ClipExporter.Overlay.SKELETON, ClipExporter.Overlay.IDS));
        assertThat(r.poseRun()).isEqualTo(poseRun);
        assertThat(r.explainRun()).isNull();
        assertThat(r.classifyRun()).isNull();
        assertThat(r.scale()).isEqualTo(0.5);
        assertThat(r.quality()).isEqualTo(30);
        assertThat(r.encoding().bitrate()).as("the held quantiser: no bitrate").isZero();
        // a bitrate instead, as --bitrate 2.5M; and back to the quantiser
        clip.byBitrateProperty().set(true);
        clip.bitrateMbitsProperty().set(2.5);
        assertThat(clip.request().encoding().bitrate()).isEqualTo(2_500_000L);
        clip.byBitrateProperty().set(false);
        assertThat(clip.request().encoding().bitrate()).isZero();
        assertThat(clip.request().quality()).isEqualTo(30);

        clip.export();
        h.pumpUntil(() -> !clip.runningProperty().get(), LONG);
        assertThat(h.dialogs.errors).isEmpty();
        assertThat(clip.statusProperty().get()).matches("clip-audio\\.mp4: Exported 6 frames to clip\\.mp4 in \\d+\\.\\d s \\(\\d+\\.\\d frames/s\\)\\.");
        assertThat(h.dialogs.infos).hasSize(1);
        assertThat(h.dialogs.infos.get(0)).startsWith("Exported 6 frames to clip.mp4 in ");
        try (VideoSource v = VideoSource.open(file)) {
            assertThat(v.frameCount()).isEqualTo(6);
            assertThat(v.info().width()).isEqualTo(160);
            assertThat(v.info().height()).isEqualTo(120);
        }
        clip.openFolder();
        assertThat(h.dialogs.openedFolders).containsExactly(out);
        // the file is there now: the next export says it will be replaced (only when the new one is complete)
        assertThat(clip.outNoteProperty().get()).isEqualTo("clip.mp4 exists; it is replaced only once the new clip is complete.");
    }

    @Test
    void choicesThatMakeNoClipAreSaidAndExportNothing() {
        VideoSession s = openWithPoses();
        clip.open(s, 0, -1);
        clip.outTextProperty().set(out.resolve("clip.mp4").toString());
        clip.toTextProperty().set("0:05");
        assertThat(clip.problemProperty().get()).isEqualTo("clip-audio.mp4 has frames 0 to 59 (00:02.000): choose a range inside it.");
        assertThat(clip.canExportProperty().get()).isFalse();
        clip.toTextProperty().set("later");
        assertThat(clip.problemProperty().get()).startsWith("Type the first and last frame as frame numbers");
        clip.fromTextProperty().set("30");
        clip.toTextProperty().set("29");
        assertThat(clip.problemProperty().get()).isEqualTo("The last frame comes before the first: frame 29 is before frame 30.");
        clip.toTextProperty().set("40");
        clip.outTextProperty().set(out.resolve("clip.avi").toString());
        assertThat(clip.problemProperty().get()).isEqualTo("The clip is an MP4 video: end its file name with .mp4.");
        assertThat(clip.request()).isNull();
        clip.export();
        assertThat(clip.runningProperty().get()).isFalse();
        assertThat(out).isEmptyDirectory();
    }

    @Test
    void closingTheVideoLeavesNothingToExport() {
        VideoSession s = openWithPoses();
        clip.open(s, 0, -1);
        dataVm.open(s);
        assertThat(clip.canExportProperty().get()).isTrue();
        h.workbench.closeActive();
        assertThat(clip.problemProperty().get()).isEqualTo("clip-audio.mp4 was closed: open it again to export from it.");
        assertThat(clip.canExportProperty().get()).isFalse();
        assertThat(dataVm.problemProperty().get()).isEqualTo("clip-audio.mp4 was closed: open it again to export its data.");
        assertThat(dataVm.canExportProperty().get()).isFalse();
    }

    @Test
    void aFailureIsOneSentenceAndLeavesNoFile() {
        VideoSession s = openWithPoses();
        clip.open(s, 0, -1);
        Path missing = out.resolve("no-such-folder");
        clip.outTextProperty().set(missing.resolve("clip.mp4").toString());
        clip.export();
        h.pumpUntil(() -> !clip.runningProperty().get(), LONG);
        String sentence = "Cannot write clip.mp4: the folder " + missing + " does not exist.";
        assertThat(h.dialogs.errors).containsExactly(sentence);
        assertThat(clip.statusProperty().get()).isEqualTo("clip-audio.mp4: " + sentence);
        assertThat(out).isEmptyDirectory();
    }

    @Test
    void cancelHalfWayLeavesNoFile() throws Exception {
        VideoSession s = h.open(TestMedia.realFootage("vtest.avi")); // 795 frames: long enough to cancel half way
        clip.open(s, 0, -1);
        assertThat(clip.overlays()).allSatisfy(c -> assertThat(c.selectedProperty().get()).isFalse()); // nothing stored to draw
        clip.outTextProperty().set(out.resolve("vtest-annotated.mp4").toString());
        clip.export();
        // the time left is said once half a second of frames has been timed
        h.pumpUntil(() -> clip.statusProperty().get().endsWith(" s left") || !clip.runningProperty().get(), LONG);
        assertThat(clip.statusProperty().get()).matches("vtest\\.avi: frame \\d+ / 795, (\\d+ min )?\\d+ s left");
        assertThat(clip.progressProperty().get()).isBetween(0.0, 0.9);
        clip.cancel();
        h.pumpUntil(() -> !clip.runningProperty().get(), LONG);
        assertThat(clip.statusProperty().get()).isEqualTo("vtest.avi: Cancelled: no clip was written.");
        assertThat(h.dialogs.errors).isEmpty();
        try (var files = Files.list(out)) {
            assertThat(files.toList()).isEmpty(); // neither the clip nor its temporary file
        }
    }

    @Test
    void exportDataWritesTheSetAndSaysHowManyFiles() throws Exception {
        VideoSession s = openWithPoses();
        dataVm.open(s);
        assertThat(Path.of(dataVm.folderTextProperty().get())).isEqualTo(video.toAbsolutePath().resolveSibling("clip-audio-data"));
        assertThat(dataVm.problemProperty().get()).isEmpty();
        assertThat(dataVm.canExportProperty().get()).isTrue();
        Path dir = out.resolve("data");
        h.dialogs.folder = dir;
        dataVm.chooseFolder();
        assertThat(dataVm.folderTextProperty().get()).isEqualTo(dir.toString());
        dataVm.export();
        h.pumpUntil(() -> !dataVm.runningProperty().get(), LONG);
        assertThat(h.dialogs.errors).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("export.json",
                    "poses-" + poseRun + "-coco.json", "poses-" + poseRun + ".csv", "provenance-" + poseRun + ".json");
        }
        assertThat(dataVm.statusProperty().get()).isEqualTo("clip-audio.mp4: Wrote 4 files for 1 run (1 pose) into " + dir + ".");
        dataVm.openFolder();
        assertThat(h.dialogs.openedFolders).containsExactly(dir);
    }

    @Test
    void exportDataOfAVideoWithNothingStoredIsOneSentence() {
        VideoSession s = h.open(TestMedia.realFootage("vtest.avi"));
        dataVm.open(s);
        dataVm.folderTextProperty().set(out.resolve("data").toString());
        dataVm.export();
        h.pumpUntil(() -> !dataVm.runningProperty().get(), LONG);
        assertThat(h.dialogs.errors).containsExactly("Nothing is stored for vtest.avi yet: analyse it in the Poses panel first.");
        assertThat(out).isEmptyDirectory();
    }
}
