package org.dancelens.ui.session;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.dancelens.analysis.ClassifyAnalysis;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.analysis.store.RunStatus;
import org.dancelens.core.TaskRunner;
import org.dancelens.ui.ListenerScope;

/**
 * One panel's view of a kind of run for the video on screen: every stored run of that kind (read in the background
 * from the video's store; newest first), the one on display chosen in that list and described, and choosing another
 * shows it at once. The list is read again when the panel follows another video, when a run not in it is shown, and
 * when the panel says a job ended ({@link #refresh()}); a run on display whose status changed since it was loaded
 * (a cancelled job) is loaded again, so what is drawn and what is said about it agree.
 */
public final class StoredRuns {
    private final TaskRunner tasks;
    private final RunKind kind;
    private final String none;
    private final Consumer<Throwable> failed;
    private final ListenerScope scope = new ListenerScope();
    private final ObservableList<RunChoice> runs = FXCollections.observableArrayList();
    private final ObservableList<RunChoice> runsView = FXCollections.unmodifiableObservableList(runs);
    private final ObjectProperty<RunChoice> chosen = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<RunChoice> displayed = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper description;
    private VideoSession session;
    private LongConsumer show = id -> { };
    /** Lists asked for, and the newest one shown (an older list arriving late is not shown over it). */
    private long asked;
    private long applied;
    private boolean syncing;

    /**
     * @param none   what the description says when no run of the kind is on display
     * @param failed told when the store cannot be read (the list stays as it was)
     */
    public StoredRuns(TaskRunner tasks, RunKind kind, String none, Consumer<Throwable> failed) {
        this.tasks = tasks;
        this.kind = kind;
        this.none = none;
        this.failed = failed;
        this.description = new ReadOnlyStringWrapper(none);
        chosen.addListener((o, a, b) -> {
            RunChoice d = displayed.get();
            if (!syncing && b != null && session != null && (d == null || d.id() != b.id())) {
                show.accept(b.id());
            }
        });
    }

    /**
     * Follows a video (null: none): its runs of the kind are listed, and the run on display is the one
     * {@code runOf} finds in {@code shown}; choosing a run calls {@code show} with its id.
     */
    public <T> void follow(VideoSession s, Function<VideoSession, ObservableValue<T>> shown, Function<T, Run> runOf, LongConsumer show) {
        scope.close();
        session = s;
        this.show = show;
        syncing = true;
        runs.clear();
        chosen.set(null);
        syncing = false;
        displayed.set(null);
        description.set(none);
        if (s == null) {
            return;
        }
        ObservableValue<T> value = shown.apply(s);
        scope.onChange(value, (o, a, b) -> displayedRun(b == null ? null : runOf.apply(b)));
        T now = value.getValue();
        displayedRun(now == null ? null : runOf.apply(now));
        refresh();
    }

    private void displayedRun(Run r) {
        RunChoice listed = r == null ? null : find(r.id()).orElse(null);
        RunChoice c = r == null ? null : RunChoice.of(r);
        displayed.set(c);
        description.set(c == null ? none : c.description());
        sync();
        if (r != null && (listed == null || listed.run().status() != r.status())) {
            refresh();
        }
    }

    /** Reads the list again (in the background). */
    public void refresh() {
        refresh(null);
    }

    /** Reads the list again, then hands it on (on the UI thread) if the video followed is still the same. */
    private void refresh(Consumer<List<RunChoice>> then) {
        VideoSession s = session;
        if (s == null) {
            return;
        }
        long gen = ++asked;
        Path storeFile = s.storeFile();
        String abs = s.video().toAbsolutePath().toString();
        tasks.submit("Listing stored runs", ctx -> list(storeFile, abs, kind), TaskRunner.Callbacks.of(l -> {
            if (s != session) {
                return;
            }
            if (gen > applied) {
                applied = gen;
                runs.setAll(l);
                sync();
            }
            RunChoice d = displayed.get();
            RunChoice now = d == null ? null : find(d.id()).orElse(null);
            if (now != null && now.run().status() != RunStatus.RUNNING
                    && (now.run().status() != d.run().status() || now.run().framesDone() != d.run().framesDone())) {
                show.accept(d.id()); // it moved on since it was loaded (e.g. a cancelled job stored more): show it as it is
            }
            if (then != null) {
                then.accept(l);
            }
        }, e -> {
            if (s == session) {
                failed.accept(e);
            }
        }));
    }

    /**
     * A model was chosen: shows its newest stored run (unless a run of it is on display already), or calls
     * {@code noneStored} when the video has none from it.
     */
    public void showNewestOf(String modelId, Runnable noneStored) {
        RunChoice d = displayed.get();
        if (session == null || modelId == null || d != null && d.run().modelId().equals(modelId)) {
            return;
        }
        refresh(l -> {
            RunChoice now = displayed.get();
            if (now != null && now.run().modelId().equals(modelId)) {
                return;
            }
            Optional<RunChoice> newest = l.stream().filter(c -> c.run().modelId().equals(modelId)).findFirst();
            if (newest.isPresent()) {
                show.accept(newest.get().id());
            } else {
                noneStored.run();
            }
        });
    }

    /** The runs of a kind a panel can show for a video, newest first: those with results, and no classification made before its poses were corrected. */
    static List<RunChoice> list(Path storeFile, String videoPath, RunKind kind) {
        if (!Files.exists(storeFile)) {
            return List.of();
        }
        try (ResultsStore store = ResultsStore.open(storeFile)) {
            return store.runs().list(videoPath, kind).stream().filter(r -> r.framesDone() > 0)
                    .filter(r -> kind != RunKind.CLASSIFY || !ClassifyAnalysis.isStale(store, r)).map(RunChoice::of).toList();
        }
    }

    private Optional<RunChoice> find(long id) {
        return runs.stream().filter(c -> c.id() == id).findFirst();
    }

    /** The list's selection follows the run on display. */
    private void sync() {
        RunChoice d = displayed.get();
        syncing = true;
        try {
            chosen.set(d == null ? null : find(d.id()).orElse(null));
        } finally {
            syncing = false;
        }
    }

    /** The video's stored runs of the kind, newest first. */
    public ObservableList<RunChoice> runs() {
        return runsView;
    }

    /** The run chosen in the list: the one on display; setting another shows it. */
    public ObjectProperty<RunChoice> chosenProperty() {
        return chosen;
    }

    /** The run on display (null: none). */
    public ReadOnlyObjectProperty<RunChoice> displayedProperty() {
        return displayed.getReadOnlyProperty();
    }

    /** The run on display in words, or what is said when there is none. */
    public ReadOnlyStringProperty descriptionProperty() {
        return description.getReadOnlyProperty();
    }
}
