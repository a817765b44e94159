package org.dancelens.core;

/**
 * Mono audio samples at a fixed rate, placed on the video's clock.
 *
 * @param samples      mono PCM, nominally in [-1, 1]
 * @param sampleRate   samples per second
 * @param startSeconds the time of sample 0 on the video's clock (seconds from the first video frame; may be negative
 *                     when the audio starts before the picture)
 */
public record AudioTrack(float[] samples, int sampleRate, double startSeconds) {
    public AudioTrack {
        if (samples == null) {
            throw new IllegalArgumentException("samples is null");
        }
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
        }
        if (!Double.isFinite(startSeconds)) {
            throw new IllegalArgumentException("start time must be finite: " + startSeconds);
        }
    }

    public double durationSeconds() {
        return samples.length / (double) sampleRate;
    }

    /** Time of sample {@code i} on the video's clock, seconds. */
    public double timeOf(long i) {
        return startSeconds + i / (double) sampleRate;
    }

    /**
     * The waveform summary of a timeline lane: the smallest and largest sample in each of {@code buckets} equal stretches
     * of the track (bucket {@code k} covers samples {@code [k·n/buckets, (k+1)·n/buckets)}). A bucket that holds no sample
     * (more buckets than samples) repeats the sample it falls on.
     */
    public Waveform waveform(int buckets) {
        if (buckets <= 0) {
            throw new IllegalArgumentException("buckets must be positive: " + buckets);
        }
        int n = samples.length;
        float[] min = new float[buckets];
        float[] max = new float[buckets];
        for (int k = 0; k < buckets; k++) {
            int from = (int) ((long) k * n / buckets);
            int to = (int) ((long) (k + 1) * n / buckets);
            if (n == 0) {
                continue;
            }
            if (to <= from) {
                to = Math.min(n, from + 1);
                from = to - 1;
            }
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (int i = from; i < to; i++) {
                float v = samples[i];
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            min[k] = lo;
            max[k] = hi;
        }
        return new Waveform(startSeconds, durationSeconds() / buckets, min, max);
    }

    /**
     * Min/max per bucket, for drawing a waveform lane.
     *
     * @param startSeconds  where bucket 0 starts on the video's clock
     * @param bucketSeconds how long each bucket is
     */
    public record Waveform(double startSeconds, double bucketSeconds, float[] min, float[] max) {
        public int buckets() {
            return min.length;
        }
    }
}
