package org.dancelens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.core.Pose;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.RealClips;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code analyze} of real footage (vtest.avi frames 180-240, movenet-lightning), then {@code kinematics}. */
class KinematicsRealFootageCliTest {
    @TempDir
    Path dir;

    @Test
    void measuresAreFiniteWhereTheJointsAreConfidentAndGapsWhereNot() throws Exception {
        Path clip = RealClips.vtest(180, 60);
        TestZoo.registry("movenet-lightning");
        String zoo = TestMedia.generatedDir().resolve("zoo").toString();
        Path store = dir.resolve("clip.db");
        CliRun a = CliRun.of("analyze", clip.toString(), "--pose", "movenet-lightning", "--models", zoo, "--store", store.toString());
        assertThat(a.code()).as(a.err()).isZero();

        Path out = dir.resolve("kin");
        long t0 = System.nanoTime();
        CliRun k = CliRun.of("kinematics", clip.toString(), "--store", store.toString(), "--out", out.toString());
        System.out.printf("kinematics of a 60-frame real clip: %.0f ms; %s", (System.nanoTime() - t0) / 1e6, k.out());
        assertThat(k.code()).as(k.err()).isZero();

        double minScore = 0.3; // the command's default
        Map<Integer, List<Pose>> poses;
        try (ResultsStore s = ResultsStore.open(store)) {
            Run run = s.runs().list(clip.toAbsolutePath().toString(), org.dancelens.analysis.store.RunKind.POSE).get(0);
            poses = s.poses().read(run.id(), 0, 60, true);
        }
        int track = poses.values().iterator().next().get(0).trackId();
        List<CSVRecord> rows = KinematicsCliTest.csv(out.resolve("kinematics-" + track + ".csv"));
        assertThat(rows).isNotEmpty();
        int finite = 0;
        int gaps = 0;
        for (CSVRecord row : rows) {
            int f = Integer.parseInt(row.get("frame"));
            Pose p = poses.getOrDefault(f, List.of()).stream().filter(x -> x.trackId() == track).findFirst().orElse(null);
            for (String side : List.of("left", "right")) {
                boolean seen = p != null && List.of(side + "_shoulder", side + "_elbow", side + "_wrist").stream()
                        .allMatch(j -> p.keypoints().get(p.schema().index(j)).score() >= minScore);
                String angle = row.get("angle." + side + "_elbow");
                if (seen) {
                    assertThat(angle).as("frame %d %s elbow: its joints are confident", f, side).isNotEmpty();
                    assertThat(Double.parseDouble(angle)).isBetween(0.0, 180.0);
                    finite++;
                } else {
                    assertThat(angle).as("frame %d %s elbow: a joint is not confident, so a gap", f, side).isEmpty();
                    gaps++;
                }
                String speed = row.get("speed." + side + "_wrist");
                if (!speed.isEmpty()) {
                    assertThat(Double.parseDouble(speed)).isFinite().isNotNegative();
                }
            }
            for (String cell : row) {
                if (!cell.isEmpty()) {
                    assertThat(Double.parseDouble(cell)).as("every written cell is a finite number").isFinite();
                }
            }
        }
        System.out.printf("elbow angles: %d measured, %d gaps%n", finite, gaps);
        assertThat(finite).as("some elbows are measured on real footage").isPositive();
    }
}
