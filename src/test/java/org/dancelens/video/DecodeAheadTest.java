package org.dancelens.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dancelens.core.TaskContext;
import org.dancelens.testsupport.TestMedia;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading ahead on a thread of its own: every frame accounted for, and closing always ends the thread. */
class DecodeAheadTest {
    @TempDir
    Path dir;

    private static Path video() {
        return TestMedia.generated("ahead.avi", PatternVideoWriter.Spec.of("avi", "mpeg4", 320, 240, 120, 25).gop(10));
    }

    @Test
    void aConsumerThatStopsTakingFramesCanAlwaysCloseAndTheVideoIsReleased() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            VideoSource src = VideoSource.open(video());
            DecodeAhead reader = DecodeAhead.start(src, 0, 120, 2, TaskContext.NONE);
            // Take one frame, then stop taking any: the reading thread is now waiting on a full queue while it holds the
            // video (a consumer whose store writes fail is in exactly this state).
            assertThat(reader.next(10, TimeUnit.SECONDS)).isInstanceOf(DecodeAhead.Frame.class);
            Thread.sleep(300);
            assertThat(reader.isFinished()).isFalse();
            reader.close();
            assertThat(reader.isFinished()).isTrue();
            src.close(); // would wait for ever if the reading thread still held the video
        });
    }

    @Test
    void everyFrameOfTheRangeComesOutOnceInOrderAsAFrameOrAsUndecodableThenTheEnd() throws Exception {
        byte[] bytes = Files.readAllBytes(video());
        byte[] junk = "garbage!".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < bytes.length / 20; i++) {
            bytes[bytes.length / 2 + i] = junk[i % junk.length];
        }
        Path damaged = dir.resolve("damaged.avi");
        Files.write(damaged, bytes);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (VideoSource src = VideoSource.open(damaged); DecodeAhead reader = DecodeAhead.start(src, 10, src.frameCount(), 4, TaskContext.NONE)) {
                List<Integer> order = new ArrayList<>();
                int undecodable = 0;
                DecodeAhead.Item item;
                while (!((item = reader.next(10, TimeUnit.SECONDS)) instanceof DecodeAhead.End)) {
                    assertThat(item).as("an item within 10 s").isNotNull();
                    if (item instanceof DecodeAhead.Frame f) {
                        order.add(f.frame().index());
                    } else if (item instanceof DecodeAhead.Undecodable u) {
                        order.add(u.frame());
                        undecodable++;
                    }
                }
                assertThat(((DecodeAhead.End) item).error()).isNull();
                assertThat(undecodable).as("the damage costs frames").isPositive();
                assertThat(order).containsExactlyElementsOf(java.util.stream.IntStream.range(10, src.frameCount()).boxed().toList());
            }
        });
    }
}
