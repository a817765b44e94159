package org.dancelens.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.dancelens.core.DanceLensException;

/** Writes a file beside its final place and moves it there, so a failure (a full disk) never leaves half a file. */
final class AtomicFiles {
    private AtomicFiles() {
    }

    static void write(byte[] data, Path out) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile(out.toAbsolutePath().getParent(), "." + out.getFileName(), ".part");
            Files.write(tmp, data);
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
