package org.dancelens.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.dancelens.testsupport.TinyOnnx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one list of installed models: read once, read again only when a folder changes, and watched. */
class ModelCatalogTest {
    @TempDir
    Path dir;

    static void card(Path folder, String id) throws Exception {
        TinyOnnx.constantOutputs(folder.resolve(id + ".onnx"), "x", new long[] {1, 3}, new String[] {"y"}, new long[][] {{1, 2}},
                new float[][] {{0.5f, 0.5f}});
        Files.writeString(folder.resolve(id + ".yaml"), "id: " + id + "\nname: " + id + "\ntask: scorer\nlicense: test\nprovenance: {onnx: " + id
                + ".onnx}\ninputs: [{name: x, shape: [1, 3]}]\noutputs: [{name: y, shape: [1, 2]}]\n");
    }

    @Test
    void readsOnceAndAgainOnlyWhenAFolderChanges() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        card(a, "one");
        ModelCatalog c = ModelCatalog.of(List.of(a, dir.resolve("not-yet")));
        List<ModelRegistry> reads = new CopyOnWriteArrayList<>();
        c.addListener(reads::add);
        ModelRegistry first = c.current();
        assertThat(first.entries()).extracting(e -> e.card().id()).containsExactly("one");
        assertThat(c.current()).as("nothing changed: the same reading").isSameAs(first);
        assertThat(reads).hasSize(1);
        // A card appears in a folder that did not exist: noticed at the next look.
        Path later = Files.createDirectories(dir.resolve("not-yet"));
        card(later, "two");
        assertThat(c.current().entries()).extracting(e -> e.card().id()).containsExactly("one", "two");
        assertThat(c.find("two").card().id()).isEqualTo("two");
        assertThat(reads).hasSize(2);
        // A forced refresh reads again even when nothing changed; setting other folders reads those.
        c.refresh();
        assertThat(reads).hasSize(3);
        c.setFolders(List.of(later));
        assertThat(c.current().entries()).extracting(e -> e.card().id()).containsExactly("two");
        c.close();
    }

    @Test
    void theWatchThreadTellsTheListenersWhenACardIsAdded() throws Exception {
        Path a = Files.createDirectories(dir.resolve("w"));
        card(a, "one");
        try (ModelCatalog c = ModelCatalog.of(List.of(a))) {
            c.current();
            List<ModelRegistry> reads = new CopyOnWriteArrayList<>();
            c.addListener(reads::add);
            c.watch();
            card(a, "added-by-hand");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (reads.isEmpty() && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertThat(reads).as("the watcher noticed the new card").isNotEmpty();
            assertThat(reads.get(reads.size() - 1).entries()).extracting(e -> e.card().id()).contains("added-by-hand");
        }
    }

    @Test
    void aCardRewrittenWithTextOfTheSameLengthInTheSameClockTickIsSeen() throws Exception {
        Path card = dir.resolve("a.yaml");
        Files.writeString(card, "id: a\nname: A\n");
        var time = Files.getLastModifiedTime(card);
        List<String> before = ModelCatalog.stamp(List.of(dir));
        Files.writeString(card, "id: b\nname: B\n"); // same length
        Files.setLastModifiedTime(card, time); // as when both writes fall in one tick of the file system's clock
        assertThat(ModelCatalog.stamp(List.of(dir))).isNotEqualTo(before);
    }
}
