package org.dancelens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.beans.property.SimpleDoubleProperty;
import org.dancelens.ui.SettingsFile;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.dancelens.ui.UiSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DanceLens started with {@code HOME} and the {@code XDG_*} variables set to temporary folders writes nothing outside
 * them: not into the account's own home ({@code user.home}, given here as a folder of its own that must stay empty),
 * and not into the real home's DanceLens folders (their listings and times are the same before and after); and ONNX
 * Runtime's telemetry database is not written anywhere.
 */
class HomeIsolationTest {
    /** In the child: the workbench's settings as the workbench keeps them, then the command line (which exits). */
    public static final class Probe {
        public static void main(String[] args) {
            try (SettingsFile file = SettingsFile.userDefault()) {
                var min = new SimpleDoubleProperty(0.3);
                new UiSettings(file).keep("overlay.minConfidence", min);
                min.set(0.42);
                new org.dancelens.ui.RecentFiles(file).save(List.of(Path.of(args[1])));
            }
            Launcher.main(args);
        }
    }

    @Test
    void aRunWithHomeAndXdgFoldersSetWritesOnlyInsideThem(@TempDir Path dir) throws Exception {
        Path zoo = TestMedia.generatedDir().resolve("zoo");
        assumeTrue(Files.exists(zoo.resolve("movenet-lightning.onnx")), "the converted test zoo (target/test-media/zoo)");
        TestZoo.registry("movenet-lightning");
        Path video = TestMedia.generated("iso-12.avi", org.dancelens.video.PatternVideoWriter.Spec.of("avi", "mpeg4", 160, 120, 12, 12).gop(6));
        Path home = Files.createDirectories(dir.resolve("home"));
        Path account = Files.createDirectories(dir.resolve("account-home"));
        Map<String, Path> xdg = Map.of("XDG_CONFIG_HOME", dir.resolve("xdg/config"), "XDG_CACHE_HOME", dir.resolve("xdg/cache"),
                "XDG_STATE_HOME", dir.resolve("xdg/state"), "XDG_DATA_HOME", dir.resolve("xdg/data"));
        Path realHome = Path.of(System.getProperty("user.home"));
        // (not all of ~/.cache/dancelens: the build itself downloads into it, perhaps meanwhile)
        List<Path> watched = List.of(realHome.resolve(".config/dancelens"), realHome.resolve(".cache/dancelens/javacpp"),
                realHome.resolve(".cache/dancelens/openjfx"), realHome.resolve(".local/state/dancelens"), realHome.resolve(".local/share/dancelens"),
                realHome.resolve(".java/.userPrefs/org/dancelens/settings"), realHome.resolve(".java/.userPrefs/org/dancelens/recent"));
        Map<String, String> before = listing(watched);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the workbench's own logging configuration, not the tests' (which is on the same class path and logs into target/)
        ProcessBuilder pb = new ProcessBuilder(java, "-Xss4m", "-Duser.home=" + account, "-Ddancelens.log=app", "-cp", System.getProperty("java.class.path"),
                Probe.class.getName(), "analyze", video.toString(), "--pose", "movenet-lightning", "--models", zoo.toString(), "--range", "0:4")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("DANCELENS_") || k.startsWith("XDG_") || k.equals("ORT_DISABLE_TELEMETRY"));
        pb.environment().put("HOME", home.toString());
        xdg.forEach((k, v) -> pb.environment().put(k, v.toString()));
        Process p = pb.start();
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("the run ends").isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("out.txt"))).isZero();

        // it did write where it should: settings, log, results store, unpacked native libraries
        assertThat(xdg.get("XDG_CONFIG_HOME").resolve("dancelens/settings.properties")).content()
                .contains("overlay.minConfidence=0.42").contains("recent.file0=" + video.toString().replace(":", "\\:"));
        assertThat(xdg.get("XDG_STATE_HOME").resolve("dancelens/dancelens.log")).exists();
        try (Stream<Path> stores = Files.walk(xdg.get("XDG_DATA_HOME").resolve("dancelens"))) {
            assertThat(stores.filter(f -> f.toString().endsWith(".db")).toList()).as("the results store").isNotEmpty();
        }
        // and nowhere else
        assertThat(tree(account)).as("the account's own home (user.home)").isEmpty();
        assertThat(tree(home)).as("$HOME itself, besides the XDG folders given").isEmpty();
        try (Stream<Path> top = Files.list(dir)) {
            assertThat(top.map(f -> f.getFileName().toString()).sorted().toList()).containsExactly("account-home", "home", "out.txt", "xdg");
        }
        assertThat(listing(watched)).as("the real home's DanceLens folders").isEqualTo(before);
        // the cache folder holds DanceLens's own folder only (JavaCPP's, JavaFX's and JNA's unpacked libraries in it)
        try (Stream<Path> caches = Files.list(xdg.get("XDG_CACHE_HOME"))) {
            assertThat(caches.map(f -> f.getFileName().toString()).toList()).as("the cache folder").containsExactly("dancelens");
        }
        // ONNX Runtime's telemetry database (Microsoft/DeveloperTools/.onnxruntime under the cache folder) is never made
        assertThat(tree(dir)).as("anything of ONNX Runtime's telemetry").noneMatch(f -> f.contains("Microsoft") || f.contains("onnxruntime.db"));
    }

    private static List<String> tree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(f -> !f.equals(root)).map(root::relativize).map(Path::toString).sorted().toList();
        }
    }

    /** Every file and folder under the folders with its size and modification time (absent folders: nothing). */
    private static Map<String, String> listing(List<Path> roots) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (Path root : roots) {
            if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                out.put(root.toString(), "absent");
                continue;
            }
            List<Path> all = new ArrayList<>();
            try (Stream<Path> s = Files.walk(root)) {
                s.forEach(all::add);
            }
            for (Path f : all) {
                out.put(f.toString(), Files.size(f) + " " + Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS));
            }
        }
        return out;
    }
}
