package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dancelens.analysis.store.RatedRanges;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.testsupport.FakeDialogs;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.ui.classify.ClassifyViewModel;
import org.dancelens.ui.classify.RatingsViewModel;
import org.dancelens.ui.timeline.TimelineViewModel;
import org.dancelens.video.PatternVideoWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rating the marked range: refusals in a sentence, the store's answer, the video's criteria, the timeline's lane, reopening. */
class RatingsViewModelTest {
    @RegisterExtension
    final IsolatedData data = new IsolatedData();

    UiHarness h;
    FakeDialogs dialogs;
    final List<List<TimelineViewModel.Mark>> rated = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        h = new UiHarness();
        dialogs = h.dialogs;
        h.workbench.sessionProperty().addListener((o, a, b) -> {
            if (b != null) {
                b.timeline().ratedMarksProperty().addListener((oo, x, y) -> rated.add(y));
            }
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
    }

    private ClassifyViewModel vm() {
        return new ClassifyViewModel(h.tasks, dialogs, h.models(List.of()), h.workbench.sessionProperty(),
                () -> org.dancelens.inference.OrtRuntime.Device.CPU);
    }

    private static Path video() {
        return TestMedia.generated("rate-vm.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 30, 25).gop(10));
    }

    @Test
    void ratesTheMarkedRangeRefusingWhatCannotBeStored() {
        ClassifyViewModel classify = vm();
        RatingsViewModel vm = classify.ratings();
        h.open(video());
        vm.raterProperty().set("Ana");
        vm.criterionProperty().set("fluidity");
        vm.valueProperty().set("6");
        vm.add();
        h.seek(3);
        classify.markStart();
        vm.add();
        h.seek(3);
        classify.markEnd();
        vm.add();
        h.seek(12);
        classify.markEnd();
        vm.valueProperty().set("six");
        vm.add();
        vm.raterProperty().set(" ");
        vm.valueProperty().set("6");
        vm.add();
        assertThat(dialogs.errors).containsExactly(
                "Mark a start and an end frame (start before end) to rate a range.",
                "Mark a start and an end frame (start before end) to rate a range.",
                "Mark a start and an end frame (start before end) to rate a range.",
                "A rating is a number, not 'six'.",
                "Type the rater's name and the criterion (e.g. fluidity) first.");
        assertThat(vm.ratings()).isEmpty();

        vm.raterProperty().set("Ana");
        vm.valueProperty().set("6,5"); // a decimal comma is read as a point
        vm.add();
        h.pumpUntil(() -> vm.ratings().size() == 1, Duration.ofSeconds(10));
        RatedRanges.RatedRange r = vm.ratings().get(0);
        assertThat(List.of(r.startFrame(), r.endFrame())).containsExactly(3, 12);
        assertThat(r.startS()).isEqualTo(0.12); // frame 3 of 25 fps
        assertThat(r.endS()).isEqualTo(0.48);
        assertThat(r.value()).isEqualTo(6.5);
        assertThat(RatingsViewModel.rangeText(r)).isEqualTo("3–12 (0.12–0.48 s)");
        assertThat(vm.statusProperty().get()).isEqualTo("Frames 3–12 rated 6.5 on fluidity by Ana.");
        assertThat(classify.rangeStartProperty().get()).as("the range stays marked for the next criterion or rater").isEqualTo(3);

        // the same rater on the same range and criterion: the store's sentence
        vm.valueProperty().set("7");
        vm.add();
        h.pumpUntil(() -> dialogs.errors.size() == 6, Duration.ofSeconds(10));
        assertThat(dialogs.errors.get(5)).contains("Ana already rated frames 3–12 on fluidity (6.5); remove that rating first.");

        vm.criterionProperty().set("precision");
        vm.add();
        h.pumpUntil(() -> vm.ratings().size() == 2, Duration.ofSeconds(10));
        vm.raterProperty().set("Ben");
        vm.criterionProperty().set("fluidity");
        vm.valueProperty().set("5");
        vm.add();
        h.pumpUntil(() -> vm.ratings().size() == 3, Duration.ofSeconds(10));
        assertThat(vm.criteria()).startsWith("fluidity", "precision", "aesthetics");
        // one marker for the range: each criterion's mean over its raters, and how many rated it
        assertThat(rated.get(rated.size() - 1)).containsExactly(new TimelineViewModel.Mark(3, 12, "fluidity 5.75 (2) · precision 7 (1)"));

        // stored: another window opening the video lists them, and so does the store itself
        ClassifyViewModel again = vm();
        h.open(video());
        h.pumpUntil(() -> again.ratings().ratings().size() == 3, Duration.ofSeconds(10));
        try (ResultsStore s = ResultsStore.open(h.session().storeFile())) {
            assertThat(s.ratings().list(video().toAbsolutePath().toString())).extracting(RatedRanges.RatedRange::rater)
                    .containsExactly("Ana", "Ben", "Ana");
        }
        again.ratings().remove(again.ratings().ratings().get(1));
        h.pumpUntil(() -> again.ratings().ratings().size() == 2, Duration.ofSeconds(10));
        assertThat(rated.get(rated.size() - 1)).containsExactly(new TimelineViewModel.Mark(3, 12, "fluidity 6.5 (1) · precision 7 (1)"));
    }
}
