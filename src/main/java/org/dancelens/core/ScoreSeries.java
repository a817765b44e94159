package org.dancelens.core;

import java.util.List;

/**
 * A model's per-frame scores for one dancer (or for the whole frame, track -1): {@code scores[i][label]} belongs to
 * video frame {@code frames[i]}. Frames are increasing; frames the model did not cover are simply absent.
 *
 * @param track  the dancer's identity, or -1 for whole-frame models
 * @param labels the score names, in output order
 * @param frames video frame numbers
 * @param scores one score vector per frame, {@code labels.size()} long
 */
public record ScoreSeries(int track, List<String> labels, int[] frames, float[][] scores) {
    public ScoreSeries {
        labels = List.copyOf(labels);
        if (frames.length != scores.length) {
            throw new IllegalArgumentException(frames.length + " frames but " + scores.length + " score vectors");
        }
        for (float[] s : scores) {
            if (s.length != labels.size()) {
                throw new IllegalArgumentException("a score vector has " + s.length + " values for " + labels.size() + " labels");
            }
        }
    }

    public int size() {
        return frames.length;
    }
}
