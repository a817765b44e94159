package org.dancelens.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the DanceLens command line as an unprivileged user ({@code nobody}, uid and gid 65534) from a test running as
 * root, where file permissions mean nothing (root reads a file of mode 000). Uses util-linux's {@code setpriv}, which
 * Debian always has ({@code .ci/run} installs it otherwise). The class path is mirrored into a folder that user can
 * read (hard links where the file is readable by everyone already, copies otherwise; the test classes are left out, so
 * the application's own logging set-up is used), and the run gets a home, data, log and native-library folder of its
 * own there.
 */
public final class Unprivileged {
    /** The unprivileged user's and group's id: nobody / nogroup on Debian. */
    public static final int NOBODY = 65534;
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r--r--");

    private Unprivileged() {
    }

    /** Whether this process runs as root (uid 0), read from the owner of {@code /proc/self}. */
    public static boolean runningAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** The path of {@code setpriv} on this machine, or null. */
    public static Path setpriv() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir, "setpriv");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        for (String p : new String[] {"/usr/bin/setpriv", "/bin/setpriv"}) {
            if (Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        return null;
    }

    /**
     * A folder the unprivileged user can reach and read ({@code rwxr-xr-x}, in the system's temporary folder, whose
     * own mode lets everyone in), for the files the run is given.
     */
    public static Path readableFolder(String prefix) throws IOException {
        Path d = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), prefix);
        Files.setPosixFilePermissions(d, DIR);
        return d;
    }

    /**
     * Runs {@code dancelens ARGS} as nobody in a fresh JVM and waits (at most two minutes).
     *
     * @param work a folder from {@link #readableFolder}; the class path and the run's own folders go there
     */
    public static CliRun dancelens(Path work, String... args) throws IOException, InterruptedException {
        Path setpriv = setpriv();
        if (setpriv == null) {
            throw new AssertionError("setpriv (util-linux) is needed to run this test as an unprivileged user; install util-linux (.ci/run does).");
        }
        Path cp = mirrorClassPath(work.resolve("cp"));
        Path home = Files.createDirectories(work.resolve("home"));
        // the run writes its log, data and extracted native libraries here
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
        List<String> cmd = new ArrayList<>(List.of(setpriv.toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xss4m", "-Dfile.encoding=UTF-8",
                "-Ddancelens.data=" + home.resolve("data"), "-Dorg.bytedeco.javacpp.cachedir=" + home.resolve("javacpp"),
                "-cp", cp.resolve("classes") + File.pathSeparator + cp + File.separator + "*",
                "org.dancelens.Launcher"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile());
        pb.environment().put("HOME", home.toString());
        pb.environment().put("DANCELENS_LOG_DIR", home.resolve("logs").toString());
        for (String xdg : List.of("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME")) {
            pb.environment().put(xdg, home.resolve(xdg.toLowerCase(java.util.Locale.ROOT)).toString());
        }
        pb.environment().put("LC_ALL", "C.UTF-8");
        pb.redirectOutput(work.resolve("out.txt").toFile()).redirectError(work.resolve("err.txt").toFile());
        Process p = pb.start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("dancelens as nobody did not end within two minutes: " + String.join(" ", args));
        }
        return new CliRun(p.exitValue(), Files.readString(work.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(work.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    /** This JVM's class path without the test classes: jars into {@code to}, the main classes into {@code to/classes}. */
    private static Path mirrorClassPath(Path to) throws IOException {
        if (Files.isDirectory(to)) {
            return to;
        }
        Files.createDirectories(to);
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path e = Path.of(entry);
            if (Files.isDirectory(e)) {
                if (e.getFileName().toString().equals("test-classes")) {
                    continue; // its logback-test.xml would log into the working folder; the user runs the application's own set-up
                }
                Path target = to.resolve("classes");
                try (Stream<Path> all = Files.walk(e)) {
                    for (Path p : all.toList()) {
                        Path t = target.resolve(e.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(t);
                            Files.setPosixFilePermissions(t, DIR);
                        } else {
                            link(p, t);
                        }
                    }
                }
            } else if (Files.isRegularFile(e)) {
                link(e, to.resolve(String.format("%03d-%s", n++, e.getFileName())));
            }
        }
        Files.setPosixFilePermissions(to, DIR);
        return to;
    }

    /** A hard link when the file is readable by everyone (so its mode need not change), a readable copy otherwise. */
    private static void link(Path from, Path to) throws IOException {
        boolean everyone = Files.getPosixFilePermissions(from).contains(PosixFilePermission.OTHERS_READ);
        if (everyone) {
            try {
                Files.createLink(to, from);
                return;
            } catch (IOException | UnsupportedOperationException e) {
                // another file system: copy
            }
        }
        Files.copy(from, to);
        Files.setPosixFilePermissions(to, FILE);
    }
}
