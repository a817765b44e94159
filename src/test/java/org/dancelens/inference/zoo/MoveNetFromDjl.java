package org.dancelens.inference.zoo;

// README:begin (README.md, "Using DanceLens's models from Java (DJL)" quotes these lines; DjlModelZooTest checks it and runs them)
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;

class MoveNetFromDjl {
    /** The 17 keypoints (y, x, score) that MoveNet Lightning finds in a 192 x 192 RGB picture (values 0..255). */
    static float[] keypoints(int[] rgb) throws Exception {
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optGroupId("org.dancelens")          // DanceLens's installed models
                .optArtifactId("movenet-lightning")   // an id that 'dancelens models list' shows
                .build();
        try (ZooModel<NDList, NDList> model = criteria.loadModel();
             Predictor<NDList, NDList> predictor = model.newPredictor()) {
            NDArray picture = model.getNDManager().create(rgb, new Shape(1, 192, 192, 3));
            return predictor.predict(new NDList(picture)).singletonOrThrow().toFloatArray();
        }
    }
}
// README:end
