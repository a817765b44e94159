package org.dancelens.analysis.store;

import org.dancelens.core.DanceLensException;

/** Where a run stands. Stored as its {@link #key()}. */
public enum RunStatus {
    /** A job is (or was, if the process died) working on it; what is stored so far is kept. */
    RUNNING("running"),
    /** Every frame (or dancer) of the run's range is stored. */
    COMPLETE("complete"),
    /** The job ended but some frames of the range are missing (e.g. undecodable ones). */
    INCOMPLETE("incomplete"),
    /** The user cancelled it; what was stored is kept and the next run with the same spec continues. */
    CANCELLED("cancelled"),
    /** It stopped on an error; what was stored is kept. */
    FAILED("failed");

    private final String key;

    RunStatus(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** True for a run whose results are whole: only complete runs are "finished". */
    public boolean finished() {
        return this == COMPLETE;
    }

    public static RunStatus of(String key) {
        for (RunStatus s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        throw DanceLensException.internal("The results store holds a run with the unknown status '" + key + "'.", null);
    }
}
