package org.dancelens.ui.problems;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.dancelens.ui.Failures;

/**
 * The workbench's list of recent problems, so that a sentence shown in a notification for a few seconds can be read
 * again: the last {@link #MAX} problems, newest first, each with its time and what it concerns (a video, a job);
 * how many came since the list was last looked at; copy and clear. The same sentence about the same thing, twice in a
 * row, is one entry with a count. Stack traces are never here: they are in the log ({@link #logFileText()}).
 */
public final class ProblemsViewModel {
    /** At most this many problems are kept; the oldest go first. */
    public static final int MAX = 50;

    /** One problem: when it last happened, what it concerns (null: nothing in particular), the sentence, how often in a row. */
    public record Problem(Instant time, String about, String sentence, int repeats) {
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("d MMM HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final Clock clock;
    private final String logFile;
    private final ObservableList<Problem> problems = FXCollections.observableArrayList();
    /** The read-only view handed out (one object: a listener added to it lives as long as this). */
    private final ObservableList<Problem> problemsView = FXCollections.unmodifiableObservableList(problems);
    private final ReadOnlyIntegerWrapper unread = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyBooleanWrapper open = new ReadOnlyBooleanWrapper(false);
    private final BooleanBinding any = Bindings.isNotEmpty(problems);

    /** With the system clock and the log file of the logging configuration. */
    public ProblemsViewModel() {
        this(Clock.systemDefaultZone(), Failures.logFileText());
    }

    /** @param logFile where the details are, as the list's footer names it */
    public ProblemsViewModel(Clock clock, String logFile) {
        this.clock = clock;
        this.logFile = logFile;
    }

    /**
     * Keeps a problem: newest first, at most {@link #MAX}. It counts as unread unless the list is open.
     *
     * @param about    what it concerns, e.g. a video's file name or a job (null or blank: nothing in particular)
     * @param sentence the plain sentence the user was shown (blank ones are not kept)
     */
    public void add(String about, String sentence) {
        if (sentence == null || sentence.isBlank()) {
            return;
        }
        String s = sentence.strip().replaceAll("\\s+", " ");
        String a = about == null || about.isBlank() ? null : about.strip();
        Instant now = clock.instant();
        Problem newest = problems.isEmpty() ? null : problems.get(0);
        // the unread problems are the first ones: a repeat of the newest makes it unread, a new one adds one
        if (newest != null && newest.sentence().equals(s) && Objects.equals(newest.about(), a)) {
            problems.set(0, new Problem(now, a, s, newest.repeats() + 1));
            if (!open.get() && unread.get() == 0) {
                unread.set(1);
            }
        } else {
            problems.add(0, new Problem(now, a, s, 1));
            if (problems.size() > MAX) {
                problems.remove(MAX, problems.size());
            }
            if (!open.get()) {
                unread.set(Math.min(unread.get() + 1, problems.size()));
            }
        }
    }

    /** The list is shown: every problem counts as read, and those that come while it is shown too. */
    public void opened() {
        open.set(true);
        unread.set(0);
    }

    /** The list is no longer shown. */
    public void closed() {
        open.set(false);
    }

    /** Forgets every problem. */
    public void clear() {
        problems.clear();
        unread.set(0);
    }

    /** The problems as text to paste (e.g. into a message to a colleague), newest first, one a line. */
    public String copyText() {
        StringBuilder sb = new StringBuilder();
        for (Problem p : problems) {
            sb.append(FULL.format(ZonedDateTime.ofInstant(p.time(), clock.getZone())));
            if (p.about() != null) {
                sb.append("  ").append(p.about()).append(':');
            }
            sb.append("  ").append(p.sentence());
            if (p.repeats() > 1) {
                sb.append(" (").append(p.repeats()).append(" times)");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** When a problem happened, as the list shows it: the time of day, with the day if it was not today. */
    public String timeText(Problem p) {
        ZonedDateTime t = ZonedDateTime.ofInstant(p.time(), clock.getZone());
        return (t.toLocalDate().equals(LocalDate.now(clock)) ? TIME : DAY_TIME).format(t);
    }

    /** The line under a problem's time: what it concerns and how often it happened in a row ("" when neither). */
    public String detailText(Problem p) {
        String times = p.repeats() > 1 ? p.repeats() + " times" : "";
        if (p.about() == null) {
            return times;
        }
        return times.isEmpty() ? p.about() : p.about() + " · " + times;
    }

    /** The list's footer: where the details are. */
    public String footerText() {
        return "Details are in the log: " + logFile;
    }

    /** The log file as the footer names it. */
    public String logFileText() {
        return logFile;
    }

    /** The problems kept, newest first. */
    public ObservableList<Problem> problems() {
        return problemsView;
    }

    /** How many problems came since the list was last shown (0 when none). */
    public ReadOnlyIntegerProperty unreadProperty() {
        return unread.getReadOnlyProperty();
    }

    /** Whether any problem is kept (the status bar shows its indicator only then). */
    public BooleanBinding anyProperty() {
        return any;
    }

    /** Whether the list is shown. */
    public ReadOnlyBooleanProperty openProperty() {
        return open.getReadOnlyProperty();
    }
}
