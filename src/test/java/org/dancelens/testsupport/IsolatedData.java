package org.dancelens.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives each test its own DanceLens data folder (results stores, evaluations, the user's models): sets
 * {@code dancelens.data} to a fresh temporary folder before the test and restores the previous value and deletes the
 * folder after it. Use with {@code @RegisterExtension final IsolatedData data = new IsolatedData();}, or, where a
 * window made in a TestFX {@code @Start} must already see the folder, first in
 * {@code @ExtendWith({IsolatedData.class, ApplicationExtension.class})} (extensions on the class run before those in
 * fields). Without it, tests use the build's {@code target/test-data} (pom.xml), never the account's own folder.
 */
public final class IsolatedData implements BeforeEachCallback, AfterEachCallback {
    private String previous;
    private Path dir;

    public Path dir() {
        return dir;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("dancelens-data");
        previous = System.getProperty("dancelens.data");
        System.setProperty("dancelens.data", dir.toString());
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (previous == null) {
            System.clearProperty("dancelens.data");
        } else {
            System.setProperty("dancelens.data", previous);
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
