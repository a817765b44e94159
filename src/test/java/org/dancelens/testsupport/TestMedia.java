package org.dancelens.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.dancelens.video.PatternVideoWriter;

/** Where tests find their media: generated pattern videos, and real footage from Debian's opencv-doc package. */
public final class TestMedia {
    /** The pinned opencv-doc package that src/scripts/fetch-sample-media.sh unpacks. */
    public static final String OPENCV_DOC = "opencv-doc-4.6.0+dfsg-12";

    private static final ConcurrentMap<String, Path> GENERATED = new ConcurrentHashMap<>();

    private TestMedia() {
    }

    /** Folder of generated test media, shared by the test classes of one build. */
    /** For reads of media that is not damaged: an undecodable frame there is a failure of the test. */
    public static final org.dancelens.video.VideoSource.DamageSink NO_DAMAGE = n -> {
        throw new AssertionError("frame " + n + " of an undamaged test video was reported undecodable");
    };

    public static Path generatedDir() {
        Path dir = Path.of("target", "test-media").toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return dir;
    }

    /** A pattern video for the spec, written once per build under target/test-media. */
    public static Path generated(String name, PatternVideoWriter.Spec spec) {
        return GENERATED.computeIfAbsent(name, n -> {
            Path out = generatedDir().resolve(n);
            try {
                Path tmp = Files.createTempFile(generatedDir(), "gen-", "-" + n);
                PatternVideoWriter.write(spec, tmp);
                Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return out;
        });
    }

    /** Folder holding vtest.avi, messi5.jpg, basketball1.png, basketball2.png, or null. */
    public static Path opencvDocDir() {
        Path dir = org.dancelens.core.UserFolders.cache().resolve("media").resolve(OPENCV_DOC);
        return Files.isRegularFile(dir.resolve("vtest.avi")) ? dir : null;
    }

    /** A file of the real footage; skips the test with a clear message when it has not been fetched. */
    public static Path realFootage(String file) {
        Path dir = opencvDocDir();
        assumeTrue(dir != null, "Real footage is missing: run src/scripts/fetch-sample-media.sh to fetch Debian's "
                + OPENCV_DOC + " media (CI does); skipping this test.");
        return dir.resolve(file);
    }

    /** The shared fixtures folder (../shared/fixtures), or a skip with a clear message when it is absent. */
    public static Path sharedFixture(String relative) {
        String shared = System.getProperty("dancelens.shared", "../shared");
        Path p = Path.of(shared, "fixtures", relative);
        assumeTrue(Files.exists(p), "../shared/fixtures/" + relative + " is absent (it is beside the repository in CI); skipping.");
        return p;
    }
}
