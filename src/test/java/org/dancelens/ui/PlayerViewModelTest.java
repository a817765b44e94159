package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dancelens.core.ExecutorTaskRunner;
import org.dancelens.testsupport.FakeDialogs;
import org.dancelens.testsupport.PumpedExecutor;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestPoses;
import org.dancelens.ui.player.PlayerViewModel;
import org.dancelens.video.PatternVideoWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The player's view-model without a toolkit: background work is real (decoding on worker threads); results are
 * delivered through a queue that the test drains on its own thread, standing in for the FX thread.
 */
class PlayerViewModelTest {
    @TempDir
    Path dir;

    PumpedExecutor ui;
    ExecutorTaskRunner tasks;
    FakeDialogs dialogs;
    java.nio.file.Path settingsDir;
    SettingsFile prefs;
    WorkbenchViewModel wb;
    /** The player of the video on screen. */
    PlayerViewModel vm;

    @BeforeEach
    void setUp() throws Exception {
        ui = new PumpedExecutor();
        tasks = new ExecutorTaskRunner(2, ui);
        dialogs = new FakeDialogs();
        settingsDir = UiHarness.tempDir();
        prefs = SettingsFile.open(settingsDir.resolve(SettingsFile.NAME));
        wb = new WorkbenchViewModel(tasks, ui, dialogs, new RecentFiles(prefs));
        wb.sessionProperty().addListener((o, a, b) -> vm = b == null ? null : b.player());
    }

    @AfterEach
    void tearDown() throws Exception {
        wb.close();
        tasks.close();
        prefs.close();
        UiHarness.deleteTree(settingsDir);
    }

    private Path video() {
        return TestMedia.generated("vm-40.avi", PatternVideoWriter.Spec.of("avi", "mpeg4", 160, 120, 40, 20).gop(10));
    }

    private void openAndWait(Path p) {
        wb.open(p);
        ui.pumpUntil(() -> !wb.busyProperty().get() && vm != null && vm.videoPath().equals(p) && vm.frameProperty().get() != null,
                Duration.ofSeconds(20));
    }

    private void waitForFrame(int n) {
        ui.pumpUntil(() -> vm.frameProperty().get() != null && vm.frameProperty().get().index() == n, Duration.ofSeconds(10));
        assertThat(PatternVideoWriter.readIndex(vm.frameProperty().get(), 160, 120, 0)).isEqualTo(n);
    }

    @Test
    void theClipExporterDrawsThePlayersOverlayForTheSameFrame() {
        openAndWait(video());
        java.util.Map<Integer, List<org.dancelens.core.Pose>> raw = new java.util.HashMap<>();
        java.util.Map<Integer, List<org.dancelens.core.Pose>> smoothed = new java.util.HashMap<>();
        for (int f = 0; f < 40; f++) {
            raw.put(f, List.of(TestPoses.boxed(1, f, 10, f + 60, 90)));
            smoothed.put(f, List.of(TestPoses.boxed(1, f + 2, 12, f + 62, 92)));
        }
        vm.setOverlay(raw, smoothed, "movenet-multipose");
        vm.seek(12);
        waitForFrame(12);
        org.dancelens.render.OverlayScene player = vm.overlayProperty().get();
        // the exporter's scene for frame 12 with the player's default switches (skeleton, boxes, mask) and its stored (smoothed) poses
        org.dancelens.render.OverlayScene exported = org.dancelens.export.ClipExporter.scene(160, 120, smoothed.get(12),
                org.dancelens.render.OverlayScene.layersFor(true, true, true), null, "movenet-multipose");
        assertThat(exported).isEqualTo(player);
        org.dancelens.render.Viewport frame = org.dancelens.render.Viewport.frame(160, 120);
        java.awt.image.BufferedImage a = new org.dancelens.render.OverlayRenderer().render(player, frame);
        java.awt.image.BufferedImage b = new org.dancelens.render.OverlayRenderer().render(exported, frame);
        assertThat(a.getRGB(0, 0, 160, 120, null, 0, 160)).isEqualTo(b.getRGB(0, 0, 160, 120, null, 0, 160)).matches(px -> java.util.Arrays.stream(px).anyMatch(v -> v != 0), "something drawn");
    }

    @Test
    void goToTakesAFrameNumberOrATimeAndSaysWhatItCannotUse() {
        openAndWait(video()); // 40 frames at 20 fps
        assertThat(vm.goTo("17")).isTrue();
        waitForFrame(17);
        assertThat(vm.goTo("0:01.5")).isTrue(); // 1.5 s at 20 fps
        waitForFrame(30);
        assertThat(vm.goTo(" 0.5s ")).isTrue();
        waitForFrame(10);
        assertThat(vm.goToProblemProperty().get()).isEmpty();
        assertThat(vm.goTo("40")).isFalse();
        assertThat(vm.goToProblemProperty().get()).isEqualTo("Frame 40 is past the end: this video has frames 0 to 39.");
        assertThat(vm.goTo("1:05")).isFalse();
        assertThat(vm.goToProblemProperty().get()).startsWith("01:05.000 is past the end: this video lasts 00:0");
        for (String bad : new String[] {"abc", "1.5", "-3", "1:75", ""}) {
            assertThat(vm.goTo(bad)).as(bad).isFalse();
            assertThat(vm.goToProblemProperty().get()).isEqualTo("Type a frame number (e.g. 120) or a time (e.g. 1:23.4 or 83.4s).");
        }
        assertThat(vm.currentFrameProperty().get()).as("unchanged by text it cannot use").isEqualTo(10);
        vm.clearGoToProblem();
        assertThat(vm.goToProblemProperty().get()).isEmpty();
    }

    @Test
    void saveFrameAsPictureWritesTheFrameWithItsOverlaysAsDrawn(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        openAndWait(video());
        vm.seek(5);
        waitForFrame(5);
        // a dancer over frame 5, as a stored run would put it there
        Map<Integer, List<org.dancelens.core.Pose>> poses = Map.of(5, List.of(org.dancelens.testsupport.TestPoses.boxed(3, 40, 20, 120, 110)));
        vm.setOverlay(poses, poses, "movenet-multipose");
        ui.pumpUntil(() -> vm.overlayProperty().get() != null && !vm.overlayProperty().get().poses().isEmpty(), Duration.ofSeconds(10));
        dialogs.pngToSave = tmp.resolve("picture.png");
        wb.saveFrameAsPicture();
        ui.pumpUntil(() -> !dialogs.infos.isEmpty() || !dialogs.errors.isEmpty(), Duration.ofSeconds(20));
        assertThat(dialogs.errors).isEmpty();
        assertThat(dialogs.infos).containsExactly("Frame 5 of vm-40.avi saved as picture.png.");
        assertThat(dialogs.suggestedNames).containsExactly("vm-40-frame-000005.png");
        java.awt.image.BufferedImage saved = javax.imageio.ImageIO.read(tmp.resolve("picture.png").toFile());
        assertThat(saved.getWidth()).isEqualTo(160);
        assertThat(saved.getHeight()).isEqualTo(120);
        // exactly the renderer's picture of the scene on screen, and the overlay is in it
        java.awt.image.BufferedImage expected = org.dancelens.export.FrameExport.picture(vm.frameProperty().get(), vm.overlayProperty().get());
        java.awt.image.BufferedImage plain = org.dancelens.export.FrameExport.picture(vm.frameProperty().get(),
                org.dancelens.render.SceneBuilder.scene(160, 120, 5, List.of(), org.dancelens.render.SceneBuilder.layers(false, false, false), 0, 0, -1,
                        null, -1, null, null));
        int differs = 0;
        for (int y = 0; y < 120; y++) {
            for (int x = 0; x < 160; x++) {
                assertThat(saved.getRGB(x, y) & 0xffffff).as("pixel %d,%d", x, y).isEqualTo(expected.getRGB(x, y) & 0xffffff);
                differs += (saved.getRGB(x, y) & 0xffffff) != (plain.getRGB(x, y) & 0xffffff) ? 1 : 0;
            }
        }
        assertThat(differs).as("pixels the overlay changed").isGreaterThan(100);
        try (var files = java.nio.file.Files.list(tmp)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).containsExactly("picture.png"); // no temporary file left
        }
    }

    @Test
    void zoomStepsStayBetweenFitAndSixteenTimes() {
        openAndWait(video());
        assertThat(vm.zoomProperty().get()).isEqualTo(1.0);
        vm.zoomOut();
        assertThat(vm.zoomProperty().get()).as("never smaller than fitting").isEqualTo(1.0);
        vm.zoomIn();
        vm.zoomIn();
        assertThat(vm.zoomProperty().get()).isCloseTo(1.5625, org.assertj.core.data.Offset.offset(1e-9));
        for (int i = 0; i < 20; i++) {
            vm.zoomIn();
        }
        assertThat(vm.zoomProperty().get()).isEqualTo(PlayerViewModel.MAX_ZOOM);
        assertThat(vm.zoomBy(2)).as("the factor applied at the limit").isEqualTo(1.0);
        vm.zoomToFit();
        assertThat(vm.zoomProperty().get()).isEqualTo(1.0);
    }

    @Test
    void openingSetsTitleFrameCountAndShowsFrameZero() {
        assertThat(wb.titleProperty().get()).isEqualTo("DanceLens");
        openAndWait(video());
        assertThat(wb.titleProperty().get()).isEqualTo("DanceLens — vm-40.avi");
        assertThat(vm.frameCount()).isEqualTo(40);
        waitForFrame(0);
        assertThat(vm.positionTextProperty().get()).startsWith("frame 0 / 39");
        assertThat(wb.videoDetailsProperty().get()).contains("160×120").contains("40 frames");
    }

    @Test
    void steppingJumpingAndClampingAtTheEnds() {
        openAndWait(video());
        vm.step(1);
        waitForFrame(1);
        vm.step(-5);
        waitForFrame(0);
        vm.jumpSeconds(1); // 20 fps
        waitForFrame(20);
        vm.toEnd();
        waitForFrame(39);
        vm.step(1);
        assertThat(vm.currentFrameProperty().get()).isEqualTo(39);
        vm.jumpSeconds(-1);
        waitForFrame(19);
        vm.toStart();
        waitForFrame(0);
        vm.seek(1000);
        waitForFrame(39);
    }

    @Test
    void withTheDisplayCacheAScrubShowsTheScaledFrameAndASeekTheDecodedOneAndAnalysisNeverGetsTheScaledOne() throws Exception {
        System.setProperty("dancelens.displayCache", "on");
        System.setProperty("dancelens.displayCacheDir", dir.resolve("display").toString());
        try {
            // 1280x720 is the cache's largest size: a 2560x1440 video is cached at half size
            Path big = TestMedia.generated("vm-cache-2560.mp4", PatternVideoWriter.Spec.of("mp4", "libopenh264", 2560, 1440, 30, 30).gop(30));
            openAndWait(big);
            ui.pumpUntil(() -> vm.cachedRangesProperty().get().size() == 1 && vm.cachedRangesProperty().get().get(0)[1] == 29,
                    Duration.ofSeconds(60));
            assertThat(vm.cachedRangesProperty().get().get(0)).containsExactly(0, 29);
            vm.scrub(21);
            ui.pumpUntil(() -> vm.frameProperty().get() != null && vm.frameProperty().get().index() == 21, Duration.ofSeconds(10));
            assertThat(vm.frameProperty().get().width()).as("the stand-in").isEqualTo(1280);
            assertThat(vm.standInProperty().get()).isTrue();
            assertThat(wb.session().frame()).as("a scaled frame is never handed to analysis").isNull();
            assertThat(vm.overlayProperty().get() == null || vm.overlayProperty().get().frameWidth() == 2560)
                    .as("the overlay keeps the video's own size").isTrue();
            vm.seek(21);
            ui.pumpUntil(() -> vm.frameProperty().get().index() == 21 && vm.frameProperty().get().width() == 2560, Duration.ofSeconds(20));
            assertThat(vm.standInProperty().get()).isFalse();
            assertThat(wb.session().frame().width()).isEqualTo(2560);
            assertThat(PatternVideoWriter.readIndex(wb.session().frame(), 2560, 1440, 0)).isEqualTo(21);
        } finally {
            System.setProperty("dancelens.displayCache", "off");
            System.clearProperty("dancelens.displayCacheDir");
        }
    }

    @Test
    void scrubbingShowsAPreviewThenTheExactFrame() {
        openAndWait(video());
        vm.scrub(27); // key frames every 10: the preview may be frame 20
        ui.pumpUntil(() -> vm.frameProperty().get() != null && vm.frameProperty().get().index() <= 27
                && vm.frameProperty().get().index() >= 20, Duration.ofSeconds(10));
        assertThat(vm.currentFrameProperty().get()).isEqualTo(27);
        vm.seek(27);
        waitForFrame(27);
    }

    @Test
    void playbackAdvancesAndStopsAtTheEnd() {
        openAndWait(video());
        vm.setSpeed(2.0);
        vm.togglePlay();
        ui.pumpUntil(() -> vm.playingProperty().get(), Duration.ofSeconds(5));
        ui.pumpUntil(() -> vm.currentFrameProperty().get() >= 10, Duration.ofSeconds(10));
        // 40 frames at 20 fps and 2x speed: about a second to the end.
        ui.pumpUntil(() -> !vm.playingProperty().get(), Duration.ofSeconds(10));
        waitForFrame(39);
    }

    @Test
    void speedIsClampedToItsRange() {
        openAndWait(video());
        vm.setSpeed(5);
        assertThat(vm.speedProperty().get()).isEqualTo(2.0);
        vm.setSpeed(0.01);
        assertThat(vm.speedProperty().get()).isEqualTo(0.1);
        vm.setSpeed(0.5);
        assertThat(vm.speedProperty().get()).isEqualTo(0.5);
    }

    @Test
    void aBadFileGivesOneSentenceAndKeepsTheOpenVideo() throws Exception {
        openAndWait(video());
        Path bad = dir.resolve("notes.mp4");
        Files.writeString(bad, "not a video at all\n".repeat(20));
        wb.open(bad);
        ui.pumpUntil(() -> !dialogs.errors.isEmpty() && !wb.busyProperty().get(), Duration.ofSeconds(10));
        assertThat(dialogs.errors).hasSize(1);
        assertThat(dialogs.errors.get(0)).contains("notes.mp4").contains("not a video").doesNotContain("Exception");
        assertThat(wb.titleProperty().get()).isEqualTo("DanceLens — vm-40.avi");
        vm.step(3);
        waitForFrame(3);
    }

    @Test
    void recentFilesAreRememberedNewestFirstWithoutDuplicates() throws Exception {
        Path a = video();
        Path b = Files.copy(a, dir.resolve("second.avi"));
        openAndWait(a);
        openAndWait(b);
        ui.pumpUntil(() -> wb.titleProperty().get().endsWith("second.avi"), Duration.ofSeconds(10));
        openAndWait(a);
        ui.pumpUntil(() -> wb.titleProperty().get().endsWith("vm-40.avi"), Duration.ofSeconds(10));
        assertThat(wb.recentFiles()).containsExactly(a.toAbsolutePath(), b.toAbsolutePath());
        // Kept between sessions.
        prefs.flush(); // as at the end of a session; read back from the file by a new session
        assertThat(new RecentFiles(SettingsFile.open(prefs.file())).load()).containsExactly(a.toAbsolutePath(), b.toAbsolutePath());
        wb.clearRecentFiles();
        prefs.flush();
        assertThat(new RecentFiles(SettingsFile.open(prefs.file())).load()).isEmpty();
    }

    @Test
    void aSecondOpenSupersedesTheFirst() throws Exception {
        Path a = video();
        Path b = Files.copy(a, dir.resolve("later.avi"));
        wb.open(a);
        wb.open(b); // before the first has finished
        ui.pumpUntil(() -> wb.titleProperty().get().endsWith("later.avi") && !wb.busyProperty().get(), Duration.ofSeconds(20));
        // Let any late result of the first open arrive: it must not replace the second.
        ui.pumpFor(Duration.ofMillis(500));
        assertThat(wb.titleProperty().get()).isEqualTo("DanceLens — later.avi");
        assertThat(dialogs.errors).isEmpty();
        assertThat(wb.sessions()).hasSize(1);
    }

    @Test
    void openChosenUsesTheDialog() {
        dialogs.video = video();
        wb.openChosen();
        ui.pumpUntil(() -> vm != null && vm.frameCount() == 40, Duration.ofSeconds(20));
        dialogs.video = null;
        wb.openChosen(); // cancelled dialog: nothing happens
        assertThat(dialogs.errors).isEmpty();
    }

    @Test
    void clickSelectsTheSmallestBoxUnderThePointerAndHiddenDancersAreNotShown() {
        openAndWait(video());
        var frame0 = java.util.List.of(TestPoses.boxed(1, 0, 0, 100, 100), TestPoses.boxed(2, 40, 40, 60, 60), TestPoses.boxed(5, 200, 0, 300, 100));
        vm.setOverlay(java.util.Map.of(0, frame0, 1, java.util.List.of(TestPoses.boxed(7, 0, 0, 10, 10))), java.util.Map.of(0, frame0));
        assertThat(vm.overlayTracks()).containsExactly(1, 2, 5, 7);
        assertThat(vm.selectAt(50, 50)).isEqualTo(2);      // inside both #1 and #2: the smaller one
        assertThat(vm.selectAt(10, 10)).isEqualTo(1);
        assertThat(vm.selectAt(150, 50)).isEqualTo(-1);    // nobody there
        assertThat(vm.selectedTrackProperty().get()).isEqualTo(-1);
        vm.setTrackHidden(2, true);
        assertThat(vm.shownPosesProperty().get()).extracting(org.dancelens.core.Pose::trackId).containsExactly(1, 5);
        assertThat(vm.selectAt(50, 50)).as("a hidden dancer cannot be picked").isEqualTo(1);
        vm.setTrackHidden(2, false);
        assertThat(vm.shownPosesProperty().get()).hasSize(3);
        vm.setOverlay(java.util.Map.of(), java.util.Map.of());
        assertThat(vm.selectedTrackProperty().get()).isEqualTo(-1);
        assertThat(vm.overlayTracks()).isEmpty();
    }

    @Test
    void theOverlaySceneFollowsTheFrameShownAndTheOverlaySettings() {
        assertThat(wb.session()).as("nothing shown yet: no video, so no player and no scene").isNull();
        var frame0 = java.util.List.of(TestPoses.boxed(1, 0, 0, 100, 100), TestPoses.boxed(2, 40, 40, 60, 60));
        openAndWait(video());
        vm.setOverlay(java.util.Map.of(0, frame0), java.util.Map.of(0, frame0));
        waitForFrame(0);
        org.dancelens.render.OverlayScene s = vm.overlayProperty().get();
        assertThat(s.frameWidth()).isEqualTo(160);
        assertThat(s.frameHeight()).isEqualTo(120);
        assertThat(s.poses()).isEqualTo(frame0);
        assertThat(s.layers()).containsExactlyInAnyOrder(org.dancelens.render.OverlayScene.Layer.values());
        assertThat(s.minConfidence()).isEqualTo(0.3);
        assertThat(s.boneWidth()).isEqualTo(1.5);
        assertThat(s.selectedTrack()).isEqualTo(-1);
        assertThat(s.heatMap()).isNull();

        vm.overlay().showBoxesProperty().set(false);
        vm.overlay().showMasksProperty().set(false);
        vm.overlay().minConfidenceProperty().set(0.5);
        vm.overlay().boneWidthProperty().set(3);
        vm.selectAt(50, 50);
        vm.setTrackHidden(1, true);
        vm.showJointImportance(new org.dancelens.render.JointImportance(2, java.util.Map.of("nose", 0.4f)));
        s = vm.overlayProperty().get();
        assertThat(s.layers()).doesNotContain(org.dancelens.render.OverlayScene.Layer.BOXES, org.dancelens.render.OverlayScene.Layer.MASKS)
                .contains(org.dancelens.render.OverlayScene.Layer.SKELETONS);
        assertThat(s.minConfidence()).isEqualTo(0.5);
        assertThat(s.boneWidth()).isEqualTo(3);
        assertThat(s.selectedTrack()).isEqualTo(2);
        assertThat(s.poses()).extracting(org.dancelens.core.Pose::trackId).containsExactly(2);
        assertThat(s.jointImportance().byJoint()).containsEntry("nose", 0.4f);

        // a heat map is drawn on the frame it belongs to only
        float[] map = {0.2f, 0.9f};
        vm.showHeat(new PlayerViewModel.HeatOverlay(1, map, 1, 2, new double[] {0, 0, 1, 1}, "viridis", 0.6));
        assertThat(vm.overlayProperty().get().heatMap()).isNull();
        vm.step(1);
        waitForFrame(1);
        org.dancelens.render.HeatMapLayer h = vm.overlayProperty().get().heatMap();
        assertThat(h).isNotNull();
        assertThat(h.values()).isSameAs(map);
        assertThat(h.colorMap()).isEqualTo(org.dancelens.render.Palette.ColorMap.VIRIDIS);
        assertThat(h.opacity()).isEqualTo(0.6);
        assertThat(vm.overlayProperty().get().poses()).as("no poses stored for frame 1").isEmpty();
        vm.showHeat(null);
        assertThat(vm.overlayProperty().get().heatMap()).isNull();
    }
}
