package org.dancelens.ui;

import java.nio.file.Path;
import java.util.Optional;
import org.dancelens.core.DanceLensException;
import org.slf4j.Logger;

/** What view-models ask of the user interface; a fake in tests. */
public interface DialogService {
    /** Lets the user pick a video file. */
    Optional<Path> chooseVideo();

    /** Shows one plain sentence about something that went wrong; the window keeps working. */
    void showError(String sentence);

    /**
     * As {@link #showError(String)}, saying what the problem concerns: the workbench keeps it in its list of recent
     * problems with this (a video's file name, a job). The sentence comes from {@link Failures} when it is made from an
     * exception.
     */
    default void reportError(String about, String sentence) {
        showError(sentence);
    }

    /**
     * A failure of background work: logged once with its stack trace ({@link Failures#logged}) and, unless it was a
     * cancel, shown as one sentence about {@code about} ({@link #reportError}).
     *
     * @param doing what failed, for the log ("Loading the stored results of vtest.avi")
     */
    default void reportFailure(String about, Logger log, String doing, Throwable error) {
        String sentence = Failures.logged(log, doing, error);
        if (!(error instanceof DanceLensException d && d.kind() == DanceLensException.Kind.CANCELLED)) {
            reportError(about, sentence);
        }
    }

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

    /** Lets the user pick a ratings manifest (CSV; by default the manifest chooser's answer). */
    default Optional<Path> chooseRatings() {
        return chooseManifest();
    }

    /**
     * Lets the user pick where to save a CSV file (none by default, e.g. in tests).
     *
     * @param suggestedName the file name offered
     */
    default Optional<Path> chooseCsvToSave(String title, String suggestedName) {
        return Optional.empty();
    }

    /**
     * Lets the user pick where to save a PNG picture (none by default, e.g. in tests).
     *
     * @param suggestedName the file name offered
     */
    default Optional<Path> choosePngToSave(String title, String suggestedName) {
        return Optional.empty();
    }

    /**
     * Lets the user pick where to save a picture as PNG or SVG, by the name's extension (none by default, e.g. in tests).
     */
    default Optional<Path> choosePictureToSave(String title, String suggestedName) {
        return Optional.empty();
    }

    /**
     * Lets the user pick where to save an MP4 clip (none by default, e.g. in tests).
     *
     * @param suggested the file offered: its folder is where the chooser opens, its name the name offered
     */
    default Optional<Path> chooseClipToSave(String title, Path suggested) {
        return Optional.empty();
    }

    /** Shows a folder in the desktop's file manager (nothing by default, e.g. in tests). */
    default void openFolder(Path folder) {
    }

    /** Opens a file (a report) with the desktop's program for it (nothing by default, e.g. in tests). */
    default void openFile(Path file) {
    }

    /** Lets the user pick an ONNX model file (none by default, e.g. in tests). */
    default Optional<Path> chooseOnnxFile() {
        return Optional.empty();
    }
}
