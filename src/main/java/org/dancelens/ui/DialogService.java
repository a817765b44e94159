package org.dancelens.ui;

import java.nio.file.Path;
import java.util.Optional;

/** What view-models ask of the user interface; a fake in tests. */
public interface DialogService {
    /** Lets the user pick a video file. */
    Optional<Path> chooseVideo();

    /** Shows one plain sentence about something that went wrong; the window keeps working. */
    void showError(String sentence);

    /** Shows a short informational message. */
    void showInfo(String sentence);

    /** Lets the user pick a folder (none by default, e.g. in tests). */
    default Optional<Path> chooseFolder(String title) {
        return Optional.empty();
    }

    /** Lets the user pick an evaluation manifest (CSV; none by default, e.g. in tests). */
    default Optional<Path> chooseManifest() {
        return Optional.empty();
    }

    /** Lets the user pick an ONNX model file (none by default, e.g. in tests). */
    default Optional<Path> chooseOnnxFile() {
        return Optional.empty();
    }
}
