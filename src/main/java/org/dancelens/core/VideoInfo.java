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
 * @param declaredFrames    frames the container's header declares for the stream (0 when it declares none)
 * @param cutOff            whether reading the file stopped on damage or a cut-off end before the end of its data
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
        boolean hasAudio,
        int declaredFrames,
        boolean cutOff) {

    public String fileName() {
        return path.getFileName().toString();
    }

    /**
     * One sentence when the file holds fewer frames than it promises (its header declares more, or its data ends in
     * damage), or null. Frame numbers in DanceLens count the frames that can be found.
     */
    public String damageNote() {
        if (declaredFrames > frameCount) {
            int lost = declaredFrames - frameCount;
            return fileName() + " declares " + declaredFrames + " frames but only " + frameCount + " can be found: " + lost + " frame"
                    + (lost == 1 ? " is" : "s are") + " lost to damage or a cut-off end (DanceLens numbers the frames it can find).";
        }
        if (cutOff) {
            return fileName() + " is damaged or cut off after " + Timecode.format(durationSeconds) + " (frame " + frameCount
                    + "): what follows cannot be read.";
        }
        return null;
    }
}
