package org.dancelens.video;

/**
 * Two videos following one clock. Each side has a sync point (a frame, e.g. the same beat or movement in both); its
 * presentation time, read from the side's {@link FrameIndex}, is where the clock is 0 for that side. At clock time
 * {@code t} (seconds, negative before the sync points) each side shows the frame whose presentation interval holds
 * {@code syncTime + t}, looked up by time in its own index, so a variable-frame-rate side is as exact as a
 * constant one. Immutable; window-free.
 */
public final class SyncClock {
    /** The two sides: A (left, the one shown under in superposition) and B. */
    public enum Side {
        A, B;

        public Side other() {
            return this == A ? B : A;
        }
    }

    /** The frame each side shows at one clock time. */
    public record Frames(int a, int b, double clock) {
        public int of(Side s) {
            return s == Side.A ? a : b;
        }
    }

    private final FrameIndex a;
    private final FrameIndex b;
    private final int syncA;
    private final int syncB;

    /** @param syncA the sync point of side A (a frame of {@code a}), likewise {@code syncB} */
    public SyncClock(FrameIndex a, FrameIndex b, int syncA, int syncB) {
        if (a.size() == 0 || b.size() == 0) {
            throw new IllegalArgumentException("a video without frames cannot be synced");
        }
        this.a = a;
        this.b = b;
        this.syncA = clamp(a, syncA);
        this.syncB = clamp(b, syncB);
    }

    private static int clamp(FrameIndex idx, int n) {
        return Math.max(0, Math.min(idx.size() - 1, n));
    }

    /** The same videos with one side's sync point moved to {@code frame}. */
    public SyncClock withSyncPoint(Side side, int frame) {
        return side == Side.A ? new SyncClock(a, b, frame, syncB) : new SyncClock(a, b, syncA, frame);
    }

    public FrameIndex index(Side s) {
        return s == Side.A ? a : b;
    }

    /** The sync point (a frame) of a side. */
    public int syncFrame(Side s) {
        return s == Side.A ? syncA : syncB;
    }

    /** The presentation time of a side's sync point, in seconds from its first frame. */
    public double syncTime(Side s) {
        return index(s).timeOf(syncFrame(s));
    }

    /** How much later in its own video B's sync point is than A's (seconds; negative when earlier). */
    public double offsetSeconds() {
        return syncTime(Side.B) - syncTime(Side.A);
    }

    /** The clock time at which a side shows the start of one of its frames. */
    public double clockOf(Side s, int frame) {
        return index(s).timeOf(clamp(index(s), frame)) - syncTime(s);
    }

    /** Where a side is at a clock time, in seconds from its first frame (below 0: not started yet). */
    public double sideTime(Side s, double clock) {
        return syncTime(s) + clock;
    }

    /**
     * Whether a side has a frame at this clock time (its presentation time falls within the video): false before its
     * first frame starts and from the end of its last frame on, where {@link #frameAt} gives the first or last frame.
     */
    public boolean covers(Side s, double clock) {
        double t = sideTime(s, clock);
        return t >= -halfTick(s) && t < index(s).durationSeconds() - halfTick(s);
    }

    private double halfTick(Side s) {
        return index(s).tickSeconds() / 2;
    }

    /** The frame a side shows at a clock time: the one whose presentation interval holds it (clamped to the video). */
    public int frameAt(Side s, double clock) {
        return index(s).frameAt(sideTime(s, clock));
    }

    /** Both sides at a clock time. */
    public Frames at(double clock) {
        return new Frames(frameAt(Side.A, clock), frameAt(Side.B, clock), clock);
    }

    /** One side shows {@code frame} exactly; the other the frame its clock time falls in. */
    public Frames seek(Side s, int frame) {
        int f = clamp(index(s), frame);
        double clock = clockOf(s, f);
        int other = frameAt(s.other(), clock);
        return s == Side.A ? new Frames(f, other, clock) : new Frames(other, f, clock);
    }

    /**
     * The side with the finer frame rate (shorter average frame duration; A on a tie): it steps one frame at a time,
     * the other follows the clock.
     */
    public Side finer() {
        return b.averageFps() > a.averageFps() * (1 + 1e-9) ? Side.B : Side.A;
    }

    /**
     * Steps {@code frames} frames from clock time {@code clock}: the finer side moves from the frame it shows then by
     * that many frames, the other follows the clock. When the finer side has no frame there (before its start or past
     * its end) the other side steps instead, so the clock moves by a frame of a side that is showing.
     */
    public Frames step(double clock, int frames) {
        Side f = finer();
        Side s = covers(f, clock) || !covers(f.other(), clock) ? f : f.other();
        return seek(s, frameAt(s, clock) + frames);
    }
}
