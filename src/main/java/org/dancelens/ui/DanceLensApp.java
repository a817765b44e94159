package org.dancelens.ui;

import java.nio.file.Path;

/** Placeholder: the workbench application is being written on the ui branch. */
public final class DanceLensApp {
    private DanceLensApp() {
    }

    public static void launchWorkbench(Path initialVideo) {
        throw new UnsupportedOperationException("workbench not yet merged");
    }
}
