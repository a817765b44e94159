package org.dancelens.analysis;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.dancelens.core.UserFolders;

/** Where the workbench keeps its results: one store per video under the user's data folder. */
public final class Workspace {
    private Workspace() {
    }

    /** The user's data folder ({@link UserFolders#data()}). */
    public static Path dataDir() {
        return UserFolders.data();
    }

    /** The results store of a video: {@code results/NAME-HASH.db}, the hash of its absolute path. */
    public static Path storeFor(Path video) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            String abs = video.toAbsolutePath().normalize().toString();
            String hash = HexFormat.of().formatHex(md.digest(abs.getBytes(StandardCharsets.UTF_8))).substring(0, 12);
            String name = video.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
            return dataDir().resolve("results").resolve(name + "-" + hash + ".db");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
