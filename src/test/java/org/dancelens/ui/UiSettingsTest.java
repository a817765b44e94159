package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UiSettingsTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("config/dancelens/settings.properties");
    }

    @Test
    void settingsAreKeptBetweenSessionsInAReadableFile() throws Exception {
        var show = new SimpleBooleanProperty(true);
        var min = new SimpleDoubleProperty(0.3);
        var model = new SimpleStringProperty("movenet-multipose");
        try (SettingsFile f = SettingsFile.open(file())) {
            UiSettings first = new UiSettings(f);
            first.keep("show", show);
            first.keep("min", min);
            first.keep("model", model);
            show.set(false);
            min.set(0.55);
            model.set("blazepose-full");
        } // the end of the session writes what is left
        assertThat(Files.readAllLines(file())).contains("min=0.55", "model=blazepose-full", "show=false");
        // A new session: fresh properties with the defaults, then the kept values.
        var show2 = new SimpleBooleanProperty(true);
        var min2 = new SimpleDoubleProperty(0.3);
        var model2 = new SimpleStringProperty("movenet-multipose");
        UiSettings second = new UiSettings(SettingsFile.open(file()));
        second.keep("show", show2);
        second.keep("min", min2);
        second.keep("model", model2);
        assertThat(show2.get()).isFalse();
        assertThat(min2.get()).isEqualTo(0.55);
        assertThat(model2.get()).isEqualTo("blazepose-full");
    }

    @Test
    void aChangeIsWrittenSoonWithoutWaitingForTheEnd() throws Exception {
        SettingsFile f = SettingsFile.open(file());
        var min = new SimpleDoubleProperty(0.3);
        new UiSettings(f).keep("overlay.minConfidence", min);
        min.set(0.4);
        long until = System.nanoTime() + 5_000_000_000L;
        while (!(Files.exists(file()) && Files.readString(file()).contains("overlay.minConfidence=0.4")) && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(file()).content().contains("overlay.minConfidence=0.4");
    }

    @Test
    void listsAreKeptOnePerLine() throws Exception {
        var folders = FXCollections.<String>observableArrayList();
        try (SettingsFile f = SettingsFile.open(file())) {
            new UiSettings(f).keep("folders", folders);
            folders.addAll("/data/models", "/home/me/my models");
        }
        var again = FXCollections.<String>observableArrayList();
        new UiSettings(SettingsFile.open(file())).keep("folders", again);
        assertThat(again).containsExactly("/data/models", "/home/me/my models");
    }

    @Test
    void aValueEditedIntoSomethingElseLeavesTheDefaultAndTheOthersAreRead() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "overlay.minConfidence = lots\noverlay.boxes = maybe\nanalysis.model = movenet-thunder\n");
        var min = new SimpleDoubleProperty(0.3);
        var boxes = new SimpleBooleanProperty(true);
        var model = new SimpleStringProperty("movenet-lightning");
        UiSettings s = new UiSettings(SettingsFile.open(file()));
        s.keep("overlay.minConfidence", min);
        s.keep("overlay.boxes", boxes);
        s.keep("analysis.model", model);
        assertThat(min.get()).isEqualTo(0.3);
        assertThat(boxes.get()).isTrue();
        assertThat(model.get()).isEqualTo("movenet-thunder");
    }

    @Test
    void aChoiceEditedIntoAnUnknownNameLeavesTheDefault() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "overlay.colorMap = rainbow\n");
        var map = new SimpleStringProperty("cividis");
        new UiSettings(SettingsFile.open(file())).keep("overlay.colorMap", map, org.dancelens.ui.session.OverlaySettings.COLOR_MAPS);
        assertThat(map.get()).isEqualTo("cividis");
        Files.writeString(file(), "overlay.colorMap = jet\n");
        new UiSettings(SettingsFile.open(file())).keep("overlay.colorMap", map, org.dancelens.ui.session.OverlaySettings.COLOR_MAPS);
        assertThat(map.get()).isEqualTo("jet");
    }

    @Test
    void recentFilesAreKeptInTheSameFile() throws Exception {
        try (SettingsFile f = SettingsFile.open(file())) {
            new RecentFiles(f).save(List.of(Path.of("/videos/b.mp4"), Path.of("/videos/a.avi")));
        }
        assertThat(Files.readAllLines(file())).contains("recent.file0=/videos/b.mp4", "recent.file1=/videos/a.avi");
        assertThat(new RecentFiles(SettingsFile.open(file())).load()).containsExactly(Path.of("/videos/b.mp4"), Path.of("/videos/a.avi"));
    }
}
