package org.dancelens.analysis.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What identifies a run, whatever its kind: the video (absolute path and frame count), the kind, the model (id, ONNX
 * sha256 and its card as used), the settings (a JSON text, part of the identity) and the frame range
 * {@code [fromFrame, toFrame)}. Running a job again with the same spec continues (or reuses) the stored run.
 */
public record RunSpec(String videoPath, int videoFrames, RunKind kind, String modelId, String onnxSha256, String card, String settings,
                      int fromFrame, int toFrame) {

    /** The run's key in the store: a hash of everything but the card text. */
    public String key() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(String.join("\u0000", videoPath, String.valueOf(videoFrames), kind.key(), modelId, onnxSha256, settings,
                    String.valueOf(fromFrame), String.valueOf(toFrame)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Frames in the range. */
    public int frames() {
        return toFrame - fromFrame;
    }
}
