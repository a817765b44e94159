package org.dancelens.analysis.store;

/**
 * A stored run: the shared run model of every kind of result (poses, scores, maps, attributions).
 *
 * @param framesDone frames of the range with results (pose frames processed, frames with scores or a map); for
 *                   attribution runs, the dancers attributed
 * @param undecodable frames of the range the decoder could not give out: done, without results (gaps)
 * @param revision   how many times its results were changed after it ran (identity swaps and merges of a pose run, and
 *                   the frames at the end of its range computed again when a longer run continued it): results made
 *                   from this run record the revision they read, so such a change makes them stale
 * @param created    when the run was first recorded (ISO-8601 instant)
 * @param updated    when results or the status last changed (ISO-8601 instant)
 * @param devices    the devices its models ran on ({@code cpu}, {@code gpu:0}; several, comma-separated, when it was
 *                   continued on another), or null when it does not say (runs stored before schema 8)
 */
public record Run(long id, RunSpec spec, RunStatus status, int framesDone, int undecodable, int revision, String created, String updated,
                  String devices) {

    /** A run that does not say which device ran it. */
    public Run(long id, RunSpec spec, RunStatus status, int framesDone, int undecodable, int revision, String created, String updated) {
        this(id, spec, status, framesDone, undecodable, revision, created, updated, null);
    }

    /** The devices as shown in listings: {@link #devices()}, or {@code "not recorded"} for older runs. */
    public String devicesShown() {
        return devices == null ? "not recorded" : devices;
    }

    public RunKind kind() {
        return spec.kind();
    }

    public String videoPath() {
        return spec.videoPath();
    }

    public String modelId() {
        return spec.modelId();
    }

    /** True when every frame of the range is stored. */
    public boolean finished() {
        return status.finished();
    }
}
