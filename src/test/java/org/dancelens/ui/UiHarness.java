package org.dancelens.ui;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dancelens.analysis.Workspace;
import org.dancelens.core.ExecutorTaskRunner;
import org.dancelens.core.TaskRunner;
import org.dancelens.inference.ModelCatalog;
import org.dancelens.testsupport.FakeDialogs;
import org.dancelens.testsupport.PumpedExecutor;
import org.dancelens.ui.models.InstalledModels;
import org.dancelens.ui.session.OverlaySettings;
import org.dancelens.ui.session.VideoSession;

/**
 * The workbench's view-models without a toolkit, for panel tests: real background work, results delivered through a
 * queue the test pumps on its own thread (standing in for the FX thread), a workbench that opens real videos into
 * sessions, and the installed models of a folder.
 */
final class UiHarness implements AutoCloseable {
    final PumpedExecutor ui = new PumpedExecutor();
    final FakeDialogs dialogs = new FakeDialogs();
    final TaskRunner tasks;
    /** The harness's own settings file (recent files), in a temporary folder removed by {@link #close()}. */
    final Path settingsDir = tempDir();
    final SettingsFile settings = SettingsFile.open(settingsDir.resolve(SettingsFile.NAME));
    final OverlaySettings overlay = new OverlaySettings();
    final WorkbenchViewModel workbench;

    UiHarness() {
        this(runner -> runner);
    }

    /** With the runner given (e.g. one that counts jobs) in place of the harness's own. */
    UiHarness(java.util.function.Function<TaskRunner, TaskRunner> wrap) {
        TaskRunner inner = new ExecutorTaskRunner(2, ui);
        this.tasks = wrap.apply(inner);
        this.workbench = new WorkbenchViewModel(tasks, ui, dialogs, new RecentFiles(settings), overlay, Workspace::storeFor);
    }

    static Path tempDir() {
        try {
            return java.nio.file.Files.createTempDirectory("dancelens-settings");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) throws java.io.IOException {
        if (java.nio.file.Files.exists(dir)) {
            try (var all = java.nio.file.Files.walk(dir)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.deleteIfExists(p);
                }
            }
        }
    }

    private final List<ModelCatalog> catalogs = new java.util.ArrayList<>();

    /** The installed models of these folders, read now and watched (a card added later appears within seconds). */
    InstalledModels models(List<Path> folders) {
        ModelCatalog catalog = ModelCatalog.of(folders);
        catalogs.add(catalog);
        InstalledModels m = new InstalledModels(catalog, ui);
        m.load();
        catalog.watch();
        return m;
    }

    /** Opens a video (in place of the one on screen) and waits until its first frame is shown. */
    VideoSession open(Path video) {
        workbench.open(video);
        ui.pumpUntil(() -> !workbench.busyProperty().get() && session() != null && session().video().equals(video) && session().frame() != null,
                Duration.ofSeconds(30));
        return session();
    }

    VideoSession session() {
        return workbench.session();
    }

    /** Shows frame n in the video on screen and waits for it. */
    void seek(int n) {
        session().player().seek(n);
        ui.pumpUntil(() -> session().frame() != null && session().frame().index() == n, Duration.ofSeconds(20));
    }

    void pumpUntil(java.util.function.BooleanSupplier condition, Duration timeout) {
        ui.pumpUntil(condition, timeout);
    }

    @Override
    public void close() throws Exception {
        catalogs.forEach(ModelCatalog::close);
        workbench.close();
        tasks.close();
        settings.close();
        deleteTree(settingsDir);
    }
}
