package org.dancelens.pose;

import org.dancelens.core.DanceLensException;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OnnxModel;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.inference.image.ImageInput;

/** Picks the estimator a model card asks for (by the decoding of its first output). */
public final class PoseEstimators {
    private PoseEstimators() {
    }

    /** ONNX Runtime intra-op threads: {@code -Ddancelens.ortThreads=N}, 0 (default) for ONNX Runtime's own choice. */
    static int threads() {
        return Integer.getInteger("dancelens.ortThreads", 0);
    }

    private static org.dancelens.core.SkeletonSchema schemaOf(ModelCard card) {
        return org.dancelens.core.SkeletonSchema.byId(card.keypoints());
    }

    public static PoseEstimator create(ModelRegistry.Entry entry, OrtRuntime.Device device, float minPersonScore) {
        return create(entry, device, minPersonScore, 0);
    }

    /**
     * @param maxPeople how many people a single-person pipeline (BlazePose) follows; 0 for the card's choice
     *                  (option {@code maxPeople}, 1 when absent)
     */
    public static PoseEstimator create(ModelRegistry.Entry entry, OrtRuntime.Device device, float minPersonScore, int maxPeople) {
        return create(entry, device, minPersonScore, maxPeople, 0);
    }

    /**
     * @param maxPeople      how many people a single-person pipeline (BlazePose) follows; 0 for the card's choice
     * @param intraOpThreads ONNX Runtime's threads per model (e.g. the cores shared among parallel jobs); 0 for the
     *                       default (the {@code dancelens.ortThreads} property, else ONNX Runtime's own choice)
     */
    public static PoseEstimator create(ModelRegistry.Entry entry, OrtRuntime.Device device, float minPersonScore, int maxPeople, int intraOpThreads) {
        int threads = intraOpThreads > 0 ? intraOpThreads : threads();
        ModelCard card = entry.card();
        if (card.task() != ModelCard.Task.POSE) {
            throw DanceLensException.badInput("The model " + card.id() + " is a " + card.task().label() + ", not a pose model.");
        }
        ModelCard.OutputSpec out = card.outputs().get(0);
        String decoding = out.decoding() == null ? "" : out.decoding();
        // Each card's input is read (and checked) before its model is opened.
        return switch (decoding) {
            case "movenet-singlepose" -> {
                ImageInput in = ImageInput.of(card);
                yield new MoveNetSinglePose(OnnxModel.open(entry, device, threads), in, out.name(), minPersonScore);
            }
            case "movenet-multipose" -> {
                ImageInput in = ImageInput.of(card);
                yield new MoveNetMultiPose(OnnxModel.open(entry, device, threads), in, out.name(), minPersonScore);
            }
            case "blazepose-landmarks" -> {
                // The two-stage pipeline needs the BlazePose detector, installed beside the landmark model.
                ModelRegistry beside = ModelRegistry.scan(java.util.List.of(entry.cardFile().toAbsolutePath().getParent()));
                ModelRegistry.Entry det = beside.entries().stream().filter(e -> e.card().id().equals("blazepose-detector")).findFirst()
                        .orElseThrow(() -> DanceLensException.badInput("The pose model " + card.id()
                                + " needs the model blazepose-detector in the same folder (build the zoo with src/scripts/build-model-zoo.sh)."));
                ImageInput detIn = ImageInput.of(det.card());
                ImageInput in = ImageInput.of(card);
                BlazePose.requireInputSizes(detIn, in);
                yield new BlazePose(OnnxModel.open(det, device, threads), detIn, det.card().outputs().get(0).name(),
                        OnnxModel.open(entry, device, threads), in, maxPeople > 0 ? maxPeople : (int) card.option("maxPeople", 1));
            }
            case "yolo-pose" -> {
                ImageInput in = ImageInput.of(card);
                yield new YoloPose(OnnxModel.open(entry, device, threads), in, out.name(), schemaOf(card),
                        (float) card.option("minScore", Math.max(0.25, minPersonScore)), card.option("iouThreshold", 0.45));
            }
            case "heatmap", "simcc" -> {
                String boxesId = card.option("personBoxes", "movenet-multipose");
                ModelRegistry beside = ModelRegistry.scan(java.util.List.of(entry.cardFile().toAbsolutePath().getParent()));
                ModelRegistry.Entry boxModel = beside.entries().stream().filter(e -> e.card().id().equals(boxesId)).findFirst()
                        .orElseThrow(() -> DanceLensException.badInput("The top-down pose model " + card.id() + " takes its person boxes from "
                                + boxesId + ", which is not installed beside it."));
                boolean simcc = decoding.equals("simcc");
                if (simcc && card.outputs().size() < 2) {
                    throw DanceLensException.badInput("The SimCC model " + card.id() + " needs two outputs in its card (x, then y).");
                }
                ImageInput in = ImageInput.of(card);
                yield new TopDownPose(create(boxModel, device, minPersonScore, 0, threads), OnnxModel.open(entry, device, threads),
                        in, card.outputs().stream().map(ModelCard.OutputSpec::name).toList(),
                        simcc ? TopDownPose.Kind.SIMCC : TopDownPose.Kind.HEATMAP, schemaOf(card), card.option("simccSplitRatio", 2.0));
            }
            default -> throw DanceLensException.badInput("The pose model " + card.id() + " decodes its output as '" + decoding
                    + "', which DanceLens does not know (movenet-singlepose, movenet-multipose, blazepose-landmarks, yolo-pose, heatmap, simcc).");
        };
    }
}
