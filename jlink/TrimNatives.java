import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Removes other platforms' native libraries from the jars that carry them all (ONNX Runtime, SQLite JDBC, snappy-java, JNA,
 * Jansi, JLine), so that a package holds only its own platform's. Run by build-installer.sh with the JDK's
 * source launcher: {@code java jlink/TrimNatives.java PLATFORM JAR...}, PLATFORM one of linux-x86_64, linux-arm64,
 * macosx-x86_64, macosx-arm64, windows-x86_64 (JavaCPP's names, as in the pom's platform profiles). Each jar is
 * rewritten to a temporary file and renamed over the original; a jar with nothing to remove is left alone.
 * Prints one line per jar: entries and bytes removed.
 */
public final class TrimNatives {
    /** Per jar family: the folder holding one sub-folder per platform, and each platform's sub-folder name. */
    private record Family(String jarPrefix, String root, Map<String, String> platforms) {
    }

    private static final List<Family> FAMILIES = List.of(
            new Family("onnxruntime", "ai/onnxruntime/native/", Map.of("linux-x86_64", "linux-x64/", "linux-arm64", "linux-aarch64/",
                    "macosx-x86_64", "osx-x64/", "macosx-arm64", "osx-aarch64/", "windows-x86_64", "win-x64/")),
            new Family("sqlite-jdbc", "org/sqlite/native/", Map.of("linux-x86_64", "Linux/x86_64/", "linux-arm64", "Linux/aarch64/",
                    "macosx-x86_64", "Mac/x86_64/", "macosx-arm64", "Mac/aarch64/", "windows-x86_64", "Windows/x86_64/")),
            new Family("snappy-java", "org/xerial/snappy/native/", Map.of("linux-x86_64", "Linux/x86_64/", "linux-arm64", "Linux/aarch64/",
                    "macosx-x86_64", "Mac/x86_64/", "macosx-arm64", "Mac/aarch64/", "windows-x86_64", "Windows/x86_64/")),
            new Family("jna-", "com/sun/jna/", Map.of("linux-x86_64", "linux-x86-64/", "linux-arm64", "linux-aarch64/",
                    "macosx-x86_64", "darwin-x86-64/", "macosx-arm64", "darwin-aarch64/", "windows-x86_64", "win32-x86-64/")),
            new Family("jansi", "org/fusesource/jansi/internal/native/", Map.of("linux-x86_64", "Linux/x86_64/", "linux-arm64", "Linux/arm64/",
                    "macosx-x86_64", "Mac/x86_64/", "macosx-arm64", "Mac/arm64/", "windows-x86_64", "Windows/x86_64/")),
            new Family("jline-native", "org/jline/nativ/", Map.of("linux-x86_64", "Linux/x86_64/", "linux-arm64", "Linux/arm64/",
                    "macosx-x86_64", "Mac/x86_64/", "macosx-arm64", "Mac/arm64/", "windows-x86_64", "Windows/x86_64/")));

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: java TrimNatives.java PLATFORM JAR...");
            System.exit(2);
        }
        String platform = args[0];
        for (int i = 1; i < args.length; i++) {
            Path jar = Path.of(args[i]);
            String name = jar.getFileName().toString();
            for (Family f : FAMILIES) {
                if (name.startsWith(f.jarPrefix())) {
                    String keep = f.platforms().get(platform);
                    if (keep == null) {
                        System.err.println("TrimNatives: unknown platform " + platform);
                        System.exit(2);
                    }
                    trim(jar, f.root(), f.root() + keep);
                }
            }
        }
    }

    /** Whether an entry under {@code root} is another platform's native code (a file or folder not under {@code keep}). */
    private static boolean foreign(String entry, String root, String keep) {
        if (!entry.startsWith(root) || entry.startsWith(keep) || keep.startsWith(entry)) {
            return false;
        }
        String rest = entry.substring(root.length());
        // JNA keeps its Java classes next to the platform folders: only folders (platform names with a '-') go.
        return rest.contains("/") && (!root.equals("com/sun/jna/") || rest.substring(0, rest.indexOf('/')).contains("-"));
    }

    private static void trim(Path jar, String root, String keep) throws IOException {
        long removed = 0;
        int entries = 0;
        Path tmp = jar.resolveSibling(jar.getFileName() + ".trim.tmp");
        try (ZipFile in = new ZipFile(jar.toFile()); OutputStream os = Files.newOutputStream(tmp); ZipOutputStream out = new ZipOutputStream(os)) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                if (foreign(e.getName(), root, keep)) {
                    removed += Math.max(0, e.getSize());
                    entries++;
                    continue;
                }
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime());
                out.putNextEntry(copy);
                try (InputStream is = in.getInputStream(e)) {
                    is.transferTo(out);
                }
                out.closeEntry();
            }
        }
        if (entries == 0) {
            Files.delete(tmp);
            System.out.println("TrimNatives: " + jar.getFileName() + ": nothing to remove");
            return;
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.printf("TrimNatives: %s: removed %d entries, %.1f MB of other platforms' native code%n", jar.getFileName(), entries, removed / 1e6);
    }
}
