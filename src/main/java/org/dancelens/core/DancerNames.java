package org.dancelens.core;

/**
 * How a dancer is named wherever it is shown (timeline lanes, labels over the video, dancer choosers, status lines):
 * its identity number within one named pose run, e.g. {@code movenet-multipose #14}. An identity number means
 * nothing without the run that made it — two pose runs of the same video number their dancers independently.
 * <p>
 * The run is named by its pose model's id, in full. A shortened name (dropping a family prefix such as
 * {@code movenet-}) was considered and not taken: whether it stays unambiguous depends on which other models are
 * installed, so the same dancer would be named differently after installing a model or on another machine, and
 * some remainders say nothing alone ({@code blazepose-full} would become {@code full}).
 */
public final class DancerNames {
    private DancerNames() {
    }

    /**
     * A dancer of a pose run: {@code "movenet-multipose #14"}; {@code "#14"} when the run is not known (a scene drawn
     * without one, e.g. by an exporter of a single run).
     *
     * @param poseModel the id of the pose model whose run the identity belongs to, or null
     */
    public static String dancer(String poseModel, int track) {
        return poseModel == null || poseModel.isBlank() ? "#" + track : poseModel + " #" + track;
    }
}
