package org.dancelens.inference.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Application;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.repository.MRL;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelLoader;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooModel;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OnnxModel;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.inference.TensorData;
import org.dancelens.inference.image.ImageInput;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.dancelens.video.VideoSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * DanceLens's models through plain DJL: the zoo registered with DJL lists what the application's registry lists (the
 * default folders: here the user's model folder under a temporary data folder), the README's example runs and gives
 * what {@link OnnxModel} gives on the same real frame, the card is visible on the loaded model, and bad input is an
 * error, never a crash or a wrong model.
 */
class DjlModelZooTest {
    @TempDir
    Path data;
    private String dataBefore;
    private Path userModels;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger zooLogger = (Logger) LoggerFactory.getLogger(DanceLensModelZoo.class);

    @BeforeEach
    void userFolderWithMoveNet() throws IOException {
        Path zoo = TestZoo.registry("movenet-lightning").find("movenet-lightning").cardFile().getParent();
        userModels = Files.createDirectories(data.resolve("models"));
        for (String f : List.of("movenet-lightning.onnx", "movenet-lightning.yaml")) {
            Files.copy(zoo.resolve(f), userModels.resolve(f));
        }
        dataBefore = System.getProperty("dancelens.data");
        System.setProperty("dancelens.data", data.toString());
        log.start();
        zooLogger.addAppender(log);
    }

    @AfterEach
    void restore() {
        zooLogger.detachAppender(log);
        if (dataBefore == null) {
            System.clearProperty("dancelens.data");
        } else {
            System.setProperty("dancelens.data", dataBefore);
        }
    }

    /** The lines between the markers of a file (without them). */
    private static List<String> between(List<String> lines, String begin, String end) {
        int from = -1;
        for (int k = 0; k < lines.size(); k++) {
            if (from < 0 && lines.get(k).contains(begin)) {
                from = k + 1;
            } else if (from >= 0 && lines.get(k).contains(end)) {
                return lines.subList(from, k);
            }
        }
        throw new AssertionError("no lines between " + begin + " and " + end);
    }

    @Test
    void theReadmeQuotesTheExampleLineForLine() throws IOException {
        List<String> java = between(Files.readAllLines(Path.of("src/test/java/org/dancelens/inference/zoo/MoveNetFromDjl.java")),
                "// README:begin", "// README:end");
        List<String> readme = between(Files.readAllLines(Path.of("README.md")), "<!-- djl-example:begin", "<!-- djl-example:end");
        assertThat(readme.get(0)).isEqualTo("```java");
        assertThat(readme.get(readme.size() - 1)).isEqualTo("```");
        assertThat(readme.subList(1, readme.size() - 1)).containsExactlyElementsOf(java);
        long code = java.stream().filter(l -> !l.isBlank() && !l.startsWith("import") && !l.strip().startsWith("/**")).count();
        assertThat(code).as("lines of the example besides imports and its doc comment").isLessThanOrEqualTo(14);
    }

    @Test
    void theReadmeExampleGivesWhatOnnxModelGivesOnARealFrame() throws Exception {
        // The model the application would use: the registry of the same default folders.
        ModelRegistry.Entry e = ModelRegistry.scan(ModelRegistry.defaultFolders(), true).find("movenet-lightning");
        int[] rgb;
        try (VideoSource v = VideoSource.open(TestMedia.realFootage("vtest.avi"))) {
            float[] picture = ImageInput.of(e.card()).picture(v.frame(300), null);
            rgb = new int[picture.length];
            for (int k = 0; k < rgb.length; k++) {
                rgb[k] = Math.round(picture[k]);
            }
        }
        assertThat(rgb).hasSize(192 * 192 * 3);
        assertThat(java.util.Arrays.stream(rgb).distinct().count()).as("a real picture, not a blank one").isGreaterThan(100);

        float[] djl = MoveNetFromDjl.keypoints(rgb);

        float[] ort;
        try (OnnxModel m = OnnxModel.open(e, OrtRuntime.Device.CPU, 0)) {
            ort = m.run(Map.of("input_0", TensorData.ofInts(rgb, 1, 192, 192, 3))).get("Identity_0").floats();
        }
        assertThat(djl).as("17 keypoints of (y, x, score)").hasSize(17 * 3);
        float worst = 0;
        for (int k = 0; k < djl.length; k++) {
            worst = Math.max(worst, Math.abs(djl[k] - ort[k]));
        }
        System.out.println("DJL vs OnnxModel, movenet-lightning on vtest.avi frame 300: largest difference " + worst);
        assertThat(worst).as("largest difference from OnnxModel").isLessThanOrEqualTo(1e-5f);
        float[] scores = new float[17];
        for (int j = 0; j < 17; j++) {
            scores[j] = djl[j * 3 + 2];
            assertThat(djl[j * 3]).isBetween(0f, 1f);
            assertThat(djl[j * 3 + 1]).isBetween(0f, 1f);
        }
        assertThat(scores).as("the scores differ from joint to joint").doesNotHaveDuplicates();
    }

    @Test
    void theZooDjlRegisteredListsWhatTheRegistryLists() throws IOException {
        // a second model in the user's folder, added after DJL started: seen at the next look
        Path zoo = TestZoo.registry("emotion").find("emotion").cardFile().getParent();
        Files.copy(zoo.resolve("emotion.onnx"), userModels.resolve("emotion.onnx"));
        Files.copy(zoo.resolve("emotion.yaml"), userModels.resolve("emotion.yaml"));

        ModelZoo djlZoo = ModelZoo.getModelZoo("org.dancelens");
        assertThat(djlZoo).isInstanceOf(DanceLensModelZoo.class);
        assertThat(djlZoo.getSupportedEngines()).containsExactly("OnnxRuntime");
        List<String> registry = ModelRegistry.scan(ModelRegistry.defaultFolders(), true).entries().stream().map(x -> x.card().id()).distinct().toList();
        assertThat(djlZoo.getModelLoaders()).extracting(ModelLoader::getArtifactId).containsExactlyElementsOf(registry)
                .contains("movenet-lightning", "emotion");
        assertThat(djlZoo.getModelLoader("movenet-lightning").getApplication()).isEqualTo(Application.CV.POSE_ESTIMATION);
        assertThat(djlZoo.getModelLoader("emotion").getApplication()).isEqualTo(Application.CV.IMAGE_CLASSIFICATION);

        // (not ModelZoo.listModels: with any criteria it asks every registered zoo, and DJL's Hugging Face zoo goes to the network)
        MRL mrl = djlZoo.getModelLoader("movenet-lightning").getMrl();
        assertThat(mrl.toString()).isEqualTo("djl://org.dancelens/movenet-lightning");
        assertThat(mrl.getApplication()).isEqualTo(Application.CV.POSE_ESTIMATION);
    }

    @Test
    void theLoadedModelShowsItsCard() throws Exception {
        ModelRegistry.Entry e = ModelRegistry.scan(ModelRegistry.defaultFolders(), true).find("movenet-lightning");
        Criteria<NDList, NDList> c = Criteria.builder().setTypes(NDList.class, NDList.class)
                .optGroupId("org.dancelens").optArtifactId("movenet-lightning").optOption("intraOpNumThreads", "1").build();
        try (ZooModel<NDList, NDList> model = c.loadModel()) {
            assertThat(model.getProperty("dancelens.inputs")).isEqualTo("input_0");
            assertThat(model.getProperty("dancelens.input.input_0")).isEqualTo("int32 [1, 192, 192, 3] NHWC");
            assertThat(model.getProperty("dancelens.outputs")).isEqualTo("Identity_0");
            assertThat(model.getProperty("dancelens.output.Identity_0")).isEqualTo("[1, 1, 17, 3] movenet-singlepose");
            assertThat(model.getProperty("dancelens.task")).isEqualTo("pose");
            assertThat(model.getProperty("dancelens.keypoints")).isEqualTo("coco-17");
            assertThat(model.getProperty("dancelens.onnxSha256")).isEqualTo(e.onnxSha256()).isEqualTo(e.card().provenance().onnxSha256());
            // the card the app's registry finds first (the user folder's in a clean checkout; the project's models/ when a
            // converted zoo sits there)
            assertThat(Path.of(model.getProperty("dancelens.card"))).isEqualTo(e.cardFile().toAbsolutePath());
            assertThat(model.describeInput().keys()).containsExactly("input_0");
        }
    }

    @Test
    void anUnknownIdIsDjlsModelNotFoundException() {
        Criteria<NDList, NDList> c = Criteria.builder().setTypes(NDList.class, NDList.class)
                .optGroupId("org.dancelens").optArtifactId("no-such-model").build();
        assertThatThrownBy(c::loadModel).isInstanceOf(ModelNotFoundException.class).hasMessageContaining("No model matching the criteria");
    }

    @Test
    void otherTypesWithoutATranslatorAreRefusedWithASentence() {
        Criteria<float[], float[]> c = Criteria.builder().setTypes(float[].class, float[].class)
                .optGroupId("org.dancelens").optArtifactId("movenet-lightning").build();
        assertThatThrownBy(c::loadModel).isInstanceOf(ModelNotFoundException.class)
                .cause().hasMessage("DanceLens's model movenet-lightning takes and gives NDList; for float[] -> float[] give the Criteria a Translator"
                        + " (optTranslator).");
    }

    @Test
    void brokenCardsAreLeftOutWithALogLineAndTheRestLoads() throws Exception {
        Files.writeString(userModels.resolve("garbled.yaml"), "id: [this is not a card\n");
        Files.writeString(userModels.resolve("orphan.yaml"), Files.readString(userModels.resolve("movenet-lightning.yaml"))
                .replace("id: movenet-lightning", "id: orphan").replace("onnx: movenet-lightning.onnx", "onnx: orphan.onnx"));
        DanceLensModelZoo zoo = DanceLensModelZoo.of(List.of(userModels));

        assertThat(zoo.getModelLoaders()).extracting(ModelLoader::getArtifactId).containsExactly("movenet-lightning");
        assertThat(zoo.getModelLoader("orphan")).isNull();
        List<String> lines = new ArrayList<>();
        log.list.forEach(ev -> lines.add(ev.getFormattedMessage()));
        assertThat(lines).hasSize(2);
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("garbled.yaml"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("orphan.yaml").contains("orphan.onnx, which is not there"));
        zoo.getModelLoaders();
        assertThat(log.list).as("logged once, not at every look").hasSize(2);

        Criteria<NDList, NDList> c = Criteria.builder().setTypes(NDList.class, NDList.class).optModelZoo(zoo).optArtifactId("movenet-lightning").build();
        try (ZooModel<NDList, NDList> m = c.loadModel()) {
            assertThat(m.getProperty("dancelens.id")).isEqualTo("movenet-lightning");
        }
    }

    @Test
    void aModelFileReplacedAfterTheListingIsAnErrorNotAnotherModel() throws Exception {
        DanceLensModelZoo zoo = DanceLensModelZoo.of(List.of(userModels));
        ModelLoader loader = zoo.getModelLoader("movenet-lightning");
        Files.write(userModels.resolve("movenet-lightning.onnx"), new byte[] {0}, StandardOpenOption.APPEND);
        Criteria<NDList, NDList> c = Criteria.builder().setTypes(NDList.class, NDList.class).optModelZoo(zoo).optArtifactId("movenet-lightning").build();
        assertThatThrownBy(() -> loader.loadModel(c)).isInstanceOf(MalformedModelException.class)
                .hasMessageContaining("movenet-lightning.yaml declares sha256").hasMessageContaining("the file was replaced or damaged");
    }

    @Test
    void everyZooModelGivesWhatOnnxModelGivesOutputForOutput() throws Exception {
        String[] ids = {"movenet-lightning", "movenet-thunder", "movenet-multipose", "blazepose-detector", "blazepose-lite", "blazepose-full",
                "blazepose-heavy", "selfie-segmentation", "emotion"};
        ModelRegistry reg = TestZoo.registry(ids);
        Path zooDir = reg.find("emotion").cardFile().getParent();
        DanceLensModelZoo zoo = DanceLensModelZoo.of(List.of(zooDir));
        assertThat(zoo.getModelLoaders()).extracting(ModelLoader::getArtifactId).contains(ids);
        java.util.Random random = new java.util.Random(17);
        for (String id : ids) {
            ModelRegistry.Entry e = reg.find(id);
            Map<String, TensorData> feeds = new java.util.LinkedHashMap<>();
            for (var in : e.card().inputs()) {
                long[] shape = in.shape().stream().mapToLong(d -> d < 0 ? 1 : d).toArray();
                int n = (int) java.util.Arrays.stream(shape).reduce(1, (x, y) -> x * y);
                if ("int32".equals(in.dtype())) {
                    int[] v = new int[n];
                    for (int k = 0; k < n; k++) {
                        v[k] = random.nextInt(256);
                    }
                    feeds.put(in.name(), TensorData.ofInts(v, shape));
                } else {
                    float[] v = new float[n];
                    for (int k = 0; k < n; k++) {
                        v[k] = random.nextFloat();
                    }
                    feeds.put(in.name(), TensorData.of(v, shape));
                }
            }
            Map<String, TensorData> ort;
            try (OnnxModel m = OnnxModel.open(e, OrtRuntime.Device.CPU, 0)) {
                ort = m.run(feeds);
            }
            Criteria<NDList, NDList> c = Criteria.builder().setTypes(NDList.class, NDList.class).optModelZoo(zoo).optArtifactId(id).build();
            try (ZooModel<NDList, NDList> model = c.loadModel(); var predictor = model.newPredictor()) {
                NDList inputs = new NDList();
                for (var f : feeds.entrySet()) {
                    ai.djl.ndarray.types.Shape shape = new ai.djl.ndarray.types.Shape(f.getValue().shape());
                    ai.djl.ndarray.NDArray a = f.getValue().isFloat() ? model.getNDManager().create(f.getValue().floats(), shape)
                            : model.getNDManager().create(f.getValue().ints(), shape);
                    a.setName(f.getKey());
                    inputs.add(a);
                }
                NDList out = predictor.predict(inputs);
                assertThat(out).as(id + ": the outputs").extracting(ai.djl.ndarray.NDArray::getName).containsExactlyInAnyOrderElementsOf(ort.keySet());
                float worst = 0;
                for (ai.djl.ndarray.NDArray a : out) {
                    TensorData want = ort.get(a.getName());
                    assertThat(a.getShape().getShape()).as(id + " " + a.getName()).isEqualTo(want.shape());
                    float[] got = a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
                    float[] exp = want.asFloats();
                    for (int k = 0; k < got.length; k++) {
                        worst = Math.max(worst, Math.abs(got[k] - exp[k]));
                    }
                }
                System.out.println("DJL vs OnnxModel, " + id + " on seeded random input: " + out.size() + " outputs, largest difference " + worst);
                assertThat(worst).as(id + ": largest difference from OnnxModel").isLessThanOrEqualTo(1e-4f);
            }
        }
    }

    @Test
    void anIdInAnEarlierFolderHidesTheSameIdInALaterOneAsInTheApplication() throws Exception {
        Path later = Files.createDirectories(data.resolve("later"));
        for (String f : List.of("movenet-lightning.onnx", "movenet-lightning.yaml")) {
            Files.copy(userModels.resolve(f), later.resolve(f));
        }
        List<Path> folders = List.of(later, userModels);
        DanceLensModelZoo zoo = DanceLensModelZoo.of(folders);
        assertThat(zoo.getModelLoaders()).extracting(ModelLoader::getArtifactId).containsExactly("movenet-lightning");
        DanceLensModelLoader loader = (DanceLensModelLoader) zoo.getModelLoader("movenet-lightning");
        assertThat(loader.entry().cardFile()).isEqualTo(ModelRegistry.scan(folders, true).find("movenet-lightning").cardFile())
                .isEqualTo(later.resolve("movenet-lightning.yaml"));
    }

    /** In a fresh JVM: DanceLens's zoo class touched before DJL's ModelZoo, whose start asks the provider for the zoo. */
    public static final class ZooFirst {
        public static void main(String[] args) {
            DanceLensModelZoo own = DanceLensModelZoo.of(List.of(Path.of(args[0])));
            ModelZoo registered = ModelZoo.getModelZoo("org.dancelens");
            System.out.println("registered " + registered.getClass().getSimpleName() + " " + registered.getGroupId() + ", own "
                    + own.getModelLoaders().size());
        }
    }

    @Test
    void theZooWorksWhicheverClassAProgramTouchesFirst() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-Ddancelens.data=" + data, "-Dlogback.configurationFile=" + data.resolve("none.xml"),
                "-cp", System.getProperty("java.class.path"), ZooFirst.class.getName(), userModels.toString())
                .redirectErrorStream(true).redirectOutput(data.resolve("out.txt").toFile()).start();
        assertThat(p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        String out = Files.readString(data.resolve("out.txt"));
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("registered DanceLensModelZoo org.dancelens, own 1");
    }

    @Test
    void aGpuThatCannotBeUsedIsOneSentenceNotARunOnTheCpu() {
        // (DJL's engine alone, given no options, loads on the CPU a model asked for on a GPU, and calls it gpu(0))
        org.junit.jupiter.api.Assumptions.assumeTrue(ai.djl.engine.Engine.getEngine("OnnxRuntime").getGpuCount() == 0, "a machine without a GPU");
        Criteria<NDList, NDList> c = Criteria.builder().setTypes(NDList.class, NDList.class)
                .optGroupId("org.dancelens").optArtifactId("movenet-lightning").optDevice(ai.djl.Device.gpu()).build();
        assertThatThrownBy(c::loadModel).isInstanceOf(MalformedModelException.class)
                .hasMessageStartingWith("DanceLens's model movenet-lightning cannot be loaded on gpu(0): ")
                .hasMessageEndingWith(".").hasMessageNotContaining("\n").hasMessageNotContaining("Error code")
                .hasMessageEndingWith(org.dancelens.inference.OrtRuntime.gpuProblem(0)); // the probe's sentence, as everywhere
    }

    @Test
    void aTranslatorOfTheCallersOwnIsUsed() throws Exception {
        ai.djl.translate.Translator<int[], float[]> pictureToKeypoints = new ai.djl.translate.Translator<>() {
            @Override
            public NDList processInput(ai.djl.translate.TranslatorContext ctx, int[] rgb) {
                return new NDList(ctx.getNDManager().create(rgb, new ai.djl.ndarray.types.Shape(1, 192, 192, 3)));
            }

            @Override
            public float[] processOutput(ai.djl.translate.TranslatorContext ctx, NDList out) {
                return out.singletonOrThrow().toFloatArray();
            }

            @Override
            public ai.djl.translate.Batchifier getBatchifier() {
                return null; // the input is a batch of one already (and DJL's ONNX Runtime engine alone cannot stack arrays)
            }
        };
        int[] rgb = new int[192 * 192 * 3];
        java.util.Random random = new java.util.Random(3);
        for (int k = 0; k < rgb.length; k++) {
            rgb[k] = random.nextInt(256);
        }
        Criteria<int[], float[]> c = Criteria.builder().setTypes(int[].class, float[].class).optTranslator(pictureToKeypoints)
                .optGroupId("org.dancelens").optArtifactId("movenet-lightning").build();
        float[] viaTranslator;
        try (ZooModel<int[], float[]> model = c.loadModel(); var predictor = model.newPredictor()) {
            viaTranslator = predictor.predict(rgb);
        }
        assertThat(viaTranslator).hasSize(51).containsExactly(MoveNetFromDjl.keypoints(rgb));
    }
}
