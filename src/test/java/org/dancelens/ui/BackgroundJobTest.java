package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dancelens.core.ExecutorTaskRunner;
import org.dancelens.core.TaskRunner;
import org.dancelens.testsupport.PumpedExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A panel's background job belongs to the video it was started for; the panel shows the state of the video on screen. */
class BackgroundJobTest {
    /** A video as far as a job is concerned: a name, and closing. */
    static final class Video implements BackgroundJob.Owner {
        final String name;
        final List<Runnable> onClose = new ArrayList<>();
        boolean closed;

        Video(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void whenClosed(Runnable action) {
            if (closed) {
                action.run();
            } else {
                onClose.add(action);
            }
        }

        void close() {
            closed = true;
            onClose.forEach(Runnable::run);
        }
    }

    record Error(String about, String sentence) {
    }

    final PumpedExecutor ui = new PumpedExecutor();
    final List<Error> errors = new CopyOnWriteArrayList<>();
    TaskRunner tasks;
    BackgroundJob job;
    final Video a = new Video("a.avi");
    final Video b = new Video("b.avi");

    @BeforeEach
    void setUp() {
        tasks = new ExecutorTaskRunner(2, ui);
        DialogService dialogs = new DialogService() {
            @Override
            public Optional<Path> chooseVideo() {
                return Optional.empty();
            }

            @Override
            public void showError(String sentence) {
                reportError(null, sentence);
            }

            @Override
            public void reportError(String about, String sentence) {
                errors.add(new Error(about, sentence));
            }

            @Override
            public void showInfo(String sentence) {
            }
        };
        job = new BackgroundJob(tasks, dialogs, LoggerFactory.getLogger(BackgroundJobTest.class), "Pick a model.");
    }

    @AfterEach
    void tearDown() {
        tasks.close();
    }

    /** A job that reports "step 1 of 2" and then waits for the gate before returning its answer. */
    private static TaskRunner.Job<String> gated(CountDownLatch gate, String answer) {
        return ctx -> {
            ctx.progress(0.5, "step 1 of 2");
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gate never opened");
            }
            ctx.checkCancelled();
            return answer;
        };
    }

    private void pumpUntil(java.util.function.BooleanSupplier c) {
        ui.pumpUntil(c, Duration.ofSeconds(20));
    }

    @Test
    void theOtherVideoShowsItsOwnStateAndTheResultWaitsForItsVideo() {
        CountDownLatch gate = new CountDownLatch(1);
        List<String> results = new ArrayList<>();
        assertThat(job.showFor(a)).isFalse();
        assertThat(job.start("analysis", "Starting…", gated(gate, "poses of a"), r -> {
            results.add(r);
            job.say("2 frames analysed.");
        })).isTrue();
        pumpUntil(() -> job.statusProperty().get().equals("a.avi: step 1 of 2"));
        assertThat(job.runningProperty().get()).isTrue();
        assertThat(job.progressProperty().get()).isEqualTo(0.5);

        // B on screen: nothing runs for it; the panel may describe it
        assertThat(job.showFor(b)).isFalse();
        assertThat(job.runningProperty().get()).isFalse();
        assertThat(job.statusProperty().get()).isEqualTo("Pick a model.");
        job.say("No pose results for this video yet.");

        gate.countDown();
        pumpUntil(() -> !results.isEmpty());
        assertThat(results).containsExactly("poses of a");
        // A's ending went to A's status line, not to B's on screen
        assertThat(job.statusProperty().get()).isEqualTo("No pose results for this video yet.");
        assertThat(job.runningProperty().get()).isFalse();
        assertThat(job.isRunningFor(a)).isFalse();

        // back to A: its ending, naming it; the panel leaves it (showFor says the line is the job's)
        assertThat(job.showFor(a)).isTrue();
        assertThat(job.statusProperty().get()).isEqualTo("a.avi: 2 frames analysed.");
        assertThat(job.progressProperty().get()).isEqualTo(1.0);
        // and B kept its own line
        job.showFor(b);
        assertThat(job.statusProperty().get()).isEqualTo("No pose results for this video yet.");
        assertThat(errors).isEmpty();
    }

    @Test
    void aSecondVideosJobWaitsForTheRunningOneAndThenRuns() {
        CountDownLatch gateA = new CountDownLatch(1);
        List<String> results = new ArrayList<>();
        job.showFor(a);
        job.start("analysis", "Starting…", gated(gateA, "a"), results::add);
        pumpUntil(() -> job.statusProperty().get().equals("a.avi: step 1 of 2"));

        job.showFor(b);
        AtomicInteger bRan = new AtomicInteger();
        assertThat(job.start("analysis", "Starting…", ctx -> bRan.incrementAndGet(), r -> results.add("b"))).isTrue();
        assertThat(job.runningProperty().get()).isTrue();
        assertThat(job.statusProperty().get()).isEqualTo("b.avi: waiting for the analysis of a.avi to finish (one analysis at a time)…");
        // a second start for the same video does nothing while its job waits
        assertThat(job.start("analysis", "Starting…", ctx -> bRan.incrementAndGet(), r -> results.add("b again"))).isFalse();
        ui.pumpFor(Duration.ofMillis(200));
        assertThat(bRan).hasValue(0);

        gateA.countDown();
        pumpUntil(() -> results.size() == 2);
        assertThat(results).containsExactly("a", "b");
        assertThat(bRan).hasValue(1);
        assertThat(job.runningProperty().get()).isFalse();
    }

    @Test
    void cancellingAWaitingJobDropsItAndSaysSo() {
        CountDownLatch gateA = new CountDownLatch(1);
        List<String> results = new ArrayList<>();
        job.showFor(a);
        job.start("analysis", "Starting…", gated(gateA, "a"), results::add);
        job.showFor(b);
        job.start("analysis", "Starting…", ctx -> "b", results::add);
        job.cancel();
        assertThat(job.runningProperty().get()).isFalse();
        assertThat(job.statusProperty().get()).isEqualTo("b.avi: Cancelled.");
        // A still runs and is not the one cancelled
        assertThat(job.isRunningFor(a)).isTrue();
        gateA.countDown();
        pumpUntil(() -> !job.isRunningFor(a));
        ui.pumpFor(Duration.ofMillis(200));
        assertThat(results).containsExactly("a");
    }

    @Test
    void aFailureNamesItsVideoInTheProblemsAndInItsStatusLineOnly() {
        job.showFor(a);
        job.start("analysis", "Starting…", ctx -> {
            throw new java.io.IOException("the disk went away");
        }, r -> { });
        job.showFor(b);
        job.say("No pose results for this video yet.");
        pumpUntil(() -> !errors.isEmpty() && !job.isRunningFor(a));
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).about()).isEqualTo("Analysis · a.avi");
        assertThat(job.statusProperty().get()).isEqualTo("No pose results for this video yet.");
        assertThat(job.showFor(a)).isTrue();
        assertThat(job.statusProperty().get()).isEqualTo("The analysis of a.avi stopped.");
        assertThat(job.runningProperty().get()).isFalse();
    }

    @Test
    void closingAVideoAbandonsItsJobAndLetsTheNextOneRun() {
        CountDownLatch gateA = new CountDownLatch(1);
        List<String> results = new ArrayList<>();
        job.showFor(a);
        job.start("analysis", "Starting…", gated(gateA, "a"), results::add);
        pumpUntil(() -> job.statusProperty().get().equals("a.avi: step 1 of 2"));
        job.showFor(b);
        job.start("analysis", "Starting…", ctx -> "b", results::add);
        a.close();
        // B's job starts at once; A's result, when it comes, is dropped
        pumpUntil(() -> results.contains("b"));
        gateA.countDown();
        ui.pumpFor(Duration.ofMillis(300));
        assertThat(results).containsExactly("b");
        assertThat(job.runningProperty().get()).isFalse();
        assertThat(errors).isEmpty();
    }

    @Test
    void withoutAVideoTheJobIsThePanelsOwnAsBefore() {
        job.workingOn(() -> "manifest.csv");
        List<String> results = new ArrayList<>();
        job.start("evaluation", "Evaluating…", ctx -> "report", r -> {
            results.add(r);
            job.say("Report written.");
        });
        pumpUntil(() -> !results.isEmpty());
        assertThat(job.statusProperty().get()).isEqualTo("Report written.");
        assertThat(job.kindProperty().get()).isEmpty();
    }
}
