package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.dancelens.core.Pose;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.dancelens.ui.analysis.AnalysisViewModel;
import org.dancelens.ui.session.VideoSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Undo and redo of identity corrections in the Poses panel, and one dancer's export, on real footage analysed by a real
 * pose model: an undo shows exactly the identities before, redo those after, a new correction clears redo.
 */
class IdentityUndoViewModelTest {
    @RegisterExtension
    final IsolatedData data = new IsolatedData();
    @TempDir
    Path out;

    UiHarness h;

    @AfterEach
    void tearDown() throws Exception {
        h.close();
    }

    /** Track ids by frame of the raw poses on display. */
    private static Map<Integer, List<Integer>> identities(VideoSession s) {
        Map<Integer, List<Integer>> m = new TreeMap<>();
        s.posesProperty().get().raw().forEach((f, l) -> m.put(f, l.stream().map(Pose::trackId).sorted().toList()));
        return m;
    }

    /** Pose rows as text by frame (track and first keypoint), to see which pose carries which identity. */
    private static Map<Integer, List<String>> rows(VideoSession s) {
        Map<Integer, List<String>> m = new TreeMap<>();
        s.posesProperty().get().raw().forEach((f, l) -> m.put(f, l.stream()
                .map(p -> p.trackId() + "@" + p.keypoints().get(0).x() + "," + p.keypoints().get(0).y()).sorted().toList()));
        return m;
    }

    private void waitForStatus(AnalysisViewModel vm, String start) {
        h.pumpUntil(() -> vm.statusProperty().get().startsWith(start), Duration.ofSeconds(30));
    }

    @Test
    void swapsAndMergesAreUndoneAndRedoneExactly() throws Exception {
        h = new UiHarness();
        TestZoo.registry("movenet-multipose");
        AnalysisViewModel vm = new AnalysisViewModel(h.tasks, h.dialogs, h.models(List.of(TestMedia.generatedDir().resolve("zoo"))),
                h.workbench.sessionProperty(), () -> org.dancelens.inference.OrtRuntime.Device.CPU);
        VideoSession s = h.open(TestMedia.realFootage("vtest.avi"));
        vm.selectedModelProperty().set("movenet-multipose");
        vm.rangeProperty().set("240:270");
        vm.run();
        h.pumpUntil(() -> !vm.runningProperty().get(), Duration.ofSeconds(180));
        assertThat(h.dialogs.errors).isEmpty();
        assertThat(vm.canUndoProperty().get()).isFalse();
        Map<Integer, List<String>> original = rows(s);
        TreeSet<Integer> ids = new TreeSet<>();
        original.keySet().forEach(f -> ids.addAll(identities(s).get(f)));
        assertThat(ids).as("dancers in frames 240-269 of vtest.avi").hasSizeGreaterThanOrEqualTo(2);

        int a = ids.first();
        int b = ids.higher(a);
        vm.swapIdentities(a, b, 250);
        waitForStatus(vm, "Dancers movenet-multipose #" + a);
        Map<Integer, List<String>> swapped = rows(s);
        assertThat(swapped).isNotEqualTo(original);
        assertThat(vm.canUndoProperty().get()).isTrue();
        assertThat(vm.undoTextProperty().get()).isEqualTo("Undo Swap of movenet-multipose #" + a + " and #" + b);

        vm.undo();
        waitForStatus(vm, "Undone");
        assertThat(vm.statusProperty().get()).isEqualTo("Undone: dancers movenet-multipose #" + a + " and #" + b + " swapped from frame 250 on.");
        assertThat(rows(s)).as("the overlay shows the identities before the swap").isEqualTo(original);
        assertThat(vm.canUndoProperty().get()).isFalse();
        assertThat(vm.canRedoProperty().get()).isTrue();
        vm.redo();
        waitForStatus(vm, "Done again");
        assertThat(rows(s)).isEqualTo(swapped);

        vm.undo(); // back to the original identities, the swap undone once more
        waitForStatus(vm, "Undone");
        assertThat(rows(s)).isEqualTo(original);
        // a merge: a dancer whose frames from some frame on never hold the other too (someone leaving the picture)
        Map<Integer, List<Integer>> now = identities(s);
        int[] pick = null;
        for (int x : ids) {
            for (int y : ids) {
                if (x == y || pick != null) {
                    continue;
                }
                int lastBoth = now.entrySet().stream().filter(e -> e.getValue().contains(x) && e.getValue().contains(y))
                        .mapToInt(Map.Entry::getKey).max().orElse(239);
                if (now.entrySet().stream().anyMatch(e -> e.getKey() > lastBoth && e.getValue().contains(x))) {
                    pick = new int[] {x, y, lastBoth + 1};
                }
            }
        }
        assertThat(pick).as("two dancers of the run that can be merged").isNotNull();
        int from = pick[0];
        int into = pick[1];
        vm.mergeIdentity(from, into, pick[2]);
        waitForStatus(vm, "Dancer movenet-multipose #" + from);
        assertThat(h.dialogs.errors).isEmpty();
        assertThat(vm.canRedoProperty().get()).as("a new correction clears redo").isFalse();
        assertThat(identities(s).values()).noneMatch(l -> l.contains(from) && l.stream().filter(t -> t == into).count() > 1);
        assertThat(rows(s)).isNotEqualTo(original);
        vm.undo();
        waitForStatus(vm, "Undone: dancer movenet-multipose #" + from);
        assertThat(rows(s)).as("every pose has its identity from before the merge").isEqualTo(original);

        // one dancer's poses as CSV: the columns of poses.csv, only that dancer's rows
        Path csv = out.resolve("dancer.csv");
        h.dialogs.csvToSave = csv;
        int frames = (int) identities(s).values().stream().filter(l -> l.contains(a)).count();
        vm.exportDancer(a);
        waitForStatus(vm, "Poses of movenet-multipose #" + a + " ");
        assertThat(vm.statusProperty().get()).isEqualTo("Poses of movenet-multipose #" + a + " (" + frames + " frames) written to dancer.csv.");
        assertThat(h.dialogs.suggestedNames).containsExactly("vtest-movenet-multipose-dancer-" + a + ".csv");
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("frame,time_s,track,keypoint,x,y,score,kind");
        assertThat(lines).hasSize(1 + frames * 17 * 2);
        assertThat(lines.subList(1, lines.size())).allSatisfy(l -> assertThat(l.split(",")[2]).isEqualTo(String.valueOf(a)));
    }
}
