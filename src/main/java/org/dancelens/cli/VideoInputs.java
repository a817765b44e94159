package org.dancelens.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.dancelens.core.DanceLensException;

/**
 * The videos a batch command is given: files as they are, folders as the video files in them ({@code --recursive}:
 * and in their subfolders), and glob patterns ({@code 'archive/**}{@code /*.mp4'}, quoted so the shell leaves them) as
 * the files they match. Sorted by path within each input, each video once, in the order of the inputs.
 */
final class VideoInputs {
    /** The file name endings a folder's videos are recognised by (those the workbench's Open dialog lists). */
    static final Set<String> VIDEO_EXTENSIONS = Set.of("mp4", "m4v", "mov", "avi", "mkv", "webm", "mpg", "mpeg", "ts", "mts", "m2ts", "ogv", "ogg",
            "3gp", "flv", "wmv", "dv");

    private VideoInputs() {
    }

    /** True when {@code arg} is a glob pattern rather than a path. */
    static boolean isPattern(String arg) {
        return arg.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    /** True when the inputs ask for a batch: more than one, or a folder or a pattern. */
    static boolean isBatch(List<String> args) {
        return args.size() > 1 || args.stream().anyMatch(a -> isPattern(a) || Files.isDirectory(Path.of(a)));
    }

    static boolean isVideoName(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && VIDEO_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * The videos; one sentence when an input names nothing (a missing file, a folder without videos, a pattern matching
     * no file). A file given by name is taken whatever its ending (a damaged or wrong one is reported when analysed).
     */
    static List<Path> expand(List<String> args, boolean recursive) {
        Set<Path> out = new LinkedHashSet<>();
        for (String a : args) {
            List<Path> found;
            if (isPattern(a)) {
                found = matching(a);
                if (found.isEmpty()) {
                    throw DanceLensException.badInput("No file matches " + a + ".");
                }
            } else {
                Path p = Path.of(a);
                if (Files.isDirectory(p)) {
                    found = inFolder(p, recursive);
                    if (found.isEmpty()) {
                        throw DanceLensException.badInput(p + " holds no video files (" + String.join(", ", VIDEO_EXTENSIONS.stream().sorted().toList())
                                + (recursive ? ")." : "); --recursive also looks in its subfolders."));
                    }
                } else if (Files.isRegularFile(p)) {
                    found = List.of(p);
                } else {
                    throw DanceLensException.badInput(p + " does not exist.");
                }
            }
            found.forEach(f -> out.add(f.toAbsolutePath().normalize()));
        }
        return List.copyOf(out);
    }

    private static List<Path> inFolder(Path dir, boolean recursive) {
        try (Stream<Path> s = recursive ? Files.walk(dir) : Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(VideoInputs::isVideoName).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw DanceLensException.badInput("The folder " + dir + " cannot be read (" + e.getMessage() + ").", e);
        }
    }

    /** The files a glob matches: walked from the pattern's longest folder prefix without wildcards. */
    private static List<Path> matching(String pattern) {
        String norm = pattern.replace('\\', '/');
        int wild = 0;
        while (wild < norm.length() && "*?[{".indexOf(norm.charAt(wild)) < 0) {
            wild++;
        }
        int slash = norm.lastIndexOf('/', wild);
        Path base = slash < 0 ? Paths.get("") : Paths.get(slash == 0 ? "/" : norm.substring(0, slash));
        String rest = slash < 0 ? norm : norm.substring(slash + 1);
        if (!Files.isDirectory(base.toString().isEmpty() ? Paths.get(".") : base)) {
            return List.of();
        }
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + rest);
        // "**/" in Java's globs needs at least one folder; a user means "in any folder, this one too"
        PathMatcher top = rest.startsWith("**/") ? FileSystems.getDefault().getPathMatcher("glob:" + rest.substring(3)) : m;
        Path root = base.toString().isEmpty() ? Paths.get(".") : base;
        boolean deep = rest.contains("**") || rest.contains("/");
        List<Path> found = new ArrayList<>();
        try (Stream<Path> s = deep ? Files.walk(root) : Files.list(root)) {
            s.filter(Files::isRegularFile).filter(p -> m.matches(root.relativize(p)) || top.matches(root.relativize(p))).sorted().forEach(found::add);
        } catch (IOException | UncheckedIOException e) {
            throw DanceLensException.badInput("The folder " + root + " cannot be read (" + e.getMessage() + ").", e);
        }
        return found;
    }
}
