package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.prefs.Preferences;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import org.junit.jupiter.api.Test;

class UiSettingsTest {
    @Test
    void settingsAreKeptBetweenSessions() throws Exception {
        Preferences node = Preferences.userRoot().node("org/dancelens/settings-test-" + System.nanoTime());
        try {
            var show = new SimpleBooleanProperty(true);
            var min = new SimpleDoubleProperty(0.3);
            var model = new SimpleStringProperty("movenet-multipose");
            UiSettings first = new UiSettings(node);
            first.keep("show", show);
            first.keep("min", min);
            first.keep("model", model);
            show.set(false);
            min.set(0.55);
            model.set("blazepose-full");
            // A new session: fresh properties with the defaults, then the kept values.
            var show2 = new SimpleBooleanProperty(true);
            var min2 = new SimpleDoubleProperty(0.3);
            var model2 = new SimpleStringProperty("movenet-multipose");
            UiSettings second = new UiSettings(node);
            second.keep("show", show2);
            second.keep("min", min2);
            second.keep("model", model2);
            assertThat(show2.get()).isFalse();
            assertThat(min2.get()).isEqualTo(0.55);
            assertThat(model2.get()).isEqualTo("blazepose-full");
        } finally {
            node.removeNode();
        }
    }

    @Test
    void listsAreKeptOnePerLine() throws Exception {
        Preferences node = Preferences.userRoot().node("org/dancelens/settings-test-" + System.nanoTime());
        try {
            var folders = javafx.collections.FXCollections.<String>observableArrayList();
            new UiSettings(node).keep("folders", folders);
            folders.addAll("/data/models", "/home/me/my models");
            var again = javafx.collections.FXCollections.<String>observableArrayList();
            new UiSettings(node).keep("folders", again);
            assertThat(again).containsExactly("/data/models", "/home/me/my models");
        } finally {
            node.removeNode();
        }
    }

    @Test
    void settingsKeptByAnEarlierDanceLensUnderJavasOwnFolderAreCarriedOverOnceAndLeftInPlace(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path home = dir.resolve("home");
        java.nio.file.Path config = dir.resolve("config/dancelens");
        java.nio.file.Path old = java.nio.file.Files.createDirectories(home.resolve(".java/.userPrefs/org/dancelens/settings"));
        java.nio.file.Files.writeString(old.resolve("prefs.xml"), "<map><entry key=\"analysis.model\" value=\"movenet-thunder\"/></map>");
        UiSettings.carryOver(home, config);
        java.nio.file.Path copied = config.resolve(".java/.userPrefs/org/dancelens/settings/prefs.xml");
        assertThat(copied).hasContent("<map><entry key=\"analysis.model\" value=\"movenet-thunder\"/></map>");
        assertThat(old.resolve("prefs.xml")).exists();
        // once only: what the new folder holds is never replaced by the old settings
        java.nio.file.Files.writeString(copied, "<map/>");
        UiSettings.carryOver(home, config);
        assertThat(copied).hasContent("<map/>");
        assertThat(java.nio.file.Files.list(config.resolve(".java/.userPrefs/org")).toList()).as("no temporary copy left behind").hasSize(1);
    }
}
