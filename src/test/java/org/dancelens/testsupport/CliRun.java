package org.dancelens.testsupport;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.dancelens.cli.DanceLensCli;
import picocli.CommandLine;

/** Runs the DanceLens command line in-process and captures what it prints. */
public record CliRun(int code, String out, String err) {
    public static CliRun of(String... args) {
        CommandLine cl = DanceLensCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
