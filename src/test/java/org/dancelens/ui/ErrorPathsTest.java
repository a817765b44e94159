package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dancelens.core.ExecutorTaskRunner;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.ui.session.OverlaySettings;
import org.dancelens.video.PatternVideoWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Failures reaching the workbench's view-models end as one sentence saying what they concern; our bugs name no Java type. */
class ErrorPathsTest {
    @TempDir
    Path dir;

    /** What the view-models asked to show: what each problem concerns and its sentence. */
    static final class Reported implements DialogService {
        record Error(String about, String sentence) {
        }

        final List<Error> errors = new CopyOnWriteArrayList<>();

        @Override
        public Optional<Path> chooseVideo() {
            return Optional.empty();
        }

        @Override
        public void showError(String sentence) {
            reportError(null, sentence);
        }

        @Override
        public void reportError(String about, String sentence) {
            errors.add(new Error(about, sentence));
        }

        @Override
        public void showInfo(String sentence) {
        }
    }

    org.dancelens.testsupport.PumpedExecutor ui;
    ExecutorTaskRunner tasks;
    Reported dialogs;
    java.nio.file.Path settingsDir;
    SettingsFile prefs;

    @BeforeEach
    void setUp() {
        ui = new org.dancelens.testsupport.PumpedExecutor();
        tasks = new ExecutorTaskRunner(2, ui);
        dialogs = new Reported();
        settingsDir = UiHarness.tempDir();
        prefs = SettingsFile.open(settingsDir.resolve(SettingsFile.NAME));
    }

    @AfterEach
    void tearDown() throws Exception {
        tasks.close();
        prefs.close();
        UiHarness.deleteTree(settingsDir);
    }

    private static Path video() {
        return TestMedia.generated("errors-20.avi", PatternVideoWriter.Spec.of("avi", "mpeg4", 160, 120, 20, 20).gop(10));
    }

    @Test
    void aJobThatHitsOurOwnBugSaysTheGenericSentenceNotTheJavaType() {
        BackgroundJob job = new BackgroundJob(tasks, dialogs, LoggerFactory.getLogger(ErrorPathsTest.class), "").workingOn(() -> "vtest.avi");
        job.start("analysis", "Starting…", ctx -> {
            Object missing = null;
            return missing.hashCode(); // a bug of ours
        }, r -> { });
        ui.pumpUntil(() -> !dialogs.errors.isEmpty(), Duration.ofSeconds(10));
        ui.pumpUntil(() -> !job.runningProperty().get(), Duration.ofSeconds(10));
        assertThat(dialogs.errors).hasSize(1);
        Reported.Error e = dialogs.errors.get(0);
        assertThat(e.sentence()).isEqualTo(Failures.generic()).doesNotContain("NullPointerException");
        assertThat(e.about()).isEqualTo("Analysis · vtest.avi");
        assertThat(job.statusProperty().get()).isEqualTo("The analysis stopped.");
    }

    @Test
    void aFileThatIsNotAVideoIsOneSentenceAboutThatFile() throws Exception {
        Path notes = Files.writeString(dir.resolve("rehearsal notes.mp4"), "not a video\n".repeat(30));
        try (WorkbenchViewModel wb = new WorkbenchViewModel(tasks, ui, dialogs, new RecentFiles(prefs), new OverlaySettings(), v -> dir.resolve("s.db"))) {
            wb.open(notes);
            ui.pumpUntil(() -> !dialogs.errors.isEmpty() && !wb.busyProperty().get(), Duration.ofSeconds(20));
            assertThat(dialogs.errors).hasSize(1);
            assertThat(dialogs.errors.get(0).about()).isEqualTo("rehearsal notes.mp4");
            assertThat(dialogs.errors.get(0).sentence()).contains("rehearsal notes.mp4").contains("not a video").doesNotContain("\n");
        }
    }

    @Test
    void aCardThatCannotBeUsedIsToldOnceUntilItComesBack() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("models"));
        Files.writeString(folder.resolve("broken.yaml"), "id: broken\nname: [unclosed\n");
        List<List<String>> told = new java.util.ArrayList<>();
        try (org.dancelens.inference.ModelCatalog catalog = org.dancelens.inference.ModelCatalog.of(List.of(folder));
             org.dancelens.ui.models.InstalledModels installed = new org.dancelens.ui.models.InstalledModels(catalog, Runnable::run)) {
            installed.onNewProblems(list -> told.add(list.stream().map(org.dancelens.inference.ModelRegistry.Problem::message).toList()));
            installed.load();
            assertThat(told).hasSize(1);
            assertThat(told.get(0)).singleElement().asString().startsWith("The model card broken.yaml line ");
            installed.load(); // read again, nothing new
            assertThat(told).hasSize(1);
            Files.writeString(folder.resolve("gone.yaml"), "id: gone\nname: Gone\ntask: frame-classifier\n");
            installed.load(); // a second bad card: only it is told
            assertThat(told).hasSize(2);
            assertThat(told.get(1)).singleElement().asString().contains("gone.yaml");
            Files.delete(folder.resolve("broken.yaml"));
            installed.load();
            Files.writeString(folder.resolve("broken.yaml"), "id: broken\nname: [unclosed\n");
            installed.load(); // gone and back: told again
            assertThat(told).hasSize(3);
            assertThat(told.get(2)).singleElement().asString().contains("broken.yaml");
        }
    }

    @Test
    void aStoreThatCannotBeReadWhenTheVideoOpensIsSaid() throws Exception {
        // the video's results store is damaged: the video opens, and the user is told why its stored results are missing
        Path store = Files.writeString(dir.resolve("damaged.db"), "this is not an SQLite database\n".repeat(200));
        try (WorkbenchViewModel wb = new WorkbenchViewModel(tasks, ui, dialogs, new RecentFiles(prefs), new OverlaySettings(), v -> store)) {
            wb.open(video());
            ui.pumpUntil(() -> wb.session() != null && !dialogs.errors.isEmpty(), Duration.ofSeconds(30));
            assertThat(dialogs.errors).hasSize(1);
            assertThat(dialogs.errors.get(0).about()).isEqualTo("errors-20.avi");
            assertThat(dialogs.errors.get(0).sentence()).contains("damaged.db").doesNotContain("\n").doesNotContain("Exception");
            assertThat(wb.session().player().frameCount()).as("the video itself is open").isEqualTo(20);
        }
    }
}
