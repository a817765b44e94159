package org.dancelens.core;

/**
 * One body keypoint in pixel coordinates of the original (displayed) video frame.
 *
 * @param x     horizontal position, pixels from the left
 * @param y     vertical position, pixels from the top
 * @param score confidence 0..1 (visibility for BlazePose)
 */
public record Keypoint(float x, float y, float score) {
}
