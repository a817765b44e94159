package org.dancelens.analysis.store;

import org.dancelens.core.DanceLensException;

/** What a run produced. Stored as its {@link #key()} in the {@code runs} table. */
public enum RunKind {
    /** Poses of every dancer per frame ({@link PoseFrames}). */
    POSE("pose"),
    /** A classifier's or scorer's per-frame scores ({@link Scores}). */
    CLASSIFY("classify"),
    /** Class-activation maps of an image model, one low-resolution map per frame ({@link Maps}). */
    EXPLAIN("explain"),
    /** Occlusion attribution of a skeleton or clip model, per dancer ({@link Attributions}). */
    ATTRIBUTION("attribution"),
    /** Every dancer's movement measures from a pose run, as the files {@code dancelens kinematics} writes ({@link RunFiles}). */
    KINEMATICS("kinematics"),
    /** The music of the video's audio and each dancer's beat alignment, as the files {@code dancelens music} writes ({@link RunFiles}). */
    MUSIC("music");

    private final String key;

    RunKind(String key) {
        this.key = key;
    }

    /** The word stored in the database (and part of a run's identity). */
    public String key() {
        return key;
    }

    public static RunKind of(String key) {
        for (RunKind k : values()) {
            if (k.key.equals(key)) {
                return k;
            }
        }
        throw DanceLensException.internal("The results store holds a run of the unknown kind '" + key + "'.", null);
    }
}
