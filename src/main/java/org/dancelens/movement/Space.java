package org.dancelens.movement;

/**
 * Which coordinates a measure reads.
 *
 * <ul>
 * <li>{@link #IMAGE}: the keypoints in pixels of the displayed frame, x to the right and y down; lengths in pixels,
 * or metres through a {@link Calibration}.</li>
 * <li>{@link #WORLD}: the model's 3D world keypoints in metres (BlazePose: origin between the hips, y down like the
 * image, z towards the camera).</li>
 * </ul>
 * In both, "up" is the direction of negative y.
 */
public enum Space {
    IMAGE,
    WORLD
}
