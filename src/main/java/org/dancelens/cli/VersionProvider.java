package org.dancelens.cli;

import picocli.CommandLine;

/** Version from the jar manifest (falls back to "development" when run from classes). */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = DanceLensCli.class.getPackage().getImplementationVersion();
        return new String[] {"DanceLens " + (v != null ? v : "development build")};
    }
}
