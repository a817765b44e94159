package org.dancelens.ui.player;

import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import org.dancelens.compare.WarpPath;
import org.dancelens.core.Timecode;
import org.dancelens.video.SyncClock;
import org.dancelens.video.SyncClock.Side;

/**
 * Two videos in sync (File ▸ Compare with Video…): a sync point on each side (the same beat or movement), and while
 * linked, play, pause, step, seek, scrub and speed act on both along one clock in seconds from the sync points
 * ({@link SyncClock}); unlinked, each moves alone, and relinking keeps the sync points (B follows A's clock again).
 * Also what the superposed view needs: whether B is drawn over A, and how opaque. With a dancer of B aligned to one of A
 * ({@link #setWarp}), {@link #alignedProperty() aligned playback} maps A's frame to B's along the warping path instead
 * of the clock. JavaFX properties only.
 */
public final class SyncViewModel implements AutoCloseable {
    /** How far ahead both players are told to start, so the second command reaches its player before the clock starts. */
    private static final long START_LEAD_NANOS = 30_000_000L;

    private final PlayerViewModel a;
    private final PlayerViewModel b;
    private SyncClock clock;
    /** The clock time shown now (seconds from the sync points): set by every linked move, followed while playing. */
    private double now;
    private final ReadOnlyIntegerWrapper syncFrameA = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper syncFrameB = new ReadOnlyIntegerWrapper();
    private final BooleanProperty linked = new SimpleBooleanProperty(false);
    private final ReadOnlyStringWrapper offsetText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper syncTextA = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper syncTextB = new ReadOnlyStringWrapper("");
    /** Non-empty when one side has no frame at the clock time shown (before its start or past its end): which, and why. */
    private final ReadOnlyStringWrapper coverage = new ReadOnlyStringWrapper("");
    private final BooleanProperty superposed = new SimpleBooleanProperty(false);
    private final DoubleProperty opacity = new SimpleDoubleProperty(0.5);
    /** The warping path of a dancer of A against one of B (null: none); followed while {@link #aligned} is on. */
    private WarpPath warp;
    private final BooleanProperty aligned = new SimpleBooleanProperty(false);

    private final PlayerViewModel.Link link = new PlayerViewModel.Link() {
        @Override
        public void togglePlay() {
            if (a.playingProperty().get() || b.playingProperty().get()) {
                a.pause();
                b.pause();
                return;
            }
            if (aligned.get()) {
                // A plays; B follows the warping path frame by frame (followedWhilePlaying)
                int from = a.currentFrameProperty().get() >= a.frameCount() - 1 ? 0 : a.currentFrameProperty().get();
                a.playAt(a.index().timeOf(from), System.nanoTime() + START_LEAD_NANOS);
                return;
            }
            if (ended(Side.A) && ended(Side.B)) {
                // both at or past their ends: from where the first of them starts, as one player alone plays from the start
                apply(clock.at(Math.min(-clock.syncTime(Side.A), -clock.syncTime(Side.B))));
            }
            double t = now;
            long at = System.nanoTime() + START_LEAD_NANOS;
            a.playAt(clock.sideTime(Side.A, t), at);
            b.playAt(clock.sideTime(Side.B, t), at);
        }

        @Override
        public void seek(PlayerViewModel from, int frame, boolean preview) {
            if (aligned.get()) {
                int fa = from == b ? warp.aOf(frame) : frame;
                int fb = from == b ? frame : warp.bOf(frame);
                if (preview) {
                    a.scrubAlone(fa);
                    b.scrubAlone(fb);
                } else {
                    a.seekAlone(fa);
                    b.seekAlone(fb);
                }
                alignedAt(a.currentFrameProperty().get());
                return;
            }
            SyncClock.Frames f = clock.seek(sideOf(from), frame);
            if (preview) {
                a.scrubAlone(f.a());
                b.scrubAlone(f.b());
            } else {
                a.seekAlone(f.a());
                b.seekAlone(f.b());
            }
            now = f.clock();
            updateCoverage(f.clock());
        }

        @Override
        public void step(PlayerViewModel from, int frames) {
            if (aligned.get()) {
                // A steps, B follows the path (B stepped moves A to where the path takes it)
                if (from == b) {
                    seek(b, b.currentFrameProperty().get() + frames, false);
                } else {
                    seek(a, a.currentFrameProperty().get() + frames, false);
                }
                return;
            }
            apply(clock.step(now, frames));
        }

        @Override
        public void setSpeed(double speed) {
            a.setSpeedAlone(speed);
            b.setSpeedAlone(speed);
        }
    };

    /** Links two open players, with their sync points at the frames they show now. */
    public SyncViewModel(PlayerViewModel a, PlayerViewModel b) {
        this.a = a;
        this.b = b;
        this.clock = new SyncClock(a.index(), b.index(), a.currentFrameProperty().get(), b.currentFrameProperty().get());
        linked.addListener((o, was, on) -> {
            if (on) {
                link();
            } else {
                aligned.set(false); // aligned playback moves both: unlinked, each moves alone
                a.setLink(null);
                b.setLink(null);
                b.setSilenced(false);
                coverage.set("");
            }
        });
        aligned.addListener((o, was, on) -> {
            if (on && (warp == null || !linked.get())) {
                aligned.set(false); // nothing to follow, or each side moves alone
            } else if (linked.get()) {
                link(); // both paused, B placed by the path (on) or on the clock again (off)
            }
        });
        describe();
        // while playing, the side whose frame just came follows the clock: the other may be outside its video
        a.currentFrameProperty().addListener((o, x, n) -> followedWhilePlaying(Side.A, n.intValue()));
        b.currentFrameProperty().addListener((o, x, n) -> followedWhilePlaying(Side.B, n.intValue()));
        linked.set(true);
    }

    private void followedWhilePlaying(Side s, int frame) {
        if (aligned.get()) {
            if (s == Side.A && a.playingProperty().get()) {
                b.seekAlone(warp.bOf(frame));
                alignedAt(frame);
            }
            return;
        }
        if (linked.get() && player(s).playingProperty().get() && clock.covers(s, clock.clockOf(s, frame))) {
            now = clock.clockOf(s, frame);
            updateCoverage(now);
        }
    }

    private void link() {
        a.pause();
        b.pause();
        b.setSpeedAlone(a.speedProperty().get());
        a.setLink(link);
        b.setLink(link);
        b.setSilenced(true); // linked, one sound plays: A's (two would blur the beat)
        if (aligned.get()) {
            link.seek(a, a.currentFrameProperty().get(), false);
            return;
        }
        // B takes its place on A's clock (the sync points stay as they were)
        apply(clock.seek(Side.A, a.currentFrameProperty().get()));
    }

    /** Aligned: the clock time follows A; the coverage line says when A is outside the aligned stretch. */
    private void alignedAt(int frameA) {
        now = clock.clockOf(Side.A, frameA);
        coverage.set(warp.coversA(frameA) ? ""
                : String.format(Locale.ROOT, "A's frame %d is outside the aligned stretch (A frames %d–%d): B keeps the offset at its end.", frameA,
                        warp.firstA(), warp.lastA()));
    }

    /**
     * The warping path of a dancer of A against one of B, for aligned playback (null: none, which also ends aligned
     * playback). A new path while aligned places B by it at once.
     */
    public void setWarp(WarpPath path) {
        warp = path;
        if (path == null) {
            aligned.set(false);
        } else if (aligned.get() && linked.get()) {
            link();
        }
    }

    /** The warping path aligned playback follows (null: none). */
    public WarpPath warp() {
        return warp;
    }

    /**
     * Shows one frame on each side (two frames the warping path pairs, say), whether linked or not; linked on the
     * clock, the next move of either side puts B back on the clock from A's frame.
     */
    public void showPair(int frameA, int frameB) {
        a.seekAlone(frameA);
        b.seekAlone(frameB);
        if (aligned.get()) {
            alignedAt(frameA);
        } else {
            now = clock.clockOf(Side.A, frameA);
            updateCoverage(now);
        }
    }

    private void apply(SyncClock.Frames f) {
        a.seekAlone(f.a());
        b.seekAlone(f.b());
        now = f.clock();
        updateCoverage(f.clock());
    }

    private void updateCoverage(double t) {
        StringBuilder s = new StringBuilder();
        for (Side side : Side.values()) {
            if (!clock.covers(side, t)) {
                double there = clock.sideTime(side, t);
                s.append(s.length() > 0 ? " " : "").append(side).append(there < 0
                        ? String.format(Locale.ROOT, " starts in %.2f s (its first frame is shown).", -there)
                        : " has ended (its last frame is shown).");
            }
        }
        coverage.set(s.toString());
    }

    /** Whether a side is at its last frame or past its end at the clock time shown. */
    private boolean ended(Side s) {
        return clock.sideTime(s, now) >= 0
                && (!clock.covers(s, now) || player(s).currentFrameProperty().get() >= player(s).frameCount() - 1);
    }

    private Side sideOf(PlayerViewModel p) {
        return p == b ? Side.B : Side.A;
    }

    private PlayerViewModel player(Side s) {
        return s == Side.A ? a : b;
    }

    /** The frame side A shows now becomes its sync point. */
    public void setSyncPointA() {
        setSyncPoint(Side.A);
    }

    /** The frame side B shows now becomes its sync point. */
    public void setSyncPointB() {
        setSyncPoint(Side.B);
    }

    private void setSyncPoint(Side s) {
        clock = clock.withSyncPoint(s, player(s).currentFrameProperty().get());
        describe();
        if (linked.get()) {
            // the other side takes its place on the new clock at once
            apply(clock.seek(s, player(s).currentFrameProperty().get()));
        }
    }

    private void describe() {
        syncFrameA.set(clock.syncFrame(Side.A));
        syncFrameB.set(clock.syncFrame(Side.B));
        syncTextA.set(String.format(Locale.ROOT, "A: frame %d (%s)", clock.syncFrame(Side.A), Timecode.format(clock.syncTime(Side.A))));
        syncTextB.set(String.format(Locale.ROOT, "B: frame %d (%s)", clock.syncFrame(Side.B), Timecode.format(clock.syncTime(Side.B))));
        offsetText.set(String.format(Locale.ROOT, "offset %+.3f s", clock.offsetSeconds()));
    }

    /** The clock the two follow now (a new one each time a sync point moves). */
    public SyncClock clock() {
        return clock;
    }

    public PlayerViewModel playerA() {
        return a;
    }

    public PlayerViewModel playerB() {
        return b;
    }

    /** Unlinks: each player moves alone again. */
    @Override
    public void close() {
        linked.set(false);
    }

    // ---- properties ----

    /** Linked: the transport of either player moves both. Unlinking keeps the sync points. */
    public BooleanProperty linkedProperty() {
        return linked;
    }

    public ReadOnlyIntegerProperty syncFrameAProperty() {
        return syncFrameA.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty syncFrameBProperty() {
        return syncFrameB.getReadOnlyProperty();
    }

    /** "A: frame 120 (00:04.000)". */
    public ReadOnlyStringProperty syncTextAProperty() {
        return syncTextA.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty syncTextBProperty() {
        return syncTextB.getReadOnlyProperty();
    }

    /** How much later B's sync point is in its video than A's: "offset +1.234 s". */
    public ReadOnlyStringProperty offsetTextProperty() {
        return offsetText.getReadOnlyProperty();
    }

    /** Non-empty while a side has no frame at the clock time (before its start or past its end): one sentence. */
    public ReadOnlyStringProperty coverageProperty() {
        return coverage.getReadOnlyProperty();
    }

    /** B drawn over A in one panel. */
    public BooleanProperty superposedProperty() {
        return superposed;
    }

    /**
     * Aligned playback: while on (linked, with a {@link #setWarp warping path}), A's transport moves A and B shows the
     * frame the path pairs with A's ({@link WarpPath#bOf}); playing, A plays and B follows it frame by frame, so the two
     * dancers move together even at different tempi. Off: B follows the clock from the sync points again.
     */
    public BooleanProperty alignedProperty() {
        return aligned;
    }

    /** How opaque B is over A when superposed (0..1). */
    public DoubleProperty opacityProperty() {
        return opacity;
    }
}
