package org.dancelens.ui.models;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelCatalog;
import org.dancelens.inference.ModelRegistry;

/**
 * The one list of installed models of the workbench: the catalog's models and card problems as observable lists,
 * refreshed on the UI thread whenever a model folder changes (a model added in the window or copied into a folder
 * by hand). Panels filter it by task instead of reading the disk; their jobs look models up in {@link #catalog()}.
 */
public final class InstalledModels implements AutoCloseable {
    private final ModelCatalog catalog;
    private final Executor ui;
    private final ObservableList<ModelRegistry.Entry> entries = FXCollections.observableArrayList();
    /** The read-only view handed out (one object: a listener added to it lives as long as this). */
    private final ObservableList<ModelRegistry.Entry> entriesView = FXCollections.unmodifiableObservableList(entries);
    private final ObservableList<ModelRegistry.Problem> problems = FXCollections.observableArrayList();
    /** The read-only view handed out (one object: a listener added to it lives as long as this). */
    private final ObservableList<ModelRegistry.Problem> problemsView = FXCollections.unmodifiableObservableList(problems);
    private final Consumer<ModelRegistry> listener;
    /** The card problems of the last reading, so that only new ones are said. */
    private Set<ModelRegistry.Problem> known = Set.of();
    private Consumer<List<ModelRegistry.Problem>> newProblems = list -> { };

    /** @param ui where list changes are made (the FX thread in the app, the test's thread in tests) */
    public InstalledModels(ModelCatalog catalog, Executor ui) {
        this.catalog = catalog;
        this.ui = ui;
        this.listener = reg -> ui.execute(() -> show(reg));
        catalog.addListener(listener);
    }

    /** Reads the folders now (on the calling thread) and shows what they hold. */
    public void load() {
        show(catalog.refresh());
    }

    private void show(ModelRegistry reg) {
        List<ModelRegistry.Entry> sorted = reg.entries().stream().sorted(Comparator.comparing(e -> e.card().id())).toList();
        if (!sorted.equals(entries)) {
            entries.setAll(sorted);
        }
        if (!reg.problems().equals(problems)) {
            problems.setAll(reg.problems());
        }
        List<ModelRegistry.Problem> fresh = reg.problems().stream().filter(p -> !known.contains(p)).toList();
        known = Set.copyOf(reg.problems());
        if (!fresh.isEmpty()) {
            newProblems.accept(fresh);
        }
    }

    /**
     * Who is told of cards and folders that cannot be used when a reading finds them and the reading before did not
     * (at the first reading: all of them); a problem that went away and came back is told again.
     */
    public void onNewProblems(Consumer<List<ModelRegistry.Problem>> consumer) {
        this.newProblems = consumer;
    }

    /** Every usable model, by id (an id in two folders appears twice: the first folder's is the one used). */
    public ObservableList<ModelRegistry.Entry> entries() {
        return entriesView;
    }

    /** Cards that cannot be used, each with one sentence why. */
    public ObservableList<ModelRegistry.Problem> problems() {
        return problemsView;
    }

    /** The ids of the models whose card passes {@code filter}, sorted, without repeats. */
    public List<String> ids(Predicate<ModelCard> filter) {
        return entries.stream().map(ModelRegistry.Entry::card).filter(filter).map(ModelCard::id).distinct().sorted().toList();
    }

    /** The card of an installed model, or null. */
    public ModelCard card(String id) {
        return entries.stream().map(ModelRegistry.Entry::card).filter(c -> c.id().equals(id)).findFirst().orElse(null);
    }

    /** For jobs on worker threads: the catalog itself (thread-safe). */
    public ModelCatalog catalog() {
        return catalog;
    }

    public List<Path> folders() {
        return catalog.folders();
    }

    @Override
    public void close() {
        catalog.removeListener(listener);
    }
}
