package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dancelens.core.ExecutorTaskRunner;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelInspector;
import org.dancelens.testsupport.FakeDialogs;
import org.dancelens.testsupport.PumpedExecutor;
import org.dancelens.testsupport.TinyOnnx;
import org.dancelens.ui.models.AddModelViewModel;
import org.dancelens.ui.models.ModelsViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Models panel and the "Add ONNX model" form without a toolkit, on a real registry in a temporary folder. */
class ModelsViewModelTest {
    @TempDir
    Path dir;

    PumpedExecutor ui;
    ExecutorTaskRunner tasks;
    FakeDialogs dialogs;
    Path models;
    Path user;
    ModelsViewModel vm;

    @BeforeEach
    void setUp() throws Exception {
        ui = new PumpedExecutor();
        tasks = new ExecutorTaskRunner(2, ui);
        dialogs = new FakeDialogs();
        models = Files.createDirectories(dir.resolve("models"));
        user = dir.resolve("user-models");
        writeCards(models);
        installed = new org.dancelens.ui.models.InstalledModels(org.dancelens.inference.ModelCatalog.of(List.of(models, user)), ui);
        vm = new ModelsViewModel(tasks, dialogs, installed, List.of(models), user);
    }

    /** The workbench's one list of installed models, which the panel reads and other panels follow. */
    org.dancelens.ui.models.InstalledModels installed;

    @AfterEach
    void tearDown() {
        tasks.close();
    }

    /** A frame classifier and a pose model that work, a malformed card and a card whose ONNX file is missing. */
    static void writeCards(Path folder) throws Exception {
        TinyOnnx.constantOutputs(folder.resolve("styles.onnx"), "image", new long[] {1, 3, 32, 32}, new String[] {"scores"},
                new long[][] {{1, 3}}, new float[][] {{0.1f, 0.7f, 0.2f}});
        String sha = org.dancelens.inference.ModelRegistry.sha256(folder.resolve("styles.onnx")); // a card must declare its file's own
        ModelCard.parse("""
                id: dance-styles
                name: Dance styles
                version: "1"
                task: frame-classifier
                license: CC-BY-4.0
                provenance: {source: "https://example.org/styles", onnx: styles.onnx, onnxSha256: %s}
                inputs:
                  - name: image
                    layout: NCHW
                    shape: [1, 3, 32, 32]
                    preprocess: {resize: center-crop, colorOrder: RGB, scale: 0.00392156862745098, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225]}
                outputs: [{name: scores, shape: [1, 3], decoding: logits}]
                labels: [ballet, hip-hop, folk]
                """.formatted(sha), "styles.yaml").write(folder.resolve("dance-styles.yaml"));
        TinyOnnx.constantOutputs(folder.resolve("pose.onnx"), "input", new long[] {1, 192, 192, 3}, new String[] {"kp"},
                new long[][] {{1, 1, 17, 3}}, new float[][] {new float[51]});
        ModelCard.parse("""
                id: tiny-pose
                name: Tiny pose
                task: pose
                license: MIT
                provenance: {onnx: pose.onnx}
                inputs: [{name: input, layout: NHWC, shape: [1, 192, 192, 3]}]
                outputs: [{name: kp, shape: [1, 1, 17, 3], decoding: movenet-singlepose}]
                keypoints: coco-17
                """, "pose.yaml").write(folder.resolve("tiny-pose.yaml"));
        Files.writeString(folder.resolve("broken.yaml"), "id: broken\nname: [unclosed\n");
        Files.writeString(folder.resolve("gone.yaml"), """
                id: gone
                name: Gone
                task: scorer
                license: MIT
                provenance: {onnx: gone.onnx}
                inputs: [{name: x}]
                outputs: [{name: y}]
                """);
    }

    private void scan() {
        vm.rescan();
        assertThat(vm.scanningProperty().get()).isTrue();
        ui.pumpUntil(() -> !vm.scanningProperty().get(), Duration.ofSeconds(20));
    }

    private ModelsViewModel.Section section(String title) {
        return vm.details().stream().filter(s -> s.title().equals(title)).findFirst().orElseThrow();
    }

    private static String field(ModelsViewModel.Section s, String label) {
        return s.fields().stream().filter(f -> f.label().equals(label)).findFirst().orElseThrow().value();
    }

    @Test
    void listsModelsAndBadCardsAndShowsTheSelectedCard() {
        scan();
        assertThat(vm.items()).extracting(ModelsViewModel.Item::title)
                .containsExactly("Dance styles", "Tiny pose", "broken.yaml", "gone.yaml");
        assertThat(vm.statusProperty().get()).isEqualTo("2 models, 2 cards with a problem.");
        // The first model is selected and its card shown.
        assertThat(vm.selectedProperty().get().id()).isEqualTo("dance-styles");
        assertThat(vm.detailsTitleProperty().get()).isEqualTo("Dance styles");
        assertThat(vm.detailsSubtitleProperty().get()).isEqualTo("dance-styles · frame-classifier · CC-BY-4.0");
        assertThat(field(section("Model"), "Task")).isEqualTo("frame-classifier");
        ModelsViewModel.Section in = section("Input · image");
        assertThat(field(in, "Layout")).isEqualTo("NCHW");
        assertThat(field(in, "Shape")).isEqualTo("[1, 3, 32, 32]");
        assertThat(field(in, "Resize")).isEqualTo("center-crop");
        assertThat(field(in, "Scale")).isEqualTo("1/255");
        assertThat(field(in, "Mean")).isEqualTo("0.485, 0.456, 0.406");
        ModelsViewModel.Section out = section("Output · scores");
        assertThat(field(out, "Shape")).isEqualTo("[1, 3]");
        assertThat(field(out, "Decoding")).isEqualTo("logits");
        assertThat(section("Labels (3)").fields().get(0).value()).isEqualTo("ballet, hip-hop, folk");
        ModelsViewModel.Section prov = section("Provenance");
        assertThat(field(prov, "Source")).isEqualTo("https://example.org/styles");
        assertThat(field(prov, "sha256")).isEqualTo(org.dancelens.inference.ModelRegistry.sha256(models.resolve("styles.onnx")));
        assertThat(field(prov, "ONNX file")).endsWith("styles.onnx");

        vm.selectedProperty().set(vm.items().get(1));
        assertThat(field(section("Keypoints"), "Schema")).isEqualTo("coco-17");
        assertThat(field(section("Keypoints"), "Joints")).startsWith("17 joints: nose, left_eye");
        assertThat(field(section("Provenance"), "sha256")).isEqualTo("not recorded in the card");

        // A card with a problem says it in one sentence.
        vm.selectedProperty().set(vm.items().get(2));
        assertThat(vm.detailsSubtitleProperty().get()).isEqualTo("This card cannot be used.");
        assertThat(section("Problem").fields().get(0).value()).startsWith("The model card broken.yaml line ").contains("malformed");
        vm.selectedProperty().set(vm.items().get(3));
        assertThat(section("Problem").fields().get(0).value()).isEqualTo("The model card gone.yaml names gone.onnx, which is not there.");
    }

    @Test
    void aFolderNamedTwiceIsScannedOnce() {
        vm = new ModelsViewModel(tasks, dialogs, installed, List.of(models, models.resolve("..").resolve("models")), user);
        assertThat(vm.folders()).hasSize(2);
        scan();
        assertThat(vm.items()).hasSize(4);
    }

    @Test
    void anAddedFolderIsScannedAndTheSelectionKeptOnRescan() throws Exception {
        int[] changed = {0};
        installed.entries().addListener((javafx.collections.ListChangeListener<org.dancelens.inference.ModelRegistry.Entry>) c -> changed[0]++);
        scan();
        vm.selectedProperty().set(vm.items().get(1));
        Path more = Files.createDirectories(dir.resolve("more"));
        TinyOnnx.constantOutputs(more.resolve("seq.onnx"), "x", new long[] {1, 30, 34}, new String[] {"y"},
                new long[][] {{1, 2}}, new float[][] {{0.5f, 0.5f}});
        ModelCard.parse("""
                id: a-sequence
                name: A sequence model
                task: sequence-classifier
                license: MIT
                provenance: {onnx: seq.onnx}
                inputs: [{name: x, layout: NTC, shape: [1, 30, 34]}]
                outputs: [{name: y, shape: [1, 2]}]
                labels: [still, moving]
                sequence: {keypoints: image, fps: 30}
                """, "seq.yaml").write(more.resolve("a-sequence.yaml"));
        dialogs.folder = more;
        vm.addFolder();
        ui.pumpUntil(() -> !vm.scanningProperty().get(), Duration.ofSeconds(20));
        assertThat(vm.extraFolders()).containsExactly(more.toAbsolutePath().normalize().toString());
        assertThat(vm.folders()).containsExactly(models.toAbsolutePath().normalize(), user.toAbsolutePath().normalize(),
                more.toAbsolutePath().normalize());
        assertThat(installed.folders()).containsExactlyElementsOf(vm.folders());
        assertThat(vm.items()).extracting(ModelsViewModel.Item::id).startsWith("a-sequence", "dance-styles", "tiny-pose");
        assertThat(vm.selectedProperty().get().id()).isEqualTo("tiny-pose");
        assertThat(changed[0]).isEqualTo(2);
        vm.removeFolder(more.toAbsolutePath().normalize());
        ui.pumpUntil(() -> !vm.scanningProperty().get(), Duration.ofSeconds(20));
        assertThat(vm.items()).extracting(ModelsViewModel.Item::id).doesNotContain("a-sequence");
    }

    @Test
    void addsAnOnnxModelAfterAPassingDryRun() throws Exception {
        scan();
        Path onnx = TinyOnnx.constantOutputs(dir.resolve("My Classifier.onnx"), "pixels", new long[] {1, 64, 64, 3},
                new String[] {"probs"}, new long[][] {{1, 2}}, new float[][] {{0.3f, 0.7f}});
        java.util.concurrent.atomic.AtomicReference<org.dancelens.core.VideoFrame> shown = new java.util.concurrent.atomic.AtomicReference<>();
        AddModelViewModel add = new AddModelViewModel(tasks, dialogs, vm, shown::get);
        dialogs.onnx = onnx;
        add.chooseFile();
        ui.pumpUntil(() -> add.loadedProperty().get(), Duration.ofSeconds(20));
        assertThat(add.idProperty().get()).isEqualTo("my-classifier");
        assertThat(add.taskProperty().get()).isEqualTo("frame-classifier");
        assertThat(add.layoutProperty().get()).isEqualTo("NHWC");
        assertThat(add.imageInputProperty().get()).isTrue();
        assertThat(add.tensorsProperty().get()).isEqualTo("in   pixels  float32 [1, 64, 64, 3]\nout  probs  float32 [1, 2]");
        assertThat(add.labelsHintProperty().get()).startsWith("A classifier needs 2 labels");

        // Incomplete: the sentence says what is missing, nothing is written.
        add.add();
        ui.pumpUntil(() -> !add.busyProperty().get(), Duration.ofSeconds(20));
        assertThat(add.resultFailedProperty().get()).isTrue();
        assertThat(add.resultProperty().get()).contains("'license' is missing").contains("needs 'labels'");
        assertThat(Files.exists(user)).isFalse();

        add.licenseProperty().set("MIT");
        add.labelsProperty().set("solo\nduet\ntrio");
        add.tryCard();
        ui.pumpUntil(() -> !add.busyProperty().get(), Duration.ofSeconds(20));
        assertThat(add.resultProperty().get())
                .isEqualTo("The card of my-classifier lists 3 labels, but its output tensor 'probs' has 2 classes (shape [1, 2]): give one label per class.");

        add.labelsProperty().set("solo, duet");
        add.decodingProperty().set("probabilities");
        add.scaleProperty().set("1/127.5");
        add.tryCard();
        ui.pumpUntil(() -> !add.busyProperty().get(), Duration.ofSeconds(20));
        assertThat(add.resultOkProperty().get()).isTrue();
        assertThat(add.resultProperty().get()).startsWith("On a generated test frame, my-classifier ran in ")
                .endsWith("gave 'probs' [1, 2]; on this frame it says 'duet'.");
        assertThat(Files.exists(user)).isFalse();

        // A video is open: its frame is used.
        var f = ModelInspector.testFrame(320, 240);
        shown.set(new org.dancelens.core.VideoFrame(12, 1.2, f.width(), f.height(), f.bgra()));
        add.add();
        ui.pumpUntil(() -> !add.busyProperty().get() && !vm.scanningProperty().get(), Duration.ofSeconds(20));
        assertThat(add.resultProperty().get()).startsWith("On frame 12 of the open video, my-classifier ran in ")
                .endsWith("; on this frame it says 'duet'; added to " + user + ".");
        assertThat(add.addedProperty().get()).isTrue();
        ModelCard written = ModelCard.read(user.resolve("my-classifier.yaml"));
        assertThat(written.labels()).containsExactly("solo", "duet");
        assertThat(written.inputs().get(0).preprocess().scale()).isEqualTo(1 / 127.5);
        assertThat(written.outputs().get(0).decoding()).isEqualTo("probabilities");
        assertThat(Files.exists(user.resolve("my-classifier.onnx"))).isTrue();
        // The panel lists it and shows it.
        assertThat(vm.selectedProperty().get().id()).isEqualTo("my-classifier");
        assertThat(vm.detailsTitleProperty().get()).isEqualTo("My Classifier");

        // Adding it again is refused before anything runs.
        add.idProperty().set("my-classifier");
        add.add();
        assertThat(add.resultProperty().get()).isEqualTo("A model with the id my-classifier is already installed; choose another id.");
        assertThat(dialogs.errors).isEmpty();
    }
}
