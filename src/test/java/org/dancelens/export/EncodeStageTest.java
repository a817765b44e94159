package org.dancelens.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.javacv.FrameRecorder;
import org.dancelens.core.CancelledException;
import org.dancelens.core.TaskContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The export's encoder thread: order, buffers going round, and every way it ends without a thread left behind. */
@Timeout(30)
class EncodeStageTest {
    private static TaskContext cancelWith(AtomicBoolean flag) {
        return new TaskContext() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return flag.get();
            }
        };
    }

    @Test
    void picturesAreEncodedInOrderAndAtMostThreeBuffersGoRound() throws Exception {
        List<Long> encoded = Collections.synchronizedList(new ArrayList<>());
        List<ByteBuffer> seen = Collections.synchronizedList(new ArrayList<>());
        EncodeStage stage = new EncodeStage(3, p -> {
            assertThat(p.pixels().getInt(0)).isEqualTo((int) p.pts());
            encoded.add(p.pts());
            if (!seen.stream().anyMatch(b -> b == p.pixels())) {
                seen.add(p.pixels());
            }
            Thread.sleep(2);
        }, TaskContext.NONE);
        try (stage) {
            for (int i = 0; i < 40; i++) {
                ByteBuffer b = stage.buffer(64);
                b.putInt(0, i);
                stage.submit(new EncodeStage.Picture(b, 4, 4, i / 30.0, i));
            }
            stage.finish();
        }
        assertThat(encoded).hasSize(40).isSorted();
        assertThat(seen).hasSizeBetween(1, 3); // never more than the three it was given
        assertThat(stage.isFinished()).isTrue();
    }

    @Test
    void theEncodersFailureIsThrownOnTheDrawingThreadAndTheThreadEnds() throws Exception {
        EncodeStage stage = new EncodeStage(2, p -> {
            if (p.pts() == 5) {
                throw new FrameRecorder.Exception("av_write_frame() error -28");
            }
        }, TaskContext.NONE);
        try (stage) {
            assertThatThrownBy(() -> {
                for (int i = 0; i < 1000; i++) {
                    stage.submit(new EncodeStage.Picture(stage.buffer(16), 2, 2, 0, i));
                }
                stage.finish();
            }).isInstanceOf(FrameRecorder.Exception.class).hasMessageContaining("-28");
        }
        assertThat(stage.isFinished()).isTrue();
    }

    @Test
    void aCancelEndsAWaitForAnEncoderThatIsStuckAndCloseEndsTheThread() throws Exception {
        AtomicBoolean cancel = new AtomicBoolean();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        EncodeStage stage = new EncodeStage(2, p -> {
            inside.countDown();
            release.await(20, TimeUnit.SECONDS); // a slow encoder call
        }, cancelWith(cancel));
        try {
            stage.submit(new EncodeStage.Picture(stage.buffer(16), 2, 2, 0, 0));
            stage.submit(new EncodeStage.Picture(stage.buffer(16), 2, 2, 0, 1));
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            cancel.set(true);
            // both buffers are in flight: the wait for a free one ends with the cancel, not with the encoder
            assertThatThrownBy(() -> stage.buffer(16)).isInstanceOf(CancelledException.class);
        } finally {
            release.countDown();
            stage.close();
        }
        assertThat(stage.isFinished()).isTrue();
    }

    @Test
    void closingWithoutFinishingEndsTheThreadWithoutEncodingWhatIsQueued() throws Exception {
        List<Long> encoded = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        EncodeStage stage = new EncodeStage(3, p -> {
            inside.countDown();
            release.await(20, TimeUnit.SECONDS);
            encoded.add(p.pts());
        }, TaskContext.NONE);
        for (int i = 0; i < 3; i++) {
            stage.submit(new EncodeStage.Picture(stage.buffer(16), 2, 2, 0, i));
        }
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        // a failure on the drawing side closes the stage while the encoder is inside its first picture
        Thread closer = new Thread(stage::close);
        closer.start();
        Thread.sleep(500); // close has stopped the stage and dropped the queue by now; it waits for the encoder call
        release.countDown();
        closer.join(15_000);
        assertThat(stage.isFinished()).isTrue();
        assertThat(encoded).containsExactly(0L);
    }
}
