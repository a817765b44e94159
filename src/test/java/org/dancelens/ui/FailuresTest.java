package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dancelens.core.CancelledException;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.ExecutorTaskRunner;
import org.dancelens.core.TaskRunner;
import org.junit.jupiter.api.Test;

/** The one function from a failure to what the workbench's user reads. */
class FailuresTest {
    /** What the task runner hands a callback when a job throws {@code t}. */
    static DanceLensException throughTheRunner(RuntimeException t) throws Exception {
        CompletableFuture<DanceLensException> got = new CompletableFuture<>();
        try (ExecutorTaskRunner r = ExecutorTaskRunner.direct(1)) {
            r.submit("job", ctx -> {
                throw t;
            }, TaskRunner.Callbacks.of(x -> got.completeExceptionally(new AssertionError("succeeded")), got::complete));
            return got.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void badInputIsItsOwnSentence() {
        DanceLensException e = DanceLensException.badInput("The file notes.mp4 is not a video.", new IOException("Invalid data found"));
        assertThat(Failures.sentence(e)).isEqualTo("The file notes.mp4 is not a video.");
        assertThat(Failures.isOurBug(e)).isFalse();
        // also when it comes wrapped in something else
        assertThat(Failures.sentence(new RuntimeException("wrapper", e))).isEqualTo("The file notes.mp4 is not a video.");
    }

    @Test
    void anInternalFailureWithASentenceOfOursKeepsIt() {
        DanceLensException e = DanceLensException.internal("The results store of vtest.avi could not be written.", new IOException("No space left on device"));
        assertThat(Failures.sentence(e)).isEqualTo("The results store of vtest.avi could not be written.");
    }

    @Test
    void ourOwnBugGetsTheGenericSentenceWithoutItsTypeName() throws Exception {
        DanceLensException e = throughTheRunner(new NullPointerException("Cannot invoke \"Pose.track()\" because \"p\" is null"));
        assertThat(e.getMessage()).as("what the runner makes of it (core)").contains("NullPointerException");
        String s = Failures.sentence(e);
        assertThat(s).doesNotContain("NullPointerException").doesNotContain("Pose.track").doesNotContain("\n")
                .startsWith("Something went wrong inside DanceLens; details are in the log at ").endsWith(".");
        assertThat(Failures.isOurBug(e)).isTrue();
        assertThat(Failures.sentence(new IllegalStateException("x"))).isEqualTo(Failures.generic());
        // a sentence of ours thrown inside the job is still ours
        assertThat(Failures.sentence(throughTheRunner(DanceLensException.badInput("The card x.yaml has no id.")))).isEqualTo("The card x.yaml has no id.");
    }

    @Test
    void aMessageShowingInternalsIsNotShown() {
        assertThat(Failures.sentence(DanceLensException.badInput("Could not read x: java.nio.file.AccessDeniedException: /x"))).isEqualTo(Failures.generic());
        assertThat(Failures.sentence(DanceLensException.badInput("The model failed: OrtException: bad shape."))).isEqualTo(Failures.generic());
        assertThat(Failures.sentence(DanceLensException.badInput("Out of memory: OutOfMemoryError."))).isEqualTo(Failures.generic());
        assertThat(Failures.sentence(DanceLensException.badInput(
                "Load model from m.onnx failed: /onnxruntime_src/onnxruntime/core/graph/model.cc:180 onnxruntime::Model::Model status.IsOK()")))
                .isEqualTo(Failures.generic());
        assertThat(Failures.sentence(DanceLensException.badInput("Failed\n\tat org.dancelens.x.Y.z(Y.java:12)"))).isEqualTo(Failures.generic());
        // file names and plain words that look a little like type names are fine
        assertThat(Failures.sentence(DanceLensException.badInput("The file MyError.mp4 is not a video.")))
                .isEqualTo("The file MyError.mp4 is not a video.");
        assertThat(Failures.sentence(DanceLensException.badInput("The file Exceptions.mkv is empty."))).isEqualTo("The file Exceptions.mkv is empty.");
        assertThat(Failures.sentence(DanceLensException.badInput("Error in the card: line 3 has no value.")))
                .isEqualTo("Error in the card: line 3 has no value.");
        // several lines become one
        assertThat(Failures.sentence(DanceLensException.badInput("The card x.yaml is malformed:\n  line 3."))).isEqualTo("The card x.yaml is malformed: line 3.");
    }

    @Test
    void aCancelIsItsSentence() {
        assertThat(Failures.isOurBug(new CancelledException("analysis"))).isFalse();
    }

    @Test
    void theGenericSentenceNamesTheLogTheLoggingConfigurationWrites() {
        // src/test/resources/logback-test.xml writes target/test.log
        assertThat(Failures.logFile()).isEqualTo(Path.of("target/test.log").toAbsolutePath().normalize());
        assertThat(Failures.generic()).contains(Failures.logFileText());
    }
}
