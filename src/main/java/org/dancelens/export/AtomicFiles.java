package org.dancelens.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.dancelens.core.DanceLensException;

/**
 * Writes a file beside its final place and moves it there, so a failure (a full disk, a cancel) never leaves half a
 * file and an older version stays whole until the new one is complete.
 */
public final class AtomicFiles {
    /** Writes the file's content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    public static void write(byte[] data, Path out) {
        write(out, o -> o.write(data));
    }

    /** Streams the content into a temporary file beside {@code out}, then renames it to {@code out}. */
    public static void write(Path out, Content content) {
        Path tmp = null;
        try {
            Path dir = out.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + out.getFileName(), ".part");
            try (OutputStream o = new java.io.BufferedOutputStream(Files.newOutputStream(tmp))) {
                content.writeTo(o);
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the write error is what matters
                }
            }
            String why = e.getMessage() != null && e.getMessage().contains("No space left") ? "the disk is full" : String.valueOf(e.getMessage());
            throw DanceLensException.badInput("Could not write " + out + ": " + why + ".", e);
        }
    }
}
