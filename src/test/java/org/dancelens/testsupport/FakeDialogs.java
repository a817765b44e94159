package org.dancelens.testsupport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dancelens.ui.DialogService;

/**
 * The dialogs of a view-model test: errors and messages are recorded, and each chooser answers with what the test put
 * in its field (nothing while the field is null, as when the user cancels).
 */
public final class FakeDialogs implements DialogService {
    /** The sentences shown as errors, in order. */
    public final List<String> errors = new ArrayList<>();
    /** The sentences shown as information, in order. */
    public final List<String> infos = new ArrayList<>();
    /** The answer of the video chooser. */
    public Path video;
    /** The answer of the folder chooser. */
    public Path folder;
    /** The answer of the manifest chooser. */
    public Path manifest;
    /** The answer of the ONNX file chooser. */
    public Path onnx;
    /** The answer of the save-a-CSV chooser. */
    public Path csvToSave;
    /** The answer of the save-a-PNG chooser. */
    public Path pngToSave;
    /** What the picture (PNG or SVG) save dialog answers (null: cancelled). */
    public Path pictureToSave;
    /** The folders asked to be shown in the file manager, in order. */
    public final List<Path> openedFolders = new ArrayList<>();
    /** The files asked to be opened with the desktop's program, in order. */
    public final List<Path> openedFiles = new ArrayList<>();
    /** The answer of the save-a-clip chooser. */
    public Path clipToSave;
    /** The files the save-a-clip chooser offered, in order. */
    public final List<Path> suggestedClips = new ArrayList<>();
    /** The file names the save-a-CSV and save-a-PNG choosers offered, in order. */
    public final List<String> suggestedNames = new ArrayList<>();

    @Override
    public Optional<Path> chooseVideo() {
        return Optional.ofNullable(video);
    }

    @Override
    public Optional<Path> chooseFolder(String title) {
        return Optional.ofNullable(folder);
    }

    @Override
    public Optional<Path> chooseManifest() {
        return Optional.ofNullable(manifest);
    }

    @Override
    public Optional<Path> chooseOnnxFile() {
        return Optional.ofNullable(onnx);
    }

    @Override
    public Optional<Path> choosePngToSave(String title, String suggestedName) {
        suggestedNames.add(suggestedName);
        return Optional.ofNullable(pngToSave);
    }

    @Override
    public Optional<Path> choosePictureToSave(String title, String suggestedName) {
        suggestedNames.add(suggestedName);
        return Optional.ofNullable(pictureToSave);
    }

    @Override
    public Optional<Path> chooseCsvToSave(String title, String suggestedName) {
        suggestedNames.add(suggestedName);
        return Optional.ofNullable(csvToSave);
    }

    @Override
    public Optional<Path> chooseClipToSave(String title, Path suggested) {
        suggestedClips.add(suggested);
        return Optional.ofNullable(clipToSave);
    }

    @Override
    public void openFolder(Path folder) {
        openedFolders.add(folder);
    }

    @Override
    public void showError(String sentence) {
        errors.add(sentence);
    }

    @Override
    public void showInfo(String sentence) {
        infos.add(sentence);
    }

    @Override
    public void openFile(Path file) {
        openedFiles.add(file);
    }
}
