package org.dancelens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.RealClips;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code analyze --range 0:40} then {@code analyze}: the second continues the first run, and says so. */
class AnalyzeContinueCliTest {
    @TempDir
    Path dir;

    @Test
    void aWholeVideoAnalysisContinuesTheRangeRunAndSaysSo() throws Exception {
        Path clip = RealClips.vtest(300, 120);
        TestZoo.registry("movenet-lightning");
        String zoo = TestMedia.generatedDir().resolve("zoo").toString();
        Path store = dir.resolve("clip.db");
        CliRun range = CliRun.of("analyze", clip.toString(), "--pose", "movenet-lightning", "--range", "0:40", "--models", zoo, "--store",
                store.toString());
        assertThat(range.code()).as(range.err()).isZero();
        assertThat(range.out()).contains(": 40 frames analysed with movenet-lightning");

        CliRun whole = CliRun.of("analyze", clip.toString(), "--pose", "movenet-lightning", "--models", zoo, "--store", store.toString());
        assertThat(whole.code()).as(whole.err()).isZero();
        assertThat(whole.out()).startsWith(clip.getFileName() + ": continued run 1 (frames 0-119) from frame 40: 80 frames analysed with"
                + " movenet-lightning in ");
        assertThat(whole.out().lines().count()).as("no note about separate runs").isEqualTo(1);
        assertThat(whole.err()).isEmpty();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store.toAbsolutePath()); Statement st = c.createStatement()) {
            assertThat(count(st, "SELECT COUNT(*) FROM runs")).as("one run").isEqualTo(1);
            assertThat(count(st, "SELECT to_frame FROM runs WHERE id = 1")).isEqualTo(120);
            assertThat(count(st, "SELECT COUNT(*) FROM runs WHERE status = 'complete'")).isEqualTo(1);
            assertThat(count(st, "SELECT COUNT(*) FROM frames WHERE run_id = 1")).as("every frame stored once").isEqualTo(120);
            assertThat(count(st, "SELECT COUNT(DISTINCT frame) FROM frames WHERE run_id = 1")).isEqualTo(120);
            assertThat(count(st, "SELECT COUNT(*) FROM (SELECT frame, track FROM poses GROUP BY run_id, frame, track HAVING COUNT(*) > 1)"))
                    .as("no duplicate pose rows").isZero();
        }

        CliRun again = CliRun.of("analyze", clip.toString(), "--pose", "movenet-lightning", "--models", zoo, "--store", store.toString());
        assertThat(again.out()).contains("frames 0-119 already analysed with movenet-lightning (run 1)");

        // The first 40 frames on their own are a run of their own now (the stored run's last frames know what follows).
        CliRun first = CliRun.of("analyze", clip.toString(), "--pose", "movenet-lightning", "--range", "0:40", "--models", zoo, "--store",
                store.toString());
        assertThat(first.code()).isZero();
        assertThat(first.out().lines().toList()).hasSize(2);
        assertThat(first.out().lines().toList().get(1))
                .isEqualTo("Frames 0-119 (run 1) was analysed in a separate run; identities are not carried over.");
    }

    private static int count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
