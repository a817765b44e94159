package org.dancelens.ui;

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
 * list of problems with the job and what it worked on. One job at a time per panel.
 */
public final class BackgroundJob {
    private final TaskRunner tasks;
    private final DialogService dialogs;
    private final Logger log;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private TaskRunner.Handle handle;
    private long generation;
    private Supplier<String> subject = () -> null;

    /** What a job does when it ends without success, beyond the default (status line, log, one sentence). */
    public interface Ending {
        /** Called after the default handling; {@code cancelled} says whether the user cancelled it. */
        void ended(DanceLensException error, boolean cancelled);
    }

    public BackgroundJob(TaskRunner tasks, DialogService dialogs, Logger log, String initialStatus) {
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.log = log;
        status.set(initialStatus);
    }

    /**
     * Starts a job unless one runs (then nothing happens and false is returned).
     *
     * @param what          names the job in the log and the status line ("the {what} stopped"), e.g. "classification"
     * @param starting      the status line while it starts
     * @param cancelledText the status line after a cancel
     * @param onSuccess     receives the result on the UI thread (the job is no longer running then)
     * @param ending        extra handling of a failure or cancel, or null
     */
    public <T> boolean start(String what, String starting, String cancelledText, TaskRunner.Job<T> job, Consumer<T> onSuccess, Ending ending) {
        if (running.get()) {
            return false;
        }
        long gen = ++generation;
        String subjectNow = subject.get(); // what it works on, as it was when the job started
        running.set(true);
        progress.set(-1);
        status.set(starting);
        handle = tasks.submit(what, job, new TaskRunner.Callbacks<T>() {
            @Override
            public void progress(double fraction, String message) {
                if (gen == generation) {
                    progress.set(fraction);
                    status.set(message);
                }
            }

            @Override
            public void succeeded(T result) {
                if (gen != generation) {
                    return;
                }
                running.set(false);
                progress.set(1);
                onSuccess.accept(result);
            }

            @Override
            public void failed(DanceLensException error) {
                if (gen != generation) {
                    return;
                }
                running.set(false);
                progress.set(0);
                boolean cancelled = error.kind() == DanceLensException.Kind.CANCELLED;
                if (cancelled) {
                    status.set(cancelledText);
                } else {
                    String sentence = Failures.logged(log, "The " + what + (subjectNow == null ? "" : " of " + subjectNow), error);
                    status.set("The " + what + " stopped.");
                    dialogs.reportError(about(what, subjectNow), sentence);
                }
                if (ending != null) {
                    ending.ended(error, cancelled);
                }
            }
        });
        return true;
    }

    /** What a failure concerns in the list of problems: the job, and what it worked on ("Analysis · vtest.avi"). */
    static String about(String what, String subject) {
        String job = what.isEmpty() ? what : Character.toUpperCase(what.charAt(0)) + what.substring(1);
        return subject == null || subject.isBlank() ? job : job + " · " + subject;
    }

    /**
     * Names what the panel's jobs work on (e.g. the open video's file name; null: nothing in particular), asked when a
     * job starts, so that a failure in the list of problems says what it concerns.
     */
    public BackgroundJob workingOn(Supplier<String> subject) {
        this.subject = subject;
        return this;
    }

    /** As {@link #start(String, String, String, TaskRunner.Job, Consumer, Ending)}, cancel said as "Cancelled.". */
    public <T> boolean start(String what, String starting, TaskRunner.Job<T> job, Consumer<T> onSuccess) {
        return start(what, starting, "Cancelled.", job, onSuccess, null);
    }

    /** Asks the running job to stop (it ends through its failure path, as cancelled). */
    public void cancel() {
        if (handle != null && running.get()) {
            handle.cancel();
        }
    }

    /**
     * Forgets the running job (e.g. the video it worked on was closed): its result and failure are dropped when they
     * come, it is asked to stop, and a new job may start at once.
     */
    public void abandon() {
        if (handle != null && running.get()) {
            handle.cancel();
        }
        generation++;
        running.set(false);
        progress.set(0);
    }

    /** Sets the status line (outside a job, or to finish one with a result sentence). */
    public void say(String sentence) {
        status.set(sentence);
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
