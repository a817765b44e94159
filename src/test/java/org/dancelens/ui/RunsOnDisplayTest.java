package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.dancelens.analysis.ClassifyAnalysis;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.RunStatus;
import org.dancelens.core.DancerNames;
import org.dancelens.core.TaskContext;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.testsupport.GraphOnnx;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.dancelens.ui.analysis.AnalysisViewModel;
import org.dancelens.testsupport.TestCnn;
import org.dancelens.ui.classify.ClassifyViewModel;
import org.dancelens.ui.explain.ExplainViewModel;
import org.dancelens.ui.player.PlayerViewModel;
import org.dancelens.video.PatternVideoWriter;
import org.dancelens.ui.models.InstalledModels;
import org.dancelens.ui.session.RunChoice;
import org.dancelens.ui.session.VideoSession;
import org.dancelens.ui.timeline.TimelineViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which run is on screen: the Poses, Styles and Explain panels list the video's stored runs, describe the one on display,
 * show another when it is chosen, follow the model chooser (that model's run, or none — never another model's
 * skeletons), and name dancers with their run everywhere. Real footage (vtest.avi, frames 240–269) and the real
 * MoveNet models of the test zoo.
 */
class RunsOnDisplayTest {
    static final Duration LONG = Duration.ofSeconds(180);

    @RegisterExtension
    final IsolatedData data = new IsolatedData();
    @TempDir
    Path styles;

    UiHarness h;
    InstalledModels installed;

    @BeforeEach
    void setUp() throws IOException {
        h = new UiHarness();
        // a skeleton classifier over 8 frames of 17 joints (x, y in the picture): MoveNet's poses fit it
        new GraphOnnx().input("x", -1, 8, 34).output("logits", -1, 2).constant("w", new float[68], 34, 2)
                .node("ReduceMean", new String[] {"x"}, "m", "axes", new long[] {1}, "keepdims", 0L)
                .node("MatMul", new String[] {"m", "w"}, "logits").write(styles.resolve("skel.onnx"));
        Files.writeString(styles.resolve("skel.yaml"), """
                id: skel
                name: Skeleton
                task: sequence-classifier
                license: test
                provenance: {onnx: skel.onnx}
                inputs: [{name: x, shape: [-1, 8, 34]}]
                outputs: [{name: logits, shape: [-1, 2]}]
                labels: [a, b]
                sequence: {keypoints: image, fps: 30}
                """);
        org.dancelens.testsupport.TestRgbMeans.install(styles, "rgb-means", 0.05);
        TestZoo.registry("movenet-multipose", "movenet-lightning");
        installed = h.models(List.of(TestMedia.generatedDir().resolve("zoo"), styles));
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
    }

    private AnalysisViewModel poses() {
        return new AnalysisViewModel(h.tasks, h.dialogs, installed, h.workbench.sessionProperty(), () -> org.dancelens.inference.OrtRuntime.Device.CPU);
    }

    /** Runs the chosen pose model over frames 240–269 and waits until its run is listed. */
    private void analyse(AnalysisViewModel vm, String model, int listed) {
        vm.selectedModelProperty().set(model);
        vm.rangeProperty().set("240:270");
        vm.run();
        h.pumpUntil(() -> !vm.runningProperty().get() && vm.poseRuns().runs().size() == listed, LONG);
        assertThat(h.dialogs.errors).isEmpty();
    }

    /** The identities a stored pose run holds, read from the store (not from what the panels show). */
    private Set<Integer> tracksOf(VideoSession s, long runId) {
        try (ResultsStore store = ResultsStore.open(s.storeFile())) {
            Set<Integer> ids = new TreeSet<>();
            store.poses().read(runId, 0, 795, false).values().forEach(l -> l.forEach(p -> ids.add(p.trackId())));
            return ids;
        }
    }

    private static Set<Integer> laneTracks(VideoSession s) {
        Set<Integer> ids = new TreeSet<>();
        s.timeline().seriesProperty().get().forEach(x -> ids.add(x.trackId()));
        return ids;
    }

    @Test
    void poseRunsAreListedDescribedChosenAndFollowTheModelChooser() {
        AnalysisViewModel vm = poses();
        VideoSession s = h.open(TestMedia.realFootage("vtest.avi"));
        h.pumpUntil(() -> vm.statusProperty().get().contains("No pose results"), Duration.ofSeconds(10));
        assertThat(vm.poseRuns().runs()).isEmpty();
        assertThat(vm.poseRuns().descriptionProperty().get()).isEqualTo("No stored poses shown.");

        analyse(vm, "movenet-lightning", 1);
        // Choosing another model with nothing stored takes the skeletons off and says so.
        vm.selectedModelProperty().set("movenet-multipose");
        h.pumpUntil(() -> s.posesProperty().get() == null, Duration.ofSeconds(20));
        assertThat(vm.statusProperty().get()).isEqualTo("No stored poses from movenet-multipose for this video yet.");
        assertThat(s.player().overlayTracks()).isEmpty();
        assertThat(s.timeline().seriesProperty().get()).isEmpty();
        assertThat(vm.poseRuns().descriptionProperty().get()).isEqualTo("No stored poses shown.");
        assertThat(vm.poseRuns().chosenProperty().get()).isNull();

        analyse(vm, "movenet-multipose", 2);
        List<RunChoice> runs = List.copyOf(vm.poseRuns().runs());
        RunChoice multi = runs.get(0);
        RunChoice light = runs.get(1);
        assertThat(multi.run().modelId()).isEqualTo("movenet-multipose"); // newest first
        assertThat(light.run().modelId()).isEqualTo("movenet-lightning");
        assertThat(multi.title()).startsWith("run " + multi.id() + " · movenet-multipose · frames 240–269 of 795 · ");
        assertThat(vm.poseRuns().chosenProperty().get()).isEqualTo(multi);
        assertThat(vm.poseRuns().descriptionProperty().get()).matches(
                "movenet-multipose · frames 240–269 of 795 · smoothing one-euro, dancers from score 0\\.20 · \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d"
                        + " · on cpu · complete \\(run " + multi.id() + "\\)");

        Set<Integer> multiTracks = tracksOf(s, multi.id());
        Set<Integer> lightTracks = tracksOf(s, light.id());
        assertThat(multiTracks).as("multipose finds several walkers in frames 240-269, lightning one").isNotEqualTo(lightTracks);
        assertThat(s.player().overlayTracks()).containsExactlyElementsOf(multiTracks);
        assertThat(laneTracks(s)).isEqualTo(multiTracks);
        h.seek(250);
        assertThat(s.player().overlayProperty().get().poseModel()).isEqualTo("movenet-multipose");
        TimelineViewModel.Series lane = s.timeline().seriesProperty().get().get(0);
        assertThat(s.timeline().laneLabel(lane)).isEqualTo("movenet-multipose #" + lane.trackId());
        int someone = multiTracks.iterator().next();
        assertThat(vm.dancerName(someone)).isEqualTo("movenet-multipose #" + someone);
        // what the pointer reads on the timeline names the run's dancers, and goes when the run on display changes
        s.timeline().hoverAt(1000.0 * 250 / 795, 1000);
        assertThat(s.timeline().hoverProperty().get()).startsWith("frame 250:").contains("movenet-multipose #");

        // Choosing the older run from the list shows it at once: skeletons, lanes, labels and the model chooser.
        vm.poseRuns().chosenProperty().set(light);
        h.pumpUntil(() -> s.posesProperty().get() != null && s.posesProperty().get().runId() == light.id(), Duration.ofSeconds(20));
        assertThat(s.player().overlayTracks()).containsExactlyElementsOf(lightTracks);
        assertThat(vm.dancers()).containsExactlyElementsOf(lightTracks);
        assertThat(laneTracks(s)).isEqualTo(lightTracks);
        assertThat(s.player().overlayProperty().get().poseModel()).isEqualTo("movenet-lightning");
        assertThat(s.timeline().hoverProperty().get()).isEmpty();
        assertThat(vm.selectedModelProperty().get()).isEqualTo("movenet-lightning");
        assertThat(vm.poseRuns().chosenProperty().get().id()).isEqualTo(light.id());
        assertThat(vm.poseRuns().descriptionProperty().get()).startsWith("movenet-lightning · frames 240–269 of 795 · ");
        for (TimelineViewModel.Series x : s.timeline().seriesProperty().get()) {
            assertThat(s.timeline().laneLabel(x)).isEqualTo("movenet-lightning #" + x.trackId());
        }

        // The model chooser alone: that model's stored run, or none.
        vm.selectedModelProperty().set("movenet-multipose");
        h.pumpUntil(() -> s.posesProperty().get() != null && s.posesProperty().get().runId() == multi.id(), Duration.ofSeconds(20));
        assertThat(s.player().overlayTracks()).containsExactlyElementsOf(multiTracks);
        assertThat(vm.poseRuns().chosenProperty().get().id()).isEqualTo(multi.id());
        assertThat(vm.dancers()).containsExactlyElementsOf(multiTracks);
        AnalysisViewModel late = poses(); // a panel that starts following a video whose poses are on display
        assertThat(late.dancers()).containsExactlyElementsOf(multiTracks);
        assertThat(late.poseRuns().descriptionProperty().get()).startsWith("movenet-multipose · frames 240–269 of 795 · ");
        vm.selectedModelProperty().set("movenet-thunder");
        h.pumpUntil(() -> s.posesProperty().get() == null, Duration.ofSeconds(20));
        assertThat(s.player().overlayTracks()).isEmpty();
        assertThat(s.player().overlayProperty().get().poses()).isEmpty();
        assertThat(vm.statusProperty().get()).isEqualTo("No stored poses from movenet-thunder for this video yet.");
    }

    @Test
    void aCancelledRunIsDescribedWithTheFramesItStored() {
        AnalysisViewModel vm = poses();
        VideoSession s = h.open(TestMedia.realFootage("vtest.avi"));
        vm.selectedModelProperty().set("movenet-lightning");
        vm.run(); // the whole video
        h.pumpUntil(() -> vm.statusProperty().get().startsWith("vtest.avi: frame "), LONG);
        vm.cancel();
        h.pumpUntil(() -> !vm.runningProperty().get() && !vm.poseRuns().runs().isEmpty()
                && vm.poseRuns().runs().get(0).run().status() == RunStatus.CANCELLED, Duration.ofSeconds(30));
        RunChoice cancelled = vm.poseRuns().runs().get(0);
        int done = cancelled.run().framesDone();
        assertThat(done).isBetween(1, 794);
        assertThat(cancelled.description()).contains("movenet-lightning · whole video · ").contains(" · cancelled after " + done + " of 795 frames");
        vm.poseRuns().chosenProperty().set(null);
        vm.poseRuns().chosenProperty().set(cancelled);
        h.pumpUntil(() -> s.posesProperty().get() != null && s.posesProperty().get().run().status() == RunStatus.CANCELLED, Duration.ofSeconds(20));
        assertThat(vm.poseRuns().descriptionProperty().get()).contains("cancelled after " + done + " of 795 frames");
        // what is drawn is what the description says: every frame with poses is one of the frames stored
        assertThat(s.posesProperty().get().raw().keySet()).allSatisfy(f -> assertThat(f).isBetween(0, 794));
        assertThat(s.posesProperty().get().raw().size()).isLessThanOrEqualTo(done);

        // The Styles tab says which pose run a skeleton model or training would read: this one, continued.
        ClassifyViewModel cvm = new ClassifyViewModel(h.tasks, h.dialogs, installed, h.workbench.sessionProperty(), () -> OrtRuntime.Device.CPU);
        cvm.selectedPoseModelProperty().set("movenet-lightning");
        h.pumpUntil(() -> cvm.posesPlanProperty().get().startsWith("Poses from movenet-lightning"), Duration.ofSeconds(20));
        assertThat(cvm.posesPlanProperty().get()).isEqualTo("Poses from movenet-lightning, run " + cancelled.id() + " (whole video, " + done
                + " of 795 frames stored; the rest is made first).");
        cvm.selectedPoseModelProperty().set("movenet-multipose");
        h.pumpUntil(() -> cvm.posesPlanProperty().get().startsWith("Poses from movenet-multipose"), Duration.ofSeconds(20));
        assertThat(cvm.posesPlanProperty().get()).isEqualTo("Poses from movenet-multipose: none stored for the whole video yet; they are made first.");
        assertThat(h.dialogs.errors).isEmpty();
    }

    @Test
    void theTimelineOnScreenIsSavedAsAPictureOfItsClassifyRun() throws Exception {
        Path vtest = TestMedia.realFootage("vtest.avi");
        VideoSession s = h.open(vtest);
        // nothing classified on display: one sentence, no dialog
        h.workbench.saveTimelineAsPicture();
        assertThat(h.dialogs.infos).containsExactly("No classification is on display for vtest.avi; classify it in the Styles tab, then save its timeline.");
        assertThat(h.dialogs.suggestedNames).isEmpty();

        long run;
        try (ResultsStore store = ResultsStore.open(s.storeFile())) {
            run = ClassifyAnalysis.run(vtest, installed.catalog().find("rgb-means"), null, store, 0, 60, OrtRuntime.Device.CPU, TaskContext.NONE).runId();
        }
        // the Styles panel puts a classification's lanes under the video
        ClassifyViewModel cvm = new ClassifyViewModel(h.tasks, h.dialogs, installed, h.workbench.sessionProperty(), () -> OrtRuntime.Device.CPU);
        s.showClassificationRun(run);
        h.pumpUntil(() -> s.timeline().scoresProperty().get() != null, Duration.ofSeconds(20));
        h.pumpUntil(() -> cvm.classifyRuns().runs().size() == 1, Duration.ofSeconds(20));
        for (String name : new String[] {"timeline.svg", "timeline.png"}) {
            h.dialogs.infos.clear();
            h.dialogs.pictureToSave = styles.resolve(name);
            h.workbench.saveTimelineAsPicture();
            h.pumpUntil(() -> !h.dialogs.infos.isEmpty() || !h.dialogs.errors.isEmpty(), Duration.ofSeconds(20));
            assertThat(h.dialogs.errors).isEmpty();
            assertThat(h.dialogs.infos).containsExactly("Timeline of vtest.avi (frames 0–794, classify run " + run + ") saved as " + name + ".");
        }
        assertThat(h.dialogs.suggestedNames).containsExactly("vtest-timeline-run" + run + ".svg", "vtest-timeline-run" + run + ".svg");
        // the SVG holds the lanes on screen: the run's labels as text
        org.w3c.dom.Document svg = org.dancelens.testsupport.SvgFiles.parse(styles.resolve("timeline.svg"));
        String text = svg.getDocumentElement().getTextContent();
        assertThat(s.timeline().scoresProperty().get().labels()).isNotEmpty().allSatisfy(l -> assertThat(text).contains(l));
        java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(styles.resolve("timeline.png").toFile());
        assertThat(png.getWidth()).isEqualTo(org.dancelens.export.TimelineExport.DEFAULT_WIDTH);
        // exactly the strip the renderer draws for the lanes on screen over the frames in view
        java.awt.image.BufferedImage expected = new org.dancelens.render.TimelineStrip(s.timeline().scoresProperty().get().strip(), 0, 795,
                png.getWidth(), png.getHeight()).picture(0);
        assertThat(png.getRGB(0, 0, png.getWidth(), png.getHeight(), null, 0, png.getWidth()))
                .isEqualTo(expected.getRGB(0, 0, png.getWidth(), png.getHeight(), null, 0, png.getWidth()));
    }

    /** The skeleton classifier "skel" over frames 240-269 of the video, reading its multipose run, stored with the video. */
    private ClassifyAnalysis.Result classifyWithSkel(Path video, VideoSession s) {
        try (ResultsStore store = ResultsStore.open(s.storeFile())) {
            return ClassifyAnalysis.run(video, installed.catalog().find("skel"), installed.catalog().find("movenet-multipose"), store,
                    240, 270, OrtRuntime.Device.CPU, new TaskContext() {
                        @Override
                        public void progress(double fraction, String message) {
                        }

                        @Override
                        public boolean isCancelled() {
                            return false;
                        }
                    });
        }
    }

    @Test
    void onOpeningAVideoANewerClassificationBringsThePosesItRead() {
        Path vtest = TestMedia.realFootage("vtest.avi");
        AnalysisViewModel pvm = poses();
        VideoSession s = h.open(vtest);
        analyse(pvm, "movenet-multipose", 1);
        long multiRun = pvm.poseRuns().runs().get(0).id();
        analyse(pvm, "movenet-lightning", 2); // the newest pose run is lightning's...
        // ...and then a classification reads multipose's
        assertThat(classifyWithSkel(vtest, s).poseRunId()).isEqualTo(multiRun);
        // Reopened: the classification is the newest work, so the dancers over the video are the ones its lanes name.
        ClassifyViewModel cvm = new ClassifyViewModel(h.tasks, h.dialogs, installed, h.workbench.sessionProperty(), () -> OrtRuntime.Device.CPU);
        VideoSession s2 = h.open(TestMedia.realFootage("vtest.avi"));
        h.pumpUntil(() -> s2.classificationProperty().get() != null && s2.posesProperty().get() != null && !cvm.dancers().isEmpty(),
                Duration.ofSeconds(30));
        assertThat(s2.posesProperty().get().runId()).isEqualTo(multiRun);
        assertThat(cvm.verdictPosesProperty().get()).isEqualTo("Poses from movenet-multipose, run " + multiRun + ".");
    }

    @Test
    void stylesNameTheDancersOfThePoseRunTheyReadAndFollowTheirChooser() {
        Path vtest = TestMedia.realFootage("vtest.avi");
        AnalysisViewModel pvm = poses();
        VideoSession s = h.open(vtest);
        analyse(pvm, "movenet-multipose", 1);
        long multiRun = pvm.poseRuns().runs().get(0).id();
        // the skeleton classifier reads the multipose run (reused: same model, range and settings), stored with the video
        assertThat(classifyWithSkel(vtest, s).poseRunId()).isEqualTo(multiRun);
        analyse(pvm, "movenet-lightning", 2); // newest pose run: lightning's

        // Reopened: the newest of each kind is shown — lightning's poses, and the verdicts about multipose's dancers.
        AnalysisViewModel pvm2 = poses();
        ClassifyViewModel cvm = new ClassifyViewModel(h.tasks, h.dialogs, installed, h.workbench.sessionProperty(), () -> OrtRuntime.Device.CPU);
        VideoSession s2 = h.open(TestMedia.realFootage("vtest.avi"));
        h.pumpUntil(() -> s2.classificationProperty().get() != null && s2.posesProperty().get() != null && cvm.classifyRuns().runs().size() == 1
                && !cvm.dancers().isEmpty(), Duration.ofSeconds(30));
        assertThat(s2.posesProperty().get().modelId()).isEqualTo("movenet-lightning");
        assertThat(cvm.classifyRuns().descriptionProperty().get()).startsWith("skel · frames 240–269 of 795 · poses from movenet-multipose, run " + multiRun);
        assertThat(cvm.dancers()).isNotEmpty().allSatisfy(d -> assertThat(d).startsWith("movenet-multipose #"));
        assertThat(cvm.selectedDancerProperty().get()).startsWith("movenet-multipose #");
        assertThat(cvm.verdictPosesProperty().get()).isEqualTo("Poses from movenet-multipose, run " + multiRun + ". The video shows poses from"
                + " movenet-lightning, run " + s2.posesProperty().get().runId() + ": its dancer numbers are other dancers.");
        assertThat(s2.timeline().scoresProperty().get().title()).startsWith("skel · movenet-multipose #");
        assertThat(cvm.selectedModelProperty().get()).isEqualTo("skel");

        // Another style model with nothing stored: the verdicts go, and the panel says so.
        cvm.selectedModelProperty().set("rgb-means");
        h.pumpUntil(() -> s2.classificationProperty().get() == null, Duration.ofSeconds(20));
        assertThat(cvm.statusProperty().get()).isEqualTo("No stored classification by rgb-means for this video yet.");
        assertThat(cvm.dancers()).isEmpty();
        assertThat(cvm.summaryProperty().get()).isEmpty();
        assertThat(cvm.verdictPosesProperty().get()).isEmpty();
        assertThat(s2.timeline().scoresProperty().get()).isNull();

        // Back to the skeleton model: its stored verdicts, with the poses they read — the dancers on screen are theirs.
        cvm.selectedModelProperty().set("skel");
        h.pumpUntil(() -> s2.classificationProperty().get() != null && s2.posesProperty().get().runId() == multiRun, Duration.ofSeconds(20));
        assertThat(cvm.verdictPosesProperty().get()).isEqualTo("Poses from movenet-multipose, run " + multiRun + ".");
        assertThat(pvm2.selectedModelProperty().get()).isEqualTo("movenet-multipose");
        assertThat(s2.player().overlayTracks()).containsExactlyElementsOf(tracksOf(s2, multiRun));

        // Lightning's poses chosen in the Poses panel: the Styles panel says the dancers on screen are not the verdicts'.
        RunChoice light = pvm2.poseRuns().runs().stream().filter(c -> c.run().modelId().equals("movenet-lightning")).findFirst().orElseThrow();
        pvm2.poseRuns().chosenProperty().set(light);
        h.pumpUntil(() -> s2.posesProperty().get().runId() == light.id(), Duration.ofSeconds(20));
        assertThat(cvm.verdictPosesProperty().get()).endsWith("The video shows poses from movenet-lightning, run " + light.id()
                + ": its dancer numbers are other dancers.");
        // "Why this verdict?" colours the joints of the verdict's dancer: the video shows the poses the verdict read first
        String dancer = cvm.selectedDancerProperty().get();
        assertThat(cvm.canExplainProperty().get()).isTrue();
        cvm.explainDancer();
        h.pumpUntil(() -> !cvm.runningProperty().get() && s2.importanceProperty().get() != null, LONG);
        assertThat(s2.posesProperty().get().runId()).isEqualTo(multiRun);
        assertThat(DancerNames.dancer("movenet-multipose", s2.importanceProperty().get().track())).isEqualTo(dancer);
        assertThat(cvm.statusProperty().get()).startsWith(s2.name() + ": " + dancer + ", ");
        assertThat(cvm.verdictPosesProperty().get()).isEqualTo("Poses from movenet-multipose, run " + multiRun + ".");
        // and choosing another pose run takes the joint colours off: the number would name another dancer
        pvm2.poseRuns().chosenProperty().set(light);
        h.pumpUntil(() -> s2.posesProperty().get().runId() == light.id(), Duration.ofSeconds(20));
        assertThat(s2.importanceProperty().get()).isNull();
        assertThat(h.dialogs.errors).isEmpty();
    }

    @Test
    void explainRunsAreListedAndNothingOfAnotherModelOrTabStaysOnTheVideo(@TempDir Path images) throws Exception {
        TestCnn.install(images, 11, List.of("ballet", "hiphop", "folk"), null);
        // a second image model: the same network under another id
        Files.copy(images.resolve("cnn.onnx"), images.resolve("cnn2.onnx"));
        Files.writeString(images.resolve("cnn2.yaml"), Files.readString(images.resolve("cnn.yaml")).replace("id: cnn", "id: cnn2")
                .replace("cnn.onnx", "cnn2.onnx"));
        List<PlayerViewModel.HeatOverlay> heat = new java.util.ArrayList<>();
        h.workbench.sessionProperty().addListener((o, a, b) -> {
            if (b != null) {
                b.player().heatOverlayProperty().addListener((oo, x, y) -> heat.add(y));
            }
        });
        ExplainViewModel vm = new ExplainViewModel(h.tasks, h.dialogs, h.models(List.of(images)), h.workbench.sessionProperty(),
                () -> OrtRuntime.Device.CPU, h.overlay);
        VideoSession s = h.open(TestMedia.generated("runs-explain.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 12, 25).gop(4)));
        vm.selectedModelProperty().set("cnn");
        h.pumpUntil(() -> vm.classes().size() == 4, Duration.ofSeconds(20));
        vm.explainWholeRun();
        h.pumpUntil(() -> !vm.runningProperty().get() && vm.mapsRuns().runs().size() == 1 && s.mapsProperty().get() != null, Duration.ofSeconds(60));
        assertThat(h.dialogs.errors).isEmpty();
        long cnnRun = vm.mapsRuns().runs().get(0).id();
        assertThat(vm.mapsRuns().descriptionProperty().get()).startsWith("cnn · whole video · gradcam, layer feat, class top · ")
                .endsWith(" · complete (run " + cnnRun + ")");
        assertThat(vm.mapsRuns().chosenProperty().get().id()).isEqualTo(cnnRun);

        // a map made on demand and the depth-wise thumbnails go when the tab is left; stored maps followed stay
        vm.followStoredProperty().set(false);
        h.seek(5);
        vm.explainFrame();
        h.pumpUntil(() -> !vm.runningProperty().get() && s.player().heatOverlayProperty().get() != null, Duration.ofSeconds(30));
        vm.depthWise();
        h.pumpUntil(() -> !vm.runningProperty().get() && !vm.depthMaps().isEmpty(), Duration.ofSeconds(30));
        vm.tabLeft();
        assertThat(s.player().heatOverlayProperty().get()).isNull();
        assertThat(vm.depthMaps()).isEmpty();
        vm.followStoredProperty().set(true);
        h.seek(6);
        assertThat(s.player().heatOverlayProperty().get().frame()).isEqualTo(6);
        vm.tabLeft();
        assertThat(s.player().heatOverlayProperty().get()).as("a stored map followed stays").isNotNull();

        // another model with nothing stored: no map of cnn's stays on the video, and the panel says there are none
        vm.selectedModelProperty().set("cnn2");
        h.pumpUntil(() -> s.mapsProperty().get() == null, Duration.ofSeconds(20));
        assertThat(s.player().heatOverlayProperty().get()).isNull();
        assertThat(vm.storedRunProperty().get()).isEqualTo("No stored maps from cnn2 for this video yet.");
        assertThat(vm.mapsRuns().descriptionProperty().get()).isEqualTo("No stored maps shown.");
        assertThat(vm.mapsRuns().chosenProperty().get()).isNull();
        h.seek(7);
        assertThat(s.player().heatOverlayProperty().get()).isNull();
        // and back: cnn's stored maps again
        vm.selectedModelProperty().set("cnn");
        h.pumpUntil(() -> s.mapsProperty().get() != null && s.mapsProperty().get().run().id() == cnnRun, Duration.ofSeconds(20));
        h.seek(8);
        assertThat(s.player().heatOverlayProperty().get().frame()).isEqualTo(8);
        assertThat(h.dialogs.errors).isEmpty();
    }

    @Test
    void aRunIsDescribedByItsFramesSettingsAndStatus() {
        Path vtest = TestMedia.realFootage("vtest.avi");
        org.dancelens.analysis.store.RunSpec whole = new org.dancelens.analysis.store.RunSpec(vtest.toString(), 795,
                org.dancelens.analysis.store.RunKind.POSE, "movenet-multipose", "sha", "card",
                "{\"smoothing\":\"savgol\",\"minPersonScore\":0.2,\"oneEuroMinCutoff\":1.0,\"oneEuroBeta\":0.05,\"maxPeople\":3}", 0, 795);
        RunChoice c = RunChoice.of(new org.dancelens.analysis.store.Run(7, whole, RunStatus.FAILED, 120, 0, 0, "2026-01-02T03:04:05Z",
                "2026-01-02T03:05:05Z"));
        assertThat(c.description()).startsWith("movenet-multipose · whole video · smoothing savgol, at most 3 dancers, dancers from score 0.20 · 2026-01-0")
                .endsWith(" · failed after 120 of 795 frames (run 7)");
        assertThat(c.title()).startsWith("run 7 · movenet-multipose · whole video · ").endsWith(" · failed");
        assertThat(c.toString()).isEqualTo(c.title());
        assertThat(c.description()).as("a run stored before devices were recorded").contains(" · device not recorded · failed");
        RunChoice onGpu = RunChoice.of(new org.dancelens.analysis.store.Run(8, whole, RunStatus.COMPLETE, 795, 0, 0, "2026-01-02T03:04:05Z",
                "2026-01-02T03:05:05Z", "cpu, gpu:0"));
        assertThat(onGpu.description()).contains(" · on cpu, gpu:0 · ");
        assertThat(org.dancelens.core.DancerNames.dancer("movenet-multipose", 14)).isEqualTo("movenet-multipose #14");
        assertThat(org.dancelens.core.DancerNames.dancer(null, 14)).isEqualTo("#14");
    }
}
