package org.dancelens.core;

import java.nio.file.Path;

/**
 * What a probe learned about a video file.
 *
 * @param path              the file
 * @param container         container format name(s) as FFmpeg reports them, e.g. {@code mov,mp4,m4a,3gp,3g2,mj2}
 * @param codec             video codec name, e.g. {@code h264}
 * @param width             display width in pixels, rotation applied
 * @param height            display height in pixels, rotation applied
 * @param codedWidth        width of the decoded picture before rotation
 * @param codedHeight       height of the decoded picture before rotation
 * @param rotation          clockwise rotation (0, 90, 180, 270) applied to decoded pictures for display
 * @param fps               average frame rate: frame count over the span of presentation timestamps
 * @param durationSeconds   duration of the video stream (last frame's end minus first frame's start)
 * @param frameCount        number of frames in the frame index
 * @param keyFrameCount     number of key frames
 * @param variableFrameRate whether frame durations vary by more than 1% (or a few ticks) across the file
 * @param hasAudio          whether the file holds an audio stream
 */
public record VideoInfo(
        Path path,
        String container,
        String codec,
        int width,
        int height,
        int codedWidth,
        int codedHeight,
        int rotation,
        double fps,
        double durationSeconds,
        int frameCount,
        int keyFrameCount,
        boolean variableFrameRate,
        boolean hasAudio) {

    public String fileName() {
        return path.getFileName().toString();
    }
}
