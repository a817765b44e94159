package org.dancelens.movement.music;

/**
 * An onset strength envelope: one value per analysis frame, at a fixed frame rate, on the video's clock.
 *
 * @param strength     onset strength per frame (non-negative; larger where more energy appears)
 * @param startSeconds time of frame 0 on the video's clock
 * @param frameRate    frames per second ({@code sampleRate / hop})
 */
public record OnsetEnvelope(double[] strength, double startSeconds, double frameRate) {
    public OnsetEnvelope {
        if (strength == null || !(frameRate > 0) || !Double.isFinite(startSeconds)) {
            throw new IllegalArgumentException("an onset envelope needs values, a positive frame rate and a finite start");
        }
    }

    public int length() {
        return strength.length;
    }

    /** Time of frame {@code i} on the video's clock, seconds. */
    public double timeOf(double i) {
        return startSeconds + i / frameRate;
    }

    /** The times of all frames. */
    public double[] times() {
        double[] t = new double[strength.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = timeOf(i);
        }
        return t;
    }
}
