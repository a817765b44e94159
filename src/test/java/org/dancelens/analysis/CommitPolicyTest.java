package org.dancelens.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A commit is due after a second of work or a second of video, whichever comes first. */
class CommitPolicyTest {
    /** A clock the test moves. */
    private static final class Clock implements java.util.function.LongSupplier {
        long now = 5_000_000_000L;

        @Override
        public long getAsLong() {
            return now;
        }

        void advanceMillis(long ms) {
            now += ms * 1_000_000L;
        }
    }

    /**
     * A job analysing 50 frames a second of a 10 fps video, committing whenever it is due, with its results coming out
     * of the tracker two frames late: at no moment are more than 10 analysed frames (a second of video) missing from
     * the store. (Commits every second of work alone would leave up to 50 out.)
     */
    @Test
    void aFastJobNeverHoldsMoreThanASecondOfVideo() {
        Clock clock = new Clock();
        CommitPolicy p = new CommitPolicy(10, clock);
        int stored = 0;
        int worst = 0;
        for (int frame = 0; frame < 500; frame++) {
            clock.advanceMillis(20);
            int analysed = frame + 1;
            worst = Math.max(worst, analysed - stored); // a kill just before the check
            if (p.due(analysed - stored)) {
                stored = Math.max(0, frame - 2 + 1); // the tracker has emitted up to frame - 2
                p.committed();
            }
        }
        assertThat(worst).isEqualTo(10);
    }

    @Test
    void aSlowJobCommitsEverySecondOfWork() {
        Clock clock = new Clock();
        CommitPolicy p = new CommitPolicy(30, clock);
        clock.advanceMillis(999);
        assertThat(p.due(3)).isFalse();
        clock.advanceMillis(1);
        assertThat(p.due(3)).isTrue();
        p.committed();
        assertThat(p.due(29)).isFalse();
        assertThat(p.due(30)).isTrue();
    }

    @Test
    void withoutAFrameRateOnlySecondsOfWorkCount() {
        for (double fps : new double[] {0, -1, Double.NaN}) {
            Clock clock = new Clock();
            CommitPolicy p = new CommitPolicy(fps, clock);
            assertThat(p.due(1_000_000)).isFalse();
            clock.advanceMillis(1000);
            assertThat(p.due(1)).isTrue();
        }
    }

    @Test
    void aSlowVideoStillCommitsEveryFrame() {
        CommitPolicy p = new CommitPolicy(0.5, new Clock()); // one frame every two seconds
        assertThat(p.due(1)).isTrue();
        assertThat(p.due(0)).isFalse();
    }
}
