package org.dancelens.testsupport;

import java.nio.file.Path;

/**
 * The team's shared test data in {@code ../shared/fixtures} (beside the checkout; never copied into the repo).
 * Tests that need it skip with a message when it is absent; CI always has it.
 */
public final class SharedFixtures {
    private SharedFixtures() {
    }

    public static Path dir(String name) {
        return TestMedia.sharedFixture(name).toAbsolutePath().normalize();
    }

    /** The AIST++ dance-genre LSTM card as its README describes the model; {@code onnx} is the file name beside it. */
    public static String aistGenreCard(String id, String onnx, String windows) {
        return """
                id: %s
                name: AIST++ dance-genre LSTM (velocity)
                task: sequence-classifier
                license: none given (test fixture; never bundled)
                provenance:
                  source: https://github.com/Megha-Raj18/dance_type_classifier best_model.pth @649b6d3
                  onnx: %s
                  onnxSha256: acc7b9d1cc318b40d1b36467ea539b8f663edf4453b59b784262d46d24f32e43
                inputs:
                  - name: features
                    layout: NTF
                    shape: [-1, 300, 102]
                outputs:
                  - name: logits
                    shape: [-1, 10]
                    decoding: logits
                labels: [BR, HO, JB, JS, KR, LH, LO, MH, PO, WA]
                sequence:
                  keypoints: world
                  schema: coco-17
                  axisSigns: [1, -1, -1]
                  fps: 60
                  length: 300
                  windows: %s
                  hop: 60
                  center: [left_hip, right_hip]
                  scale: sequence-max-norm
                  velocity: true
                  layout: joint-major
                """.formatted(id, onnx, windows);
    }
}
