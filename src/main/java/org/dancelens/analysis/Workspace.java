package org.dancelens.analysis;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Where the workbench keeps its results: one store per video under the user's data folder. */
public final class Workspace {
    private Workspace() {
    }

    public static Path dataDir() {
        String xdg = System.getenv("XDG_DATA_HOME");
        String base = xdg != null && !xdg.isBlank() ? xdg : System.getProperty("user.home") + "/.local/share";
        return Path.of(System.getProperty("dancelens.data", base + "/dancelens"));
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
