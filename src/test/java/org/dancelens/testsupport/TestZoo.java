package org.dancelens.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dancelens.convert.ZooImporter;
import org.dancelens.core.TaskContext;
import org.dancelens.inference.ModelRegistry;

/** The model zoo converted once per build into target/test-media/zoo (skips when the npm package is absent). */
public final class TestZoo {
    private TestZoo() {
    }

    public static synchronized ModelRegistry registry(String... ids) {
        Path pkg = TfjsReference.humanModels();
        Path dir = TestMedia.generatedDir().resolve("zoo");
        for (String id : ids) {
            if (!Files.isRegularFile(dir.resolve(id + ".yaml"))) {
                ZooImporter.importZoo(pkg, dir, List.of(id), TaskContext.NONE);
            }
        }
        return ModelRegistry.scan(List.of(dir));
    }
}
