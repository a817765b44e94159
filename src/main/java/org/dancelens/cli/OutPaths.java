package org.dancelens.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dancelens.core.DanceLensException;

/**
 * The paths {@code --out} options name: checked before a command does any work (so a long run never ends in an error
 * about where to put its results), created when the results are written. Each failure is one sentence naming the
 * option as the user typed it.
 */
final class OutPaths {
    private OutPaths() {
    }

    /**
     * Checks that {@code dir} is a folder or can be made one: it is not a file, and no part of the path above it is.
     *
     * @param option the option's name as the user typed it, e.g. {@code --out}
     */
    static void checkFolder(Path dir, String option) {
        if (dir == null) {
            return;
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw DanceLensException.badInput(option + " " + dir + " is a file, not a folder: give the folder the results go to.");
        }
        checkCreatable(dir, option);
    }

    /** As {@link #checkFolder}, then creates the folder (and the folders above it). */
    static Path createFolder(Path dir, String option) {
        checkFolder(dir, option);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw DanceLensException.badInput(option + " " + dir + " cannot be created: " + reason(e) + ".", e);
        }
    }

    /** Checks that {@code file} can be written: it is not a folder, and its folder is one or can be made one. */
    static void checkFile(Path file, String option) {
        if (Files.isDirectory(file)) {
            throw DanceLensException.badInput(option + " " + file + " is a folder: give the file to write.");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            if (Files.exists(parent) && !Files.isDirectory(parent)) {
                throw DanceLensException.badInput(option + " " + file + " cannot be written: " + parent + " is a file, not a folder.");
            }
            checkCreatable(parent, option);
        }
    }

    /** The nearest part of the path that exists must be a folder we may write in. */
    private static void checkCreatable(Path dir, String option) {
        Path p = dir.toAbsolutePath().normalize();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null || p.equals(dir.toAbsolutePath().normalize())) {
            if (p != null && !Files.isWritable(p)) {
                throw DanceLensException.badInput(option + " " + dir + " cannot be written to: no permission to write in it.");
            }
            return;
        }
        if (!Files.isDirectory(p)) {
            throw DanceLensException.badInput(option + " " + dir + " cannot be created: " + p + " is a file, not a folder.");
        }
        if (!Files.isWritable(p)) {
            throw DanceLensException.badInput(option + " " + dir + " cannot be created: no permission to write in " + p + ".");
        }
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.FileAlreadyExistsException f) {
            return f.getFile() + " is a file";
        }
        if (e instanceof java.nio.file.AccessDeniedException a) {
            return "no permission to write in " + (a.getFile() != null ? a.getFile() : "its folder");
        }
        return e.getMessage() != null && e.getMessage().contains("No space left") ? "the disk is full" : String.valueOf(e.getMessage());
    }
}
