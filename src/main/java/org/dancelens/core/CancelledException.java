package org.dancelens.core;

/** Thrown inside a background task when the user cancelled it. Work done before is kept. */
public final class CancelledException extends DanceLensException {
    private static final long serialVersionUID = 1L;

    public CancelledException(String what) {
        super(Kind.CANCELLED, what + " was cancelled.");
    }
}
