package org.dancelens.pose;

import java.util.List;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.core.VideoFrame;

/**
 * Finds the poses in a frame, in pixel coordinates of that frame. Estimators may keep state between consecutive
 * frames (MoveNet's crop follows the previous keypoints); {@link #reset()} forgets it, e.g. after a seek.
 * Not thread-safe: one estimator per worker.
 */
public interface PoseEstimator extends AutoCloseable {
    List<Pose> estimate(VideoFrame frame);

    void reset();

    /**
     * What the estimator carries from one frame to the next (the crop regions it will read next), for a job's
     * checkpoint; empty for estimators without state. {@link #carryOver(List)} puts it back, so the next frame is read
     * exactly as it would have been without the interruption.
     */
    List<double[]> carryOver();

    void carryOver(List<double[]> regions);

    SkeletonSchema schema();

    @Override
    void close();
}
