package org.dancelens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.VideoFrame;
import org.dancelens.video.StillImage;
import org.dancelens.video.VideoSource;

/** The picture a benchmark runs on: a still image, or one frame of a video. */
final class BenchInputs {
    private BenchInputs() {
    }

    static VideoFrame picture(Path input, int frame) {
        if (!Files.exists(input)) {
            throw DanceLensException.badInput(input + " does not exist.");
        }
        if (StillImage.isImage(input)) {
            return StillImage.read(input);
        }
        try (VideoSource src = VideoSource.open(input)) {
            if (frame < 0 || frame >= src.frameCount()) {
                throw DanceLensException.badInput(input.getFileName() + " has frames 0 to " + (src.frameCount() - 1) + ", not " + frame + ".");
            }
            return src.frame(frame);
        }
    }
}
