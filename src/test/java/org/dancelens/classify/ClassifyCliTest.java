package org.dancelens.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dancelens classify} on a poses.json holding the seed model's golden sequence as 3-D keypoints: with
 * sliding windows of 300 frames at 60 fps, a 300-frame track is exactly one window, so every frame's score must be
 * the golden softmax.
 */
class ClassifyCliTest {
    /** The video's results store (where the command line now stores) in a data folder of the test's own. */
    @org.junit.jupiter.api.extension.RegisterExtension
    final org.dancelens.testsupport.IsolatedData data = new org.dancelens.testsupport.IsolatedData();

    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    @Test
    void posesJsonThroughTheCardGivesTheGoldenScoresOnEveryFrame() throws IOException {
        Path fixture = SharedFixtures.dir("aist-genre-lstm");
        Path card = dir.resolve("aist.yaml");
        Files.writeString(card, SharedFixtures.aistGenreCard("aist-genre-lstm", "aist_genre_lstm_vel.onnx", "sliding"));
        Files.createSymbolicLink(dir.resolve("aist_genre_lstm_vel.onnx"), fixture.resolve("aist_genre_lstm_vel.onnx"));
        JsonNode golden = JSON.readTree(fixture.resolve("seq02_T300_bounce.json").toFile());
        Path poses = dir.resolve("poses.json");
        writePosesJson(golden.get("keypoints"), 60, poses);

        CliRun r = CliRun.of("classify", poses.toString(), "--model", card.toString(), "--out", dir.resolve("out").toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("dancer 4: PO");

        List<String> rows = Files.readAllLines(dir.resolve("out/scores.csv"));
        assertThat(rows.get(0)).isEqualTo("frame,time_s,track,label,score");
        assertThat(rows).hasSize(1 + 300 * 10);
        JsonNode softmax = golden.get("vel").get("softmax");
        List<String> labels = List.of("BR", "HO", "JB", "JS", "KR", "LH", "LO", "MH", "PO", "WA");
        double worst = 0;
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            assertThat(f[2]).isEqualTo("4");
            double want = softmax.get(labels.indexOf(f[3])).asDouble();
            worst = Math.max(worst, Math.abs(Double.parseDouble(f[4]) - want));
        }
        assertThat(worst).isLessThan(1e-5);
        List<String> segments = Files.readAllLines(dir.resolve("out/segments.csv"));
        assertThat(segments).containsExactly("track,start_frame,end_frame,label,mean_score",
                "4,0,299,PO," + String.format(java.util.Locale.ROOT, "%.6g", softmax.get(8).asDouble()));
        JsonNode summary = JSON.readTree(dir.resolve("out/summary.json").toFile());
        assertThat(summary.get("format").asText()).isEqualTo("dancelens-classify-1");
        assertThat(summary.at("/provenance/onnxSha256").asText()).startsWith("acc7b9d1");
        assertThat(summary.at("/tracks/0/top_k/0/label").asText()).isEqualTo("PO");
        assertThat(summary.at("/tracks/0/top_k/0/score").asDouble()).isCloseTo(softmax.get(8).asDouble(), within(1e-5));
        assertThat(summary.at("/tracks/0/top_k")).hasSize(3);
    }

    @Test
    void badInputsAreOneLineAndExitCode2() throws IOException {
        Path notJson = dir.resolve("poses.json");
        Files.writeString(notJson, "{ this is not json");
        Path card = dir.resolve("c.yaml");
        Files.writeString(card, SharedFixtures.aistGenreCard("c", "aist_genre_lstm_vel.onnx", "sliding"));
        Files.createSymbolicLink(dir.resolve("aist_genre_lstm_vel.onnx"),
                SharedFixtures.dir("aist-genre-lstm").resolve("aist_genre_lstm_vel.onnx"));
        CliRun r = CliRun.of("classify", notJson.toString(), "--model", card.toString(), "--out", dir.resolve("o").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains("poses.json is not readable JSON");

        Files.writeString(card, "id: c\nname: c\n");
        r = CliRun.of("classify", notJson.toString(), "--model", card.toString(), "--out", dir.resolve("o").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains("c.yaml").contains("incomplete");

        r = CliRun.of("classify", notJson.toString(), "--model", "no-such-model", "--models", dir.toString(), "--out", dir.resolve("o").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no-such-model");
    }

    @Test
    void occlusionAttributionOfTheSeedModelOverTimeAndJoints() throws IOException {
        Path fixture = SharedFixtures.dir("aist-genre-lstm");
        Path card = dir.resolve("aist.yaml");
        Files.writeString(card, SharedFixtures.aistGenreCard("aist-genre-lstm", "aist_genre_lstm_vel.onnx", "sliding"));
        Files.createSymbolicLink(dir.resolve("aist_genre_lstm_vel.onnx"), fixture.resolve("aist_genre_lstm_vel.onnx"));
        Path poses = dir.resolve("poses.json");
        writePosesJson(JSON.readTree(fixture.resolve("seq02_T300_bounce.json").toFile()).get("keypoints"), 60, poses);
        CliRun r = CliRun.of("explain", poses.toString(), "--model", card.toString(), "--span", "30", "--out", dir.resolve("x").toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        System.out.print(r.out());
        assertThat(r.out()).startsWith("dancer 4: PO, most important joint ");
        List<String> temporal = Files.readAllLines(dir.resolve("x/temporal.csv"));
        assertThat(temporal.get(0)).isEqualTo("frame,time_s,track,label,drop");
        assertThat(temporal).hasSize(301);
        List<String> joints = Files.readAllLines(dir.resolve("x/joints.csv"));
        assertThat(joints).hasSize(18);
        assertThat(joints.get(1)).startsWith("4,PO,nose,");
    }

    /** A poses.json (dancelens-poses-1) with one dancer, track 4, keypoints_3d in DanceLens's axes (y down, z away). */
    static void writePosesJson(JsonNode keypointsYUp, double fps, Path out) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "dancelens-poses-1");
        root.putObject("video").put("fps", fps);
        root.putObject("skeleton").put("name", "coco-17");
        ArrayNode frames = root.putArray("frames");
        for (int t = 0; t < keypointsYUp.size(); t++) {
            ObjectNode f = frames.addObject();
            f.put("frame", t);
            f.put("time_s", t / fps);
            ObjectNode p = f.putArray("people").addObject();
            p.put("track_id", 4);
            ArrayNode flat = p.putArray("keypoints");
            ArrayNode k3 = p.putArray("keypoints_3d");
            for (int j = 0; j < 17; j++) {
                JsonNode k = keypointsYUp.get(t).get(j);
                flat.add(0).add(0).add(1);
                k3.addArray().add(k.get(0).asDouble()).add(-k.get(1).asDouble()).add(-k.get(2).asDouble());
            }
        }
        JSON.writeValue(out.toFile(), root);
    }
}
