package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.stream.IntStream;
import org.dancelens.ui.problems.ProblemsViewModel;
import org.dancelens.ui.problems.ProblemsViewModel.Problem;
import org.junit.jupiter.api.Test;

/** The list of recent problems: capped, newest first, unread count, repeats, clear, copy. */
class ProblemsViewModelTest {
    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2024-05-06T10:15:30Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final TestClock clock = new TestClock();
    private final ProblemsViewModel vm = new ProblemsViewModel(clock, "~/.local/state/dancelens/dancelens.log");

    @Test
    void keepsTheNewestFiftyNewestFirst() {
        for (int i = 0; i < 60; i++) {
            clock.now = clock.now.plusSeconds(1);
            vm.add("job " + i, "Problem number " + i + ".");
        }
        assertThat(vm.problems()).hasSize(ProblemsViewModel.MAX);
        assertThat(vm.problems().get(0).sentence()).isEqualTo("Problem number 59.");
        assertThat(vm.problems().get(49).sentence()).isEqualTo("Problem number 10.");
        assertThat(vm.problems()).extracting(Problem::time).isSortedAccordingTo((a, b) -> b.compareTo(a));
        // the count of new problems never exceeds what is kept
        assertThat(vm.unreadProperty().get()).isEqualTo(50);
    }

    @Test
    void countsWhatCameSinceTheListWasLookedAt() {
        assertThat(vm.anyProperty().get()).isFalse();
        assertThat(vm.unreadProperty().get()).isZero();
        vm.add("vtest.avi", "The file vtest.avi is not a video.");
        vm.add("Analysis · vtest.avi", "The results store of vtest.avi is damaged.");
        assertThat(vm.anyProperty().get()).isTrue();
        assertThat(vm.unreadProperty().get()).isEqualTo(2);

        vm.opened();
        assertThat(vm.unreadProperty().get()).isZero();
        vm.add(null, "Something else.");
        assertThat(vm.unreadProperty().get()).as("seen as it came, the list being open").isZero();
        vm.closed();
        vm.add(null, "One more.");
        assertThat(vm.unreadProperty().get()).isEqualTo(1);
        assertThat(vm.problems()).extracting(Problem::sentence)
                .containsExactly("One more.", "Something else.", "The results store of vtest.avi is damaged.", "The file vtest.avi is not a video.");
    }

    @Test
    void theSameProblemTwiceInARowIsOneEntryWithACount() {
        vm.add("a.mp4", "The file a.mp4 cannot be decoded at frame 12.");
        vm.opened();
        vm.closed();
        clock.now = clock.now.plus(Duration.ofSeconds(5));
        vm.add("a.mp4", "The file a.mp4 cannot be decoded at frame 12.");
        assertThat(vm.problems()).hasSize(1);
        assertThat(vm.problems().get(0).repeats()).isEqualTo(2);
        assertThat(vm.problems().get(0).time()).isEqualTo(clock.now);
        assertThat(vm.unreadProperty().get()).as("read before, new again").isEqualTo(1);
        vm.add("a.mp4", "The file a.mp4 cannot be decoded at frame 12.");
        assertThat(vm.unreadProperty().get()).as("still the one entry").isEqualTo(1);
        assertThat(vm.detailText(vm.problems().get(0))).isEqualTo("a.mp4 · 3 times");
        // the same sentence about something else is another entry
        vm.add("b.mp4", "The file a.mp4 cannot be decoded at frame 12.");
        assertThat(vm.problems()).hasSize(2);
    }

    @Test
    void clearForgetsEverything() {
        IntStream.range(0, 3).forEach(i -> vm.add(null, "P" + i + "."));
        vm.clear();
        assertThat(vm.problems()).isEmpty();
        assertThat(vm.unreadProperty().get()).isZero();
        assertThat(vm.anyProperty().get()).isFalse();
    }

    @Test
    void blankSentencesAreNotKeptAndLineBreaksBecomeSpaces() {
        vm.add("x", "  ");
        vm.add("x", null);
        assertThat(vm.problems()).isEmpty();
        vm.add(" ", "Two\nlines.");
        assertThat(vm.problems().get(0).sentence()).isEqualTo("Two lines.");
        assertThat(vm.problems().get(0).about()).isNull();
    }

    @Test
    void timesAndCopiedText() {
        vm.add("vtest.avi", "The file vtest.avi is not a video.");
        Problem today = vm.problems().get(0);
        assertThat(vm.timeText(today)).isEqualTo("10:15:30");
        clock.now = clock.now.plus(Duration.ofDays(2));
        assertThat(vm.timeText(today)).as("another day: with the day").isEqualTo("6 May 10:15:30");
        vm.add(null, "Something went wrong inside DanceLens; details are in the log at ~/x.log.");
        assertThat(vm.copyText()).isEqualTo("2024-05-08 10:15:30  Something went wrong inside DanceLens; details are in the log at ~/x.log.\n"
                + "2024-05-06 10:15:30  vtest.avi:  The file vtest.avi is not a video.\n");
        assertThat(vm.footerText()).endsWith("~/.local/state/dancelens/dancelens.log");
    }
}
