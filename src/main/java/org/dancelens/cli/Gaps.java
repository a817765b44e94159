package org.dancelens.cli;

import java.io.PrintWriter;
import java.util.List;
import org.dancelens.analysis.Undecodable;

/** Prints the job's undecodable-frame sentence ({@link Undecodable}) on stderr, when there is one. */
final class Gaps {
    private Gaps() {
    }

    static void report(PrintWriter err, String file, List<Integer> undecodable, String damageNote) {
        String line = Undecodable.sentence(file, undecodable, damageNote);
        if (line != null) {
            err.println(line);
            err.flush();
        }
    }
}
