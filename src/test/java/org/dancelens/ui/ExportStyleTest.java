package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dancelens.analysis.Workspace;
import org.dancelens.analysis.store.ExplainSettings;
import org.dancelens.analysis.store.Maps;
import org.dancelens.analysis.store.PoseFrames;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.analysis.store.RunSpec;
import org.dancelens.analysis.store.RunStatus;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.core.VideoFrame;
import org.dancelens.export.ClipExporter;
import org.dancelens.export.ClipExporterTest;
import org.dancelens.export.FrameExport;
import org.dancelens.render.OverlayScene;
import org.dancelens.render.Palette;
import org.dancelens.render.SceneStyle;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.ui.export.ExportClipViewModel;
import org.dancelens.ui.session.VideoSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports drawn with the player's settings when they are not its defaults (a dancer hidden, raw keypoints, another
 * threshold and bone width, the inferno heat map at another opacity): the frame picture, the clip's scene for a frame and
 * {@code dancelens export frame} give the player's overlay to the pixel, and the dialog's request carries the player's
 * settings.
 */
class ExportStyleTest {
    static final int W = 320; // ClipExporterTest.source()
    static final int H = 240;
    static final int FRAME = 12;

    @RegisterExtension
    final IsolatedData data = new IsolatedData();
    @TempDir
    Path out;

    UiHarness h;
    Path video;
    long poseRun;
    long explainRun;

    @BeforeEach
    void setUp() {
        h = new UiHarness();
        video = ClipExporterTest.source();
        storeRuns();
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
    }

    /** Dancer {@code track} on a frame: joints in a row, every third one scored 0.4 (under a 0.5 threshold), the rest 0.9. */
    static Pose dancer(int track, float x0, float y0) {
        List<Keypoint> k = new ArrayList<>();
        for (int j = 0; j < 17; j++) {
            k.add(new Keypoint(x0 + 9 * j, y0 + (j % 4) * 12, j % 3 == 0 ? 0.4f : 0.9f));
        }
        return new Pose(track, SkeletonSchema.COCO_17, k, new float[] {x0 - 6, y0 - 6, x0 + 9 * 16 + 6, y0 + 42}, 0.9f, null);
    }

    /** Two dancers (#1, #2) whose raw and smoothed keypoints differ by 7 pixels, and a gradient map on frame 12. */
    private void storeRuns() {
        String abs = video.toAbsolutePath().toString();
        try (ResultsStore s = ResultsStore.open(Workspace.storeFor(video))) {
            poseRun = s.runs().findOrCreate(new RunSpec(abs, 60, RunKind.POSE, "movenet-multipose", "abc", "card", "{}", 0, 60)).id();
            List<PoseFrames.FrameResult> rows = new ArrayList<>();
            for (int f = 0; f < 60; f++) {
                rows.add(new PoseFrames.FrameResult(f, f / 30.0, List.of(dancer(1, 20 + f, 40), dancer(2, 30, 150)),
                        List.of(dancer(1, 27 + f, 47), dancer(2, 37, 157))));
            }
            s.poses().write(poseRun, rows);
            s.runs().setStatus(poseRun, RunStatus.COMPLETE);
            explainRun = s.runs().findOrCreate(new RunSpec(abs, 60, RunKind.EXPLAIN, "cnn", "abc", "card",
                    new ExplainSettings("feat", "gradcam", "top", 1, List.of(), 8, 8, W, H, List.of("a")).toJson(), 0, 60)).id();
            float[] ramp = new float[16];
            for (int i = 0; i < 16; i++) {
                ramp[i] = i / 15f;
            }
            s.maps().write(explainRun, List.of(new Maps.MapFrame(FRAME, 0, 1f, 4, 4, ramp, new double[] {0.1, 0.2, 0.9, 0.8}, null)));
            s.runs().setStatus(explainRun, RunStatus.COMPLETE);
        }
    }

    /** Opens the video, sets the player away from its defaults and shows frame 12 with its stored map. */
    private VideoSession openStyled() {
        VideoSession s = h.open(video);
        h.pumpUntil(() -> s.posesProperty().get() != null && s.mapsProperty().get() != null, Duration.ofSeconds(20));
        h.overlay.useSmoothedProperty().set(false);
        h.overlay.minConfidenceProperty().set(0.5);
        h.overlay.boneWidthProperty().set(3);
        h.overlay.colorMapProperty().set("inferno");
        h.overlay.heatOpacityProperty().set(0.8);
        s.player().setTrackHidden(2, true);
        h.seek(FRAME);
        h.pumpUntil(() -> {
            OverlayScene sc = s.player().overlayProperty().get();
            return sc != null && sc.heatMap() != null && sc.heatMap().colorMap() == Palette.ColorMap.INFERNO && sc.poses().size() == 1;
        }, Duration.ofSeconds(20));
        return s;
    }

    static final SceneStyle STYLE = SceneStyle.PLAYER_DEFAULTS.withSmoothed(false).withMinConfidence(0.5).withBoneWidth(3)
            .withHiddenTracks(List.of(2)).withHeat(Palette.ColorMap.INFERNO, 0.8);

    @Test
    void theExportsDrawThePlayersOverlayWithItsSettings() throws Exception {
        VideoSession s = openStyled();
        VideoFrame f = s.frame();
        OverlayScene player = s.player().overlayProperty().get();
        BufferedImage screen = FrameExport.picture(f, player);

        // the dialog takes the player's settings
        ExportClipViewModel clip = new ExportClipViewModel(h.tasks, h.dialogs, h.overlay);
        clip.open(s, 0, -1);
        assertThat(clip.style()).isEqualTo(STYLE);

        FrameExport.Choices choices = new FrameExport.Choices(true, true, true, true, clip.style());
        Map<Integer, List<Pose>> raw;
        BufferedImage framePicture;
        BufferedImage clipFrame;
        BufferedImage defaults;
        try (ResultsStore store = ResultsStore.open(Workspace.storeFor(video))) {
            Run pose = store.runs().find(poseRun).orElseThrow();
            Run explain = store.runs().find(explainRun).orElseThrow();
            framePicture = FrameExport.picture(f, FrameExport.scene(store, pose, explain, f, choices));
            defaults = FrameExport.picture(f, FrameExport.scene(store, pose, explain, f, choices.withStyle(SceneStyle.PLAYER_DEFAULTS)));
            // the clip's frame: the scene its writer draws (ClipExporter.scene, from the poses the style reads, hidden dancers included)
            raw = store.poses().read(poseRun, FRAME, FRAME + 1, false);
            OverlayScene clipScene = ClipExporter.scene(W, H, raw.get(FRAME), OverlayScene.layersFor(true, true, true),
                    store.maps().read(explainRun, FRAME, FRAME + 1).get(FRAME), ExplainSettings.of(explain), clip.style(), "movenet-multipose");
            clipFrame = FrameExport.picture(f, clipScene);
        }
        assertThat(raw.get(FRAME)).hasSize(2);
        assertSamePixels(framePicture, screen, "export frame");
        assertSamePixels(clipFrame, screen, "the clip's frame before encoding");
        // and the settings matter: the default look differs from the screen
        assertThat(differing(defaults, screen)).as("pixels the player's settings change").isGreaterThan(500);

        // dancelens export frame with the same settings on the command line writes the screen's picture
        Path png = out.resolve("frame.png");
        CliRun r = CliRun.of("export", "frame", video.toString(), "--frame", String.valueOf(FRAME), "--out", png.toString(), "--overlays",
                "skeleton,boxes,mask,heat", "--raw", "--min-confidence", "0.5", "--bone-width", "3", "--hide", "2", "--colormap", "inferno",
                "--heat-opacity", "0.8", "--store", Workspace.storeFor(video).toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("(movenet-multipose, 1 dancer)");
        assertSamePixels(javax.imageio.ImageIO.read(png.toFile()), screen, "dancelens export frame");
    }

    @Test
    void theExportsDrawTheJointAnglesChosenInThePlayer() throws Exception {
        VideoSession s = h.open(video);
        h.pumpUntil(() -> s.posesProperty().get() != null && s.mapsProperty().get() != null, Duration.ofSeconds(20));
        h.overlay.angles().setAll("left_elbow", "right_knee");
        h.seek(FRAME);
        h.pumpUntil(() -> {
            OverlayScene sc = s.player().overlayProperty().get();
            return sc != null && sc.heatMap() != null && !sc.angleMarks().isEmpty();
        }, Duration.ofSeconds(20));
        OverlayScene player = s.player().overlayProperty().get();
        // both dancers' joints of both angles are confident at the default threshold: two marks each
        assertThat(player.angleMarks()).extracting(org.dancelens.render.AngleMark::angle)
                .containsExactlyInAnyOrder("left_elbow", "right_knee", "left_elbow", "right_knee");
        VideoFrame f = s.frame();
        BufferedImage screen = FrameExport.picture(f, player);
        BufferedImage without = FrameExport.picture(f, player.withAngles(List.of()));
        assertThat(differing(screen, without)).as("pixels the angles draw").isGreaterThan(300);

        ExportClipViewModel clip = new ExportClipViewModel(h.tasks, h.dialogs, h.overlay);
        clip.open(s, 0, -1);
        assertThat(clip.style()).isEqualTo(SceneStyle.PLAYER_DEFAULTS.withAngles(List.of("left_elbow", "right_knee")));
        assertThat(clip.lookProperty().get()).isEqualTo("As on screen: 2 angles.");
        BufferedImage framePicture;
        BufferedImage clipFrame;
        try (ResultsStore store = ResultsStore.open(Workspace.storeFor(video))) {
            Run pose = store.runs().find(poseRun).orElseThrow();
            Run explain = store.runs().find(explainRun).orElseThrow();
            framePicture = FrameExport.picture(f, FrameExport.scene(store, pose, explain, f, new FrameExport.Choices(true, true, true, true, clip.style())));
            Map<Integer, List<Pose>> smoothed = store.poses().read(poseRun, FRAME, FRAME + 1, true);
            clipFrame = FrameExport.picture(f, ClipExporter.scene(W, H, smoothed.get(FRAME), OverlayScene.layersFor(true, true, true),
                    store.maps().read(explainRun, FRAME, FRAME + 1).get(FRAME), ExplainSettings.of(explain), clip.style(), "movenet-multipose"));
        }
        assertSamePixels(framePicture, screen, "export frame with angles");
        assertSamePixels(clipFrame, screen, "the clip's frame with angles");

        Path png = out.resolve("angles.png");
        CliRun r = CliRun.of("export", "frame", video.toString(), "--frame", String.valueOf(FRAME), "--out", png.toString(), "--overlays",
                "skeleton,boxes,mask,heat", "--angles", "left_elbow, RIGHT_KNEE", "--store", Workspace.storeFor(video).toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertSamePixels(javax.imageio.ImageIO.read(png.toFile()), screen, "dancelens export frame --angles");
        CliRun bad = CliRun.of("export", "frame", video.toString(), "--frame", String.valueOf(FRAME), "--out", out.resolve("bad.png").toString(),
                "--angles", "left_ankle", "--store", Workspace.storeFor(video).toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--angles takes joint angles").contains("'left_ankle'").doesNotContain("Exception");
    }

    @Test
    void theDialogsRequestCarriesThePlayersSettingsAndSaysWhichDiffer() {
        VideoSession s = h.open(video);
        h.pumpUntil(() -> s.posesProperty().get() != null, Duration.ofSeconds(20));
        ExportClipViewModel clip = new ExportClipViewModel(h.tasks, h.dialogs, h.overlay);
        clip.open(s, 0, -1);
        clip.outTextProperty().set(out.resolve("c.mp4").toString());
        assertThat(clip.request().style()).isEqualTo(SceneStyle.PLAYER_DEFAULTS);
        assertThat(clip.lookProperty().get()).isEqualTo("As on screen: the player's default look.");
        // changed in the player while the dialog is open: the request and the line follow
        s.player().setTrackHidden(1, true);
        s.player().setTrackHidden(2, true);
        h.overlay.useSmoothedProperty().set(false);
        assertThat(clip.lookProperty().get()).isEqualTo("As on screen: 2 dancers hidden, raw keypoints.");
        h.overlay.minConfidenceProperty().set(0.5);
        h.overlay.colorMapProperty().set("inferno");
        assertThat(clip.lookProperty().get()).isEqualTo("As on screen: 2 dancers hidden, raw keypoints, threshold 0.50, inferno heat.");
        ClipExporter.Request r = clip.request();
        assertThat(r.style()).isEqualTo(SceneStyle.PLAYER_DEFAULTS.withHiddenTracks(List.of(1, 2)).withSmoothed(false).withMinConfidence(0.5)
                .withHeat(Palette.ColorMap.INFERNO, SceneStyle.PLAYER_DEFAULTS.heatOpacity()));
        s.player().showAllTracks();
        assertThat(clip.request().style().hiddenTracks()).isEmpty();
    }

    private static void assertSamePixels(BufferedImage got, BufferedImage want, String what) {
        assertThat(got.getWidth()).isEqualTo(want.getWidth());
        assertThat(got.getHeight()).isEqualTo(want.getHeight());
        for (int y = 0; y < want.getHeight(); y++) {
            for (int x = 0; x < want.getWidth(); x++) {
                assertThat(got.getRGB(x, y) & 0xffffff).as("%s: pixel %d,%d", what, x, y).isEqualTo(want.getRGB(x, y) & 0xffffff);
            }
        }
    }

    private static int differing(BufferedImage a, BufferedImage b) {
        int n = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                n += (a.getRGB(x, y) & 0xffffff) != (b.getRGB(x, y) & 0xffffff) ? 1 : 0;
            }
        }
        return n;
    }
}
