package org.dancelens;

import java.nio.file.Path;
import org.dancelens.cli.DanceLensCli;
import org.dancelens.core.UserFolders;
import org.dancelens.ui.DanceLensApp;

/**
 * The one entry point. A plain class (not a JavaFX {@code Application}), so that DanceLens starts with JavaFX on
 * the class path. No arguments: the workbench. A video path: the workbench with that video. A subcommand or an
 * option: the headless command line.
 */
public final class Launcher {
    private Launcher() {
    }

    private static void cacheUnder(String property, String folder) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, UserFolders.cache().resolve(folder).toString());
        }
    }

    public static void main(String[] args) {
        // Before anything logs: the log folder by the one rule of UserFolders (LogSetup reads this property).
        if (System.getProperty("dancelens.logDir") == null) {
            System.setProperty("dancelens.logDir", UserFolders.logs().toString());
        }
        // JavaCPP (FFmpeg), JavaFX and JNA unpack their native libraries under the account's home (user.home) unless
        // told: DanceLens's cache folder instead, so that nothing is written outside the XDG folders.
        cacheUnder("org.bytedeco.javacpp.cachedir", "javacpp");
        cacheUnder("javafx.cachedir", "openjfx");
        cacheUnder("jna.tmpdir", "jna");
        if (args.length == 0) {
            DanceLensApp.launchWorkbench(null);
        } else if (args.length == 1 && !args[0].startsWith("-") && !DanceLensCli.isSubcommand(args[0])) {
            DanceLensApp.launchWorkbench(Path.of(args[0]));
        } else {
            System.exit(DanceLensCli.run(args));
        }
    }
}
