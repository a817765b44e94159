package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class SettingsFileTest {
    @TempDir
    Path dir;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(SettingsFile.class);

    @BeforeEach
    void listen() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(log);
    }

    private List<String> warnings() {
        return log.list.stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void theFileIsReadableKeysInOrderAndLineBreaksEscaped() throws Exception {
        Path file = dir.resolve("settings.properties");
        try (SettingsFile s = SettingsFile.open(file)) {
            s.put("overlay.masks", "true");
            s.put("analysis.model", "movenet-thunder");
            s.put("models.folders", "/a b\n/c=d");
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).startsWith("# DanceLens workbench settings");
        assertThat(lines.subList(1, lines.size())).containsExactly("analysis.model=movenet-thunder", "models.folders=/a b\\n/c\\=d", "overlay.masks=true");
        assertThat(SettingsFile.open(file).get("models.folders")).isEqualTo("/a b\n/c=d");
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).as("no temporary file left").containsExactly("settings.properties");
        }
    }

    @Test
    void aMalformedFileGivesDefaultsOneWarningAndIsKeptAsBad() throws Exception {
        Path file = dir.resolve("settings.properties");
        byte[] garbage = {'a', '=', (byte) 0xff, (byte) 0xfe, 0, 1, 2, '\n', 'b', '=', '\\', 'u', '1', '2'};
        Files.write(file, garbage);
        SettingsFile s = SettingsFile.open(file);
        assertThat(s.get("a")).isNull();
        assertThat(s.get("b")).isNull();
        assertThat(warnings()).hasSize(1);
        assertThat(warnings().get(0)).contains("settings.properties.bad").contains("defaults");
        assertThat(Files.readAllBytes(dir.resolve("settings.properties.bad"))).isEqualTo(garbage);
        assertThat(file).doesNotExist();
        s.put("a", "1");
        s.close();
        assertThat(SettingsFile.open(file).get("a")).isEqualTo("1");
    }

    @Test
    void aBrokenUnicodeEscapeIsMalformedToo() throws Exception {
        Path file = dir.resolve("settings.properties");
        Files.writeString(file, "analysis.model=movenet\nx=\\u12zz\n");
        SettingsFile s = SettingsFile.open(file);
        assertThat(s.get("analysis.model")).isNull();
        assertThat(warnings()).hasSize(1);
        assertThat(dir.resolve("settings.properties.bad")).exists();
    }

    @Test
    void settingsOfAnOlderDanceLensInJavasPreferencesTreeAreCarriedOverOnce() throws Exception {
        Path tree = dir.resolve("home/.java/.userPrefs/org/dancelens");
        Files.createDirectories(tree.resolve("settings"));
        Files.createDirectories(tree.resolve("recent"));
        // as java.util.prefs writes them (with the DOCTYPE whose DTD must not be fetched)
        Files.writeString(tree.resolve("settings/prefs.xml"), """
                <?xml version="1.0" encoding="UTF-8" standalone="no"?>
                <!DOCTYPE map SYSTEM "http://java.sun.com/dtd/preferences.dtd">
                <map MAP_XML_VERSION="1.0">
                  <entry key="analysis.model" value="movenet-thunder"/>
                  <entry key="overlay.minConfidence" value="0.45"/>
                </map>
                """);
        Files.writeString(tree.resolve("recent/prefs.xml"), """
                <?xml version="1.0" encoding="UTF-8" standalone="no"?>
                <!DOCTYPE map SYSTEM "http://java.sun.com/dtd/preferences.dtd">
                <map MAP_XML_VERSION="1.0">
                  <entry key="file0" value="/videos/solo.mp4"/>
                </map>
                """);
        Path file = dir.resolve("config/dancelens/settings.properties");
        SettingsFile s = SettingsFile.open(file, List.of(dir.resolve("nothing-here"), tree));
        assertThat(s.get("analysis.model")).isEqualTo("movenet-thunder");
        assertThat(s.get("overlay.minConfidence")).isEqualTo("0.45");
        assertThat(s.get("recent.file0")).isEqualTo("/videos/solo.mp4");
        assertThat(Files.readAllLines(file)).contains("analysis.model=movenet-thunder", "recent.file0=/videos/solo.mp4");
        assertThat(tree.resolve("settings/prefs.xml")).as("the old settings are left where they are").exists();
        // once only: the settings file now wins over the old tree
        try (SettingsFile again = SettingsFile.open(file, List.of(tree))) {
            again.put("analysis.model", "blazepose-full");
        }
        assertThat(SettingsFile.open(file, List.of(tree)).get("analysis.model")).isEqualTo("blazepose-full");
    }

    @Test
    void unreadableOldPreferencesAreNotCarriedOverAndDoNotStopTheStart() throws Exception {
        Path tree = dir.resolve("old");
        Files.createDirectories(tree.resolve("settings"));
        Files.writeString(tree.resolve("settings/prefs.xml"), "<map><entry key=");
        SettingsFile s = SettingsFile.open(dir.resolve("settings.properties"), List.of(tree));
        assertThat(s.get("analysis.model")).isNull();
        assertThat(dir.resolve("settings.properties")).doesNotExist();
        assertThat(warnings()).hasSize(1);
    }
}
