package org.dancelens.analysis.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dancelens.core.DanceLensException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RatedRangesTest {
    @TempDir
    Path dir;

    @Test
    void addsListsInRangeOrderAndRemovesRatings() {
        try (ResultsStore s = ResultsStore.open(dir.resolve("v.db"))) {
            long late = s.ratings().add("/v.mp4", 50, 99, 2.0, 3.96, "Ana", "fluidity", 6.5);
            long early = s.ratings().add("/v.mp4", 0, 24, 0.0, 0.96, " judge 1 ", "precision", 4);
            long earlyFluid = s.ratings().add("/v.mp4", 0, 24, 0.0, 0.96, "Ana", "fluidity", 5);
            s.ratings().add("/other.mp4", 0, 9, 0.0, 0.36, "Ana", "fluidity", 1);
            List<RatedRanges.RatedRange> v = s.ratings().list("/v.mp4");
            // by start frame, then criterion: the early range's fluidity, its precision, then the late range
            assertThat(v).extracting(RatedRanges.RatedRange::id).containsExactly(earlyFluid, early, late);
            RatedRanges.RatedRange r = v.get(1);
            assertThat(r.rater()).as("names are kept without surrounding spaces").isEqualTo("judge 1");
            assertThat(r.criterion()).isEqualTo("precision");
            assertThat(r.startFrame()).isEqualTo(0);
            assertThat(r.endFrame()).isEqualTo(24);
            assertThat(r.endS()).isEqualTo(0.96);
            assertThat(r.value()).isEqualTo(4.0);
            assertThat(java.time.Instant.parse(r.created())).isBeforeOrEqualTo(java.time.Instant.now());
            assertThat(v.get(2).value()).isEqualTo(6.5);
            assertThat(s.ratings().list(null)).hasSize(4);

            assertThat(s.ratings().remove(early)).isTrue();
            assertThat(s.ratings().remove(early)).as("already gone").isFalse();
            assertThat(s.ratings().list("/v.mp4")).extracting(RatedRanges.RatedRange::id).containsExactly(earlyFluid, late);
        }
        // kept in the file
        try (ResultsStore s = ResultsStore.open(dir.resolve("v.db"))) {
            assertThat(s.ratings().list("/v.mp4")).extracting(RatedRanges.RatedRange::value).containsExactly(5.0, 6.5);
        }
    }

    @Test
    void aRaterRatesARangeOncePerCriterionAndBadRatingsAreRefusedWithASentence() {
        try (ResultsStore s = ResultsStore.open(dir.resolve("v.db"))) {
            s.ratings().add("/v.mp4", 10, 20, 0.4, 0.8, "Ana", "fluidity", 5);
            assertThatThrownBy(() -> s.ratings().add("/v.mp4", 10, 20, 0.4, 0.8, "Ana", "fluidity", 6))
                    .isInstanceOf(DanceLensException.class).hasMessage("Ana already rated frames 10–20 on fluidity (5); remove that rating first.");
            // another criterion, another rater or another range is another rating
            s.ratings().add("/v.mp4", 10, 20, 0.4, 0.8, "Ana", "precision", 6);
            s.ratings().add("/v.mp4", 10, 20, 0.4, 0.8, "Ben", "fluidity", 6);
            s.ratings().add("/v.mp4", 10, 21, 0.4, 0.84, "Ana", "fluidity", 6);
            assertThatThrownBy(() -> s.ratings().add("/v.mp4", 10, 10, 0.4, 0.4, "Ana", "x", 1))
                    .hasMessageContaining("too short to rate");
            assertThatThrownBy(() -> s.ratings().add("/v.mp4", 10, 20, 0.4, 0.8, " ", "x", 1)).hasMessage("A rating needs a rater's name.");
            assertThatThrownBy(() -> s.ratings().add("/v.mp4", 10, 20, 0.4, 0.8, "Ana", "", 1)).hasMessageContaining("needs a criterion");
            assertThatThrownBy(() -> s.ratings().add("/v.mp4", 10, 20, 0.4, 0.8, "A\nna", "x", 1)).hasMessage("A rater's name is one line of text.");
            assertThatThrownBy(() -> s.ratings().add("/v.mp4", 10, 20, 0.4, 0.8, "Ana", "x", Double.NaN)).hasMessageContaining("finite number");
            assertThatThrownBy(() -> s.ratings().add("/v.mp4", 1, 2, 0.04, 0.08, "Ana", "x", Double.POSITIVE_INFINITY)).hasMessageContaining("finite number");
            assertThat(s.ratings().list("/v.mp4")).extracting(RatedRanges.RatedRange::value).containsExactly(5.0, 6.0, 6.0, 6.0);
        }
    }

    @Test
    void twoStoresOnOneFileAddingTheSameRatingAtOnceKeepOne() throws Exception {
        // The window and a command rating the same range at once: the check and the insert are one write transaction.
        Path file = dir.resolve("shared.db");
        try (ResultsStore s = ResultsStore.open(file)) {
            assertThat(s.ratings().list(null)).isEmpty();
        }
        for (int round = 0; round < 10; round++) {
            int n = 4;
            String criterion = "c" + round;
            CyclicBarrier start = new CyclicBarrier(n);
            ExecutorService pool = Executors.newFixedThreadPool(n);
            try {
                List<Future<Boolean>> added = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    double value = i;
                    added.add(pool.submit(() -> {
                        try (ResultsStore s = ResultsStore.open(file)) {
                            start.await();
                            s.ratings().add("/v.mp4", 0, 9, 0, 0.36, "Ana", criterion, value);
                            return true;
                        } catch (DanceLensException e) {
                            assertThat(e.getMessage()).contains("already rated");
                            return false;
                        }
                    }));
                }
                int ok = 0;
                for (Future<Boolean> f : added) {
                    ok += f.get() ? 1 : 0;
                }
                assertThat(ok).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
        try (ResultsStore s = ResultsStore.open(file)) {
            assertThat(s.ratings().list("/v.mp4")).hasSize(10);
            assertThat(s.integrityCheck()).isEqualTo("ok");
        }
    }

    @Test
    void aSchema9StoreWithoutTheTableGainsItKeepingItsLabels() throws Exception {
        Path file = dir.resolve("v9.db");
        // a store as version 9 made it: build the current one, then take the ratings table away and say 9
        try (ResultsStore s = ResultsStore.open(file)) {
            s.labels().add("/v.mp4", 3, 9, "waltz");
        }
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             java.sql.Statement st = c.createStatement()) {
            st.execute("DROP TABLE rated_ranges");
            st.execute("UPDATE meta SET value = '9' WHERE key = 'schema_version'");
        }
        try (ResultsStore s = ResultsStore.open(file)) {
            assertThat(s.labels().list("/v.mp4")).extracting(LabelledRanges.LabelledRange::label).containsExactly("waltz");
            assertThat(s.ratings().list("/v.mp4")).isEmpty();
            s.ratings().add("/v.mp4", 3, 9, 0.12, 0.36, "Ana", "fluidity", 7);
            assertThat(s.ratings().list("/v.mp4")).extracting(RatedRanges.RatedRange::value).containsExactly(7.0);
            assertThat(s.integrityCheck()).isEqualTo("ok");
        }
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT value FROM meta WHERE key = 'schema_version'")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("10");
        }
    }

    @Test
    void numbersAreWrittenAsPeopleWriteThemAndReadBackTheSame() {
        assertThat(RatedRanges.number(6.0)).isEqualTo("6");
        assertThat(RatedRanges.number(6.25)).isEqualTo("6.25");
        assertThat(RatedRanges.number(-0.5)).isEqualTo("-0.5");
        double third = 1.0 / 3;
        assertThat(Double.parseDouble(RatedRanges.number(third))).isEqualTo(third);
        assertThat(RatedRanges.number(40.04)).isEqualTo("40.04");
        // seconds to the nanosecond: the float noise of ticks × tick length goes, a tick (≥ 1 µs) stays
        assertThat(RatedRanges.seconds(399 * 0.1)).isEqualTo("39.9");
        assertThat(RatedRanges.seconds(1333 * 0.001)).isEqualTo("1.333");
        assertThat(RatedRanges.seconds(0.000001)).isEqualTo("0.000001");
        assertThat(RatedRanges.seconds(0)).isEqualTo("0");
    }
}
