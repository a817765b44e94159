package org.dancelens.ui;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.StringProperty;
import org.dancelens.core.DanceLensException;
import org.slf4j.Logger;

/**
 * How a panel's background job ends when it does not succeed: the panel stops running, a cancel is said quietly in
 * its status line, anything else is logged once and shown as one sentence.
 */
public final class JobFailure {
    private JobFailure() {
    }

    /**
     * @param what      the job, for the log and the status line (e.g. "classification")
     * @param cancelled the status line after a cancel
     */
    public static void report(DanceLensException error, String what, String cancelled, BooleanProperty running, DoubleProperty progress,
                              StringProperty status, DialogService dialogs, Logger log) {
        running.set(false);
        progress.set(0);
        if (error.kind() == DanceLensException.Kind.CANCELLED) {
            status.set(cancelled);
            return;
        }
        log.warn("The {} failed: {}", what, error.getMessage(), error);
        status.set("The " + what + " stopped.");
        dialogs.showError(error.getMessage());
    }
}
