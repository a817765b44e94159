package org.dancelens.ui;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskRunner;
import org.slf4j.Logger;

/**
 * The one shape of a panel's background work: whether a job runs, its progress (-1: unknown) and status line, cancel,
 * a typed result delivered on the UI thread, and one way a failure ends — a cancel is said quietly in the status
 * line, anything else is logged once and shown as one sentence ({@link Failures}), which the workbench keeps in its
 * list of problems with the job and what it worked on.
 *
 * <p>A job belongs to the {@link Owner} (the video) it was started for: each owner has its own running state,
 * progress and status line, and the properties the panel binds show those of the owner on screen
 * ({@link #showFor}). A job's progress, its ending sentence and its failure name its owner ("vtest.avi: frame
 * 120/795, …"), and what its success callback says lands in its owner's status line even while another video is on
 * screen; coming back shows it. When the owner closes, its job is abandoned.
 *
 * <p>One job at a time per panel, whatever the number of videos: a job started for another video while one runs
 * waits its turn (its status line says for which job it waits) and starts when that one ends. On two cores two pose
 * analyses side by side would each run at half speed while taking both worker threads from everything else (opening
 * a video, loading stored results), and some panels keep one model open for their jobs.
 */
public final class BackgroundJob {
    /** What a job belongs to: a video session. */
    public interface Owner {
        /** What the job's sentences and failures name (the video's file name). */
        String name();

        /** Runs the action (on the UI thread) when the owner closes; at once if it is closed already. */
        void whenClosed(Runnable action);
    }

    /**
     * How many panels' jobs are underway now, over the whole workbench (UI thread): the display cache's background pass
     * waits while any is, so it never takes cores from an analysis.
     */
    private static final javafx.beans.property.ReadOnlyIntegerWrapper UNDERWAY = new javafx.beans.property.ReadOnlyIntegerWrapper(0);

    public static javafx.beans.property.ReadOnlyIntegerProperty underwayProperty() {
        return UNDERWAY.getReadOnlyProperty();
    }

    private final TaskRunner tasks;
    private final DialogService dialogs;
    private final Logger log;
    private final String initialStatus;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper kind = new ReadOnlyStringWrapper("");
    /** The state of each owner's job; the panel's own (no owner) under null. */
    private final Map<Owner, State> states = new IdentityHashMap<>();
    /** Jobs waiting for the running one, in the order they were started. */
    private final Deque<State> waiting = new ArrayDeque<>();
    private State shown;
    /** The job whose work is underway (at most one). */
    private State current;
    /** While a job's success or ending callback runs: its state, which {@link #say} then speaks for. */
    private State speaking;
    private Supplier<String> subject = () -> null;

    /** One owner's job: whether it runs (or waits), its progress and status line. */
    private static final class State {
        final Owner owner;
        boolean running;
        double progress;
        String status;
        /** The status line is the job's (its progress or ending), not a panel's description. */
        boolean jobSaid;
        /** What the job is ("analysis"), while it runs or waits. */
        String what = "";
        long generation;
        TaskRunner.Handle handle;
        /** Starts the job, while it waits its turn. */
        Runnable launch;
        String cancelledText;

        State(Owner owner, String status) {
            this.owner = owner;
            this.status = status;
        }
    }

    /** What a job does when it ends without success, beyond the default (status line, log, one sentence). */
    public interface Ending {
        /** Called after the default handling; {@code cancelled} says whether the user cancelled it. */
        void ended(DanceLensException error, boolean cancelled);
    }

    public BackgroundJob(TaskRunner tasks, DialogService dialogs, Logger log, String initialStatus) {
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.log = log;
        this.initialStatus = initialStatus;
        this.shown = new State(null, initialStatus);
        states.put(null, shown);
        status.set(initialStatus);
    }

    /**
     * The panel now shows this owner (null: none): the bound properties show its job's state from now on.
     *
     * @return true when its status line is its job's (running, waiting, or the sentence it ended with): the panel then
     *         leaves it, rather than describing what it shows
     */
    public boolean showFor(Owner owner) {
        State s = states.get(owner);
        if (s == null) {
            s = new State(owner, initialStatus);
            states.put(owner, s);
            owner.whenClosed(() -> forget(owner));
        }
        shown = s;
        publish(s);
        return s.running || s.jobSaid;
    }

    /** Whether the owner's job runs or waits its turn. */
    public boolean isRunningFor(Owner owner) {
        State s = states.get(owner);
        return s != null && s.running;
    }

    /**
     * Starts a job for the owner on screen unless its job runs (then nothing happens and false is returned); while
     * another owner's job runs, it waits for it.
     *
     * @param what          names the job in the log and the status line ("the {what} stopped"), e.g. "classification"
     * @param starting      the status line while it starts
     * @param cancelledText the status line after a cancel
     * @param onSuccess     receives the result on the UI thread (the job is no longer running then); what it {@link #say says}
     *                      is the job's ending sentence, in its owner's status line
     * @param ending        extra handling of a failure or cancel, or null
     */
    public <T> boolean start(String what, String starting, String cancelledText, TaskRunner.Job<T> job, Consumer<T> onSuccess, Ending ending) {
        State st = shown;
        if (st.running) {
            return false;
        }
        String subjectNow = st.owner != null ? st.owner.name() : subject.get(); // what it works on, as it was when the job started
        st.running = true;
        st.jobSaid = true;
        st.what = what;
        st.progress = 0;
        st.cancelledText = cancelledText;
        Runnable launch = () -> launch(st, what, named(st, starting), cancelledText, subjectNow, job, onSuccess, ending);
        if (current == null) {
            launch.run();
        } else {
            st.launch = launch;
            waiting.add(st);
            st.status = named(st, "waiting for the " + current.what + (current.owner == null ? "" : " of " + current.owner.name())
                    + " to finish (one " + what + " at a time)…");
            publish(st);
        }
        return true;
    }

    private <T> void launch(State st, String what, String starting, String cancelledText, String subjectNow, TaskRunner.Job<T> job,
                            Consumer<T> onSuccess, Ending ending) {
        long gen = ++st.generation;
        st.launch = null;
        if (current == null) {
            UNDERWAY.set(UNDERWAY.get() + 1);
        }
        current = st;
        st.progress = -1;
        st.status = starting;
        publish(st);
        st.handle = tasks.submit(what, job, new TaskRunner.Callbacks<T>() {
            @Override
            public void progress(double fraction, String message) {
                if (gen == st.generation) {
                    st.progress = fraction;
                    st.status = named(st, message);
                    publish(st);
                }
            }

            @Override
            public void succeeded(T result) {
                if (gen != st.generation) {
                    return;
                }
                ended(st);
                st.progress = 1;
                publish(st);
                speakingFor(st, () -> onSuccess.accept(result));
                next();
            }

            @Override
            public void failed(DanceLensException error) {
                if (gen != st.generation) {
                    return;
                }
                ended(st);
                st.progress = 0;
                boolean cancelled = error.kind() == DanceLensException.Kind.CANCELLED;
                if (cancelled) {
                    st.status = named(st, cancelledText);
                } else {
                    String sentence = Failures.logged(log, "The " + what + (subjectNow == null ? "" : " of " + subjectNow), error);
                    st.status = "The " + what + (st.owner == null ? "" : " of " + st.owner.name()) + " stopped.";
                    dialogs.reportError(about(what, subjectNow), sentence);
                }
                publish(st);
                if (ending != null) {
                    speakingFor(st, () -> ending.ended(error, cancelled));
                }
                next();
            }
        });
    }

    /** The state's job no longer runs. */
    private void ended(State st) {
        st.running = false;
        st.handle = null;
        st.what = "";
        if (current == st) {
            current = null;
            UNDERWAY.set(Math.max(0, UNDERWAY.get() - 1));
        }
    }

    /** Starts the job that waited longest, if the panel is free. */
    private void next() {
        if (current == null && !waiting.isEmpty()) {
            waiting.poll().launch.run();
        }
    }

    private void speakingFor(State st, Runnable r) {
        State before = speaking;
        speaking = st;
        try {
            r.run();
        } finally {
            speaking = before;
        }
    }

    /** A job's sentence, naming its owner ("vtest.avi: frame 120/795, …"). */
    private static String named(State st, String sentence) {
        return st.owner == null || sentence == null ? sentence : st.owner.name() + ": " + sentence;
    }

    /** Shows the state's values in the bound properties, if it is the one on screen. */
    private void publish(State st) {
        if (st == shown) {
            running.set(st.running);
            progress.set(st.progress);
            status.set(st.status);
            kind.set(st.what);
        }
    }

    /** What a failure concerns in the list of problems: the job, and what it worked on ("Analysis · vtest.avi"). */
    static String about(String what, String subject) {
        String job = what.isEmpty() ? what : Character.toUpperCase(what.charAt(0)) + what.substring(1);
        return subject == null || subject.isBlank() ? job : job + " · " + subject;
    }

    /**
     * Names what the panel's jobs work on when they have no {@link Owner} (e.g. a manifest's file name; null: nothing
     * in particular), asked when a job starts, so that a failure in the list of problems says what it concerns.
     */
    public BackgroundJob workingOn(Supplier<String> subject) {
        this.subject = subject;
        return this;
    }

    /** As {@link #start(String, String, String, TaskRunner.Job, Consumer, Ending)}, cancel said as "Cancelled.". */
    public <T> boolean start(String what, String starting, TaskRunner.Job<T> job, Consumer<T> onSuccess) {
        return start(what, starting, "Cancelled.", job, onSuccess, null);
    }

    /** Asks the job of the owner on screen to stop (it ends through its failure path, as cancelled); a waiting one is dropped. */
    public void cancel() {
        State st = shown;
        if (!st.running) {
            return;
        }
        if (st.launch != null) {
            waiting.remove(st);
            st.launch = null;
            st.running = false;
            st.what = "";
            st.progress = 0;
            st.status = named(st, st.cancelledText);
            publish(st);
        } else if (st.handle != null) {
            st.handle.cancel();
        }
    }

    /**
     * Forgets the job of the owner on screen (e.g. the video it worked on was closed): its result and failure are
     * dropped when they come, it is asked to stop, and a new job may start at once.
     */
    public void abandon() {
        abandon(shown);
    }

    private void abandon(State st) {
        if (st.handle != null && st.running) {
            st.handle.cancel();
        }
        waiting.remove(st);
        st.launch = null;
        st.generation++;
        ended(st);
        st.progress = 0;
        publish(st);
        next();
    }

    /** The owner closed: its job is abandoned and its state dropped. */
    private void forget(Owner owner) {
        State st = states.get(owner);
        if (st != null) {
            abandon(st);
            states.remove(owner);
        }
    }

    /**
     * Sets the status line (outside a job, or to finish one with a result sentence): the owner on screen's, or, said
     * from a job's success or ending callback, that job's owner's, naming it.
     */
    public void say(String sentence) {
        State st = speaking != null ? speaking : shown;
        st.status = speaking != null ? named(st, sentence) : sentence;
        st.jobSaid = speaking != null;
        publish(st);
    }

    /** Whether the job of the owner on screen runs (or waits its turn). */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** What the job of the owner on screen is ("analysis", as started), while it runs or waits; "" otherwise. */
    public ReadOnlyStringProperty kindProperty() {
        return kind.getReadOnlyProperty();
    }
}
