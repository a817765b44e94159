package org.dancelens.analysis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dancelens.core.DanceLensException;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.pose.PoseEstimator;
import org.dancelens.pose.PoseEstimators;

/**
 * Loaded pose estimators kept between videos, so that a batch's workers or a Spark executor's tasks load each model
 * once instead of once per video. An estimator is not thread-safe, so each one is lent to one job at a time: the pool
 * holds as many estimators of a model as jobs ran it at once. A returned estimator is {@link PoseEstimator#reset()
 * reset} (it forgets the crop regions it followed), so the next video is read exactly as by a freshly loaded one; an
 * estimator whose job failed is closed, not lent again.
 */
public final class EstimatorPool implements AutoCloseable {
    /** What makes two loads interchangeable: the pinned model (card with its ONNX hash), device and decoding settings. */
    private record Key(ModelRegistry.Entry model, OrtRuntime.Device device, float minPersonScore, int maxPeople, int threads) {
    }

    private final Map<Key, Deque<PoseEstimator>> idle = new HashMap<>();
    private int loads;
    private boolean closed;

    /**
     * An estimator for one job: an idle one of the same model and settings, or a newly loaded one.
     *
     * @param model a pinned entry ({@link ModelRegistry.Entry#pinned()})
     */
    public Lease lease(ModelRegistry.Entry model, OrtRuntime.Device device, float minPersonScore, int maxPeople, int threads) {
        Key key = new Key(model, device, minPersonScore, maxPeople, threads);
        synchronized (this) {
            if (closed) {
                throw DanceLensException.internal("The estimator pool is closed.", null);
            }
            Deque<PoseEstimator> free = idle.get(key);
            if (free != null && !free.isEmpty()) {
                return new Lease(this, key, free.pop());
            }
            loads++;
        }
        return new Lease(this, key, PoseEstimators.create(model, device, minPersonScore, maxPeople, threads)); // loads outside the lock
    }

    /** A lease of an estimator loaded for one job only (no pool): closing it closes the estimator. */
    public static Lease oneOff(PoseEstimator estimator) {
        return new Lease(null, null, estimator);
    }

    /** How many estimators the pool has loaded. */
    public synchronized int loads() {
        return loads;
    }

    private void giveBack(Key key, PoseEstimator est) {
        synchronized (this) {
            if (!closed) {
                idle.computeIfAbsent(key, k -> new ArrayDeque<>()).push(est);
                return;
            }
        }
        est.close();
    }

    /** Closes the idle estimators; those still lent are closed when they come back. */
    @Override
    public void close() {
        List<PoseEstimator> toClose = new ArrayList<>();
        synchronized (this) {
            closed = true;
            idle.values().forEach(toClose::addAll);
            idle.clear();
        }
        toClose.forEach(PoseEstimator::close);
    }

    /** One job's use of an estimator; closing it gives it back to the pool (or closes it when it has none). */
    public static final class Lease implements AutoCloseable {
        private final EstimatorPool pool;
        private final Key key;
        private PoseEstimator est;

        private Lease(EstimatorPool pool, Key key, PoseEstimator est) {
            this.pool = pool;
            this.key = key;
            this.est = est;
        }

        public PoseEstimator estimator() {
            return est;
        }

        /** The job failed or was cancelled: the estimator is closed, never lent again. */
        public void discard() {
            PoseEstimator e = est;
            est = null;
            if (e != null) {
                e.close();
            }
        }

        @Override
        public void close() {
            PoseEstimator e = est;
            est = null;
            if (e == null) {
                return;
            }
            if (pool == null) {
                e.close();
                return;
            }
            try {
                e.reset();
            } catch (RuntimeException failed) {
                e.close();
                return;
            }
            pool.giveBack(key, e);
        }
    }
}
