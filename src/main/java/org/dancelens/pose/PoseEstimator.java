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

    SkeletonSchema schema();

    @Override
    void close();
}
