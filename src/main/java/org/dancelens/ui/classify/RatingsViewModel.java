package org.dancelens.ui.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.dancelens.analysis.store.RatedRanges;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.core.TaskRunner;
import org.dancelens.ui.DialogService;
import org.dancelens.ui.ListenerScope;
import org.dancelens.ui.session.VideoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rating a range of the video on screen (the range marked for a style label): a rater (kept between runs), a
 * criterion (one of the video's criteria or a new one) and a number, stored with the video's results in the
 * background — the same ratings {@code dancelens rate list} shows and {@code rate export} writes as a ratings manifest.
 * Lists the video's ratings, and removes one.
 */
public class RatingsViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(RatingsViewModel.class);
    /** Criteria offered before a video has any (the examples; any other can be typed). */
    static final List<String> SUGGESTED = List.of("aesthetics", "fluidity", "precision", "expressiveness");

    private final TaskRunner tasks;
    private final DialogService dialogs;
    private final ReadOnlyObjectProperty<VideoSession> session;
    private final ReadOnlyIntegerProperty rangeStart;
    private final ReadOnlyIntegerProperty rangeEnd;
    private final ListenerScope sessionScope = new ListenerScope();
    private final StringProperty rater = new SimpleStringProperty("");
    private final StringProperty criterion = new SimpleStringProperty("");
    private final StringProperty value = new SimpleStringProperty("");
    private final ObservableList<String> criteria = FXCollections.observableArrayList(SUGGESTED);
    private final ObservableList<RatedRanges.RatedRange> ratings = FXCollections.observableArrayList();
    /** The read-only view handed out (one object: a listener added to it lives as long as this). */
    private final ObservableList<RatedRanges.RatedRange> ratingsView = FXCollections.unmodifiableObservableList(ratings);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper videoOpen = new ReadOnlyBooleanWrapper(false);

    /**
     * @param rangeStart the first frame of the marked range (-1: not marked), shared with the style labels
     * @param rangeEnd   its last frame (-1: not marked)
     */
    public RatingsViewModel(TaskRunner tasks, DialogService dialogs, ReadOnlyObjectProperty<VideoSession> session, ReadOnlyIntegerProperty rangeStart,
                            ReadOnlyIntegerProperty rangeEnd) {
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.session = session;
        this.rangeStart = rangeStart;
        this.rangeEnd = rangeEnd;
        session.addListener((o, a, b) -> follow(b));
        follow(session.get());
    }

    /** The workbench shows another video (or none): list its ratings and its criteria. */
    private void follow(VideoSession s) {
        sessionScope.close();
        status.set("");
        videoOpen.set(s != null);
        if (s == null) {
            ratings.clear();
            offerCriteria();
            return;
        }
        sessionScope.onChange(s.ratings(), (ListChangeListener<RatedRanges.RatedRange>) c -> {
            ratings.setAll(s.ratings());
            offerCriteria();
        });
        ratings.setAll(s.ratings());
        offerCriteria();
    }

    /** The video's criteria first (in the order they were first rated), then the suggested ones it has not used. */
    private void offerCriteria() {
        List<String> offer = new ArrayList<>();
        ratings.stream().map(RatedRanges.RatedRange::criterion).distinct().forEach(offer::add);
        SUGGESTED.stream().filter(c -> !offer.contains(c)).forEach(offer::add);
        if (!offer.equals(criteria)) {
            String chosen = criterion.get();
            criteria.setAll(offer);
            criterion.set(chosen); // an editable chooser keeps what was typed
        }
    }

    /**
     * Stores the rating of the marked range (in the background: it writes to the store). Refused with a sentence when
     * no range of at least two frames is marked, a name is missing, or the value is not a number; the store refuses a
     * second rating of the range by the same rater on the same criterion.
     */
    public void add() {
        VideoSession s = session.get();
        if (s == null || busy.get()) {
            return;
        }
        int a = rangeStart.get();
        int b = rangeEnd.get();
        String who = rater.get() == null ? "" : rater.get().strip();
        String what = criterion.get() == null ? "" : criterion.get().strip();
        String text = value.get() == null ? "" : value.get().strip();
        if (a < 0 || b <= a) {
            dialogs.showError("Mark a start and an end frame (start before end) to rate a range.");
            return;
        }
        if (who.isEmpty() || what.isEmpty()) {
            dialogs.showError("Type the rater's name and the criterion (e.g. fluidity) first.");
            return;
        }
        double v;
        try {
            v = Double.parseDouble(text.replace(',', '.'));
        } catch (NumberFormatException e) {
            dialogs.showError("A rating is a number, not " + (text.isEmpty() ? "nothing" : "'" + text + "'") + ".");
            return;
        }
        if (!Double.isFinite(v)) {
            dialogs.showError("A rating is a finite number.");
            return;
        }
        String abs = s.video().toAbsolutePath().toString();
        double fromS = s.player().timeOf(a);
        double toS = s.player().timeOf(b);
        busy.set(true);
        tasks.submit("Rating", ctx -> {
            try (ResultsStore store = ResultsStore.open(s.storeFile())) {
                store.ratings().add(abs, a, b, fromS, toS, who, what, v);
                return store.ratings().list(abs);
            }
        }, TaskRunner.Callbacks.of(list -> {
            busy.set(false);
            s.showRatings(list);
            if (s == session.get()) {
                value.set("");
                status.set(String.format(Locale.ROOT, "Frames %d–%d rated %s on %s by %s.", a, b, RatedRanges.number(v), what, who));
            }
        }, e -> {
            busy.set(false);
            dialogs.reportFailure(s.name(), LOG, "Rating a range of " + s.name(), e);
        }));
    }

    /** Removes a rating (in the background). */
    public void remove(RatedRanges.RatedRange r) {
        VideoSession s = session.get();
        if (s == null || r == null || busy.get()) {
            return;
        }
        String abs = s.video().toAbsolutePath().toString();
        busy.set(true);
        tasks.submit("Removing a rating", ctx -> {
            try (ResultsStore store = ResultsStore.open(s.storeFile())) {
                store.ratings().remove(r.id());
                return store.ratings().list(abs);
            }
        }, TaskRunner.Callbacks.of(list -> {
            busy.set(false);
            s.showRatings(list);
            if (s == session.get()) {
                status.set(String.format(Locale.ROOT, "Removed %s's rating of frames %d–%d on %s.", r.rater(), r.startFrame(), r.endFrame(),
                        r.criterion()));
            }
        }, e -> {
            busy.set(false);
            dialogs.reportFailure(s.name(), LOG, "Removing a rating of " + s.name(), e);
        }));
    }

    /** A rating's range as the table shows it: its frames and seconds, e.g. "10–34 (0.40–1.36 s)". */
    public static String rangeText(RatedRanges.RatedRange r) {
        return String.format(Locale.ROOT, "%d–%d (%.2f–%.2f s)", r.startFrame(), r.endFrame(), r.startS(), r.endS());
    }

    /** A rating's value as the table shows it (6 rather than 6.0). */
    public static String valueText(RatedRanges.RatedRange r) {
        return RatedRanges.number(r.value());
    }

    /** Who rates (kept between runs of the workbench). */
    public StringProperty raterProperty() {
        return rater;
    }

    /** What is rated: one of {@link #criteria()} or a new one typed. */
    public StringProperty criterionProperty() {
        return criterion;
    }

    /** The rating as typed. */
    public StringProperty valueProperty() {
        return value;
    }

    /** The criteria offered: the video's own, then suggestions. */
    public ObservableList<String> criteria() {
        return criteria;
    }

    /** The ratings of the video on screen, by start frame. */
    public ObservableList<RatedRanges.RatedRange> ratings() {
        return ratingsView;
    }

    /** What the last addition or removal did. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** True while a rating is being stored or removed. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty videoOpenProperty() {
        return videoOpen.getReadOnlyProperty();
    }
}
