package org.dancelens.classify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.dancelens.core.DanceLensException;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.FuzzChecks;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A poses.json is read exactly or refused in one sentence naming the file and the place: times that go backwards,
 * values that are NaN, text, out of range or given twice (frames, tracks) are refused; what is legitimately optional
 * (smoothed keypoints, 3-D keypoints, track ids of a lone dancer, confidences) is read as the format says.
 */
class PoseJsonReaderTest {
    @RegisterExtension
    final IsolatedData data = new IsolatedData();

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Three frames at 10 fps, tracks 1 and 2 in each, COCO-17 image and 3-D keypoints. */
    private static ObjectNode poses() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "dancelens-poses-1");
        root.putObject("video").put("fps", 10.0);
        root.putObject("skeleton").put("name", "coco-17");
        ArrayNode frames = root.putArray("frames");
        for (int t = 0; t < 3; t++) {
            ObjectNode f = frames.addObject().put("frame", t).put("time_s", t / 10.0);
            ArrayNode people = f.putArray("people");
            for (int id = 1; id <= 2; id++) {
                ObjectNode p = people.addObject().put("track_id", id);
                ArrayNode k = p.putArray("keypoints");
                ArrayNode w = p.putArray("keypoints_3d");
                for (int j = 0; j < 17; j++) {
                    k.add(100 * id + j).add(10 * t + j).add(0.9);
                    w.addArray().add(0.01 * j).add(-0.01 * j).add(0.1 * id + t);
                }
            }
        }
        return root;
    }

    private Path write(Consumer<ObjectNode> change) throws IOException {
        ObjectNode root = poses();
        change.accept(root);
        Path file = dir.resolve("poses.json");
        Files.writeString(file, JSON.writeValueAsString(root));
        return file;
    }

    private static ObjectNode person(ObjectNode root, int frame, int index) {
        return (ObjectNode) root.get("frames").get(frame).get("people").get(index);
    }

    private DanceLensException refused(Consumer<ObjectNode> change, boolean world) throws IOException {
        Path file = write(change);
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> PoseJsonReader.read(file, world));
        assertThat(t).isInstanceOf(DanceLensException.class);
        DanceLensException e = (DanceLensException) t;
        FuzzChecks.assertPlainRefusal(e);
        assertThat(e.getMessage()).startsWith("poses.json");
        return e;
    }

    @Test
    void aWellFormedFileReadsExactly() throws IOException {
        PoseJsonReader.Data d = PoseJsonReader.read(write(r -> { }), false);
        assertThat(d.fps()).isEqualTo(10.0);
        assertThat(d.tracks()).extracting(PoseTrack::track).containsExactly(1, 2);
        PoseTrack t2 = d.tracks().get(1);
        assertThat(t2.frames()).containsExactly(0, 1, 2);
        assertThat(t2.times()).containsExactly(0.0, 0.1, 0.2);
        assertThat(t2.points()[2][16]).containsExactly(216f, 36f);
        PoseTrack w1 = PoseJsonReader.read(write(r -> { }), true).tracks().get(0);
        assertThat(w1.points()[1][3]).containsExactly(0.03f, -0.03f, 1.1f);
    }

    @Test
    void timesThatGoBackwardsAreRefusedNamingTheFrames() throws IOException {
        DanceLensException e = refused(r -> ((ObjectNode) r.get("frames").get(2)).put("time_s", 0.05), true);
        assertThat(e.getMessage()).isEqualTo("poses.json, frame 2, has the time_s 0.05, not after frame 1's 0.1; times must rise with the frame number.");
        assertThat(refused(r -> ((ObjectNode) r.get("frames").get(1)).put("time_s", 0.0), false).getMessage())
                .contains("frame 1, has the time_s 0.0, not after frame 0's 0.0");
    }

    @Test
    void framesListedOutOfOrderAreSortedNotRefused() throws IOException {
        Path file = write(r -> {
            ArrayNode frames = (ArrayNode) r.get("frames");
            frames.insert(0, frames.remove(2));
        });
        PoseTrack t = PoseJsonReader.read(file, false).tracks().get(0);
        assertThat(t.frames()).containsExactly(0, 1, 2);
        assertThat(t.times()).containsExactly(0.0, 0.1, 0.2);
    }

    @Test
    void nanAndTextValuesAreRefusedNamingThePlace() throws IOException {
        Path nan = dir.resolve("poses.json");
        Files.writeString(nan, JSON.writeValueAsString(poses()).replaceFirst("0\\.9", "NaN"));
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> PoseJsonReader.read(nan, false));
        assertThat(t).isInstanceOf(DanceLensException.class);
        FuzzChecks.assertPlainRefusal((DanceLensException) t);
        assertThat(t.getMessage()).startsWith("poses.json is not readable JSON at line 1, column ").contains("\"NaN\" is not a number JSON allows");

        assertThat(refused(r -> ((ArrayNode) person(r, 1, 0).get("keypoints")).set(3, "12"), false).getMessage())
                .isEqualTo("poses.json, frame 1, track 1: keypoints joint 1 (left_eye) has the x \"12\"; a coordinate is a number.");
        assertThat(refused(r -> ((ArrayNode) person(r, 2, 1).get("keypoints_3d").get(4)).set(2, "NaN"), true).getMessage())
                .isEqualTo("poses.json, frame 2, track 2: keypoints_3d joint 4 (right_ear) has the z \"NaN\"; a coordinate is a number.");
        assertThat(refused(r -> ((ArrayNode) person(r, 0, 0).get("keypoints_3d").get(0)).remove(2), true).getMessage())
                .contains("frame 0, track 1: keypoints_3d joint 0 (nose) is not a list of x, y and z");
        assertThat(refused(r -> ((ObjectNode) r.get("frames").get(1)).put("time_s", "0.1"), false).getMessage())
                .isEqualTo("poses.json, frame 1, has the time_s \"0.1\"; a time is a number of seconds.");
        assertThat(refused(r -> person(r, 1, 1).put("track_id", "2"), false).getMessage())
                .isEqualTo("poses.json, frame 1, person 2 has the track_id \"2\"; a track_id is a whole number.");
    }

    @Test
    void outOfRangeValuesAreRefused() throws IOException {
        assertThat(refused(r -> ((ArrayNode) person(r, 1, 0).get("keypoints")).set(0, 1e39), false).getMessage())
                .contains("frame 1, track 1: keypoints joint 0 (nose) has the x 1.0E39, which is out of range");
        assertThat(refused(r -> ((ObjectNode) r.get("frames").get(0)).put("frame", 5_000_000_000L), false).getMessage())
                .isEqualTo("poses.json, entry 1 of 'frames', has the frame 5000000000; a frame is a whole number from 0 up.");
        assertThat(refused(r -> ((ObjectNode) r.get("frames").get(0)).put("frame", -1), false).getMessage()).contains("the frame -1");
        assertThat(refused(r -> ((ObjectNode) r.get("frames").get(0)).put("frame", 1.5), false).getMessage()).contains("the frame 1.5");
        assertThat(refused(r -> person(r, 0, 0).put("track_id", 1e12), false).getMessage()).contains("the track_id 1.0E12");
        assertThat(refused(r -> ((ObjectNode) r.get("video")).put("fps", 0), false).getMessage())
                .isEqualTo("poses.json gives the video's fps as 0; it must be a number above 0.");
    }

    @Test
    void duplicatedFramesAndTracksAreRefused() throws IOException {
        assertThat(refused(r -> ((ObjectNode) r.get("frames").get(2)).put("frame", 1), false).getMessage())
                .isEqualTo("poses.json lists frame 1 twice (entries 2 and 3 of 'frames').");
        assertThat(refused(r -> person(r, 2, 1).put("track_id", 1), true).getMessage())
                .isEqualTo("poses.json, frame 2, lists track 1 twice; each dancer must appear once per frame.");
        assertThat(refused(r -> {
            person(r, 0, 0).remove("track_id");
            person(r, 0, 1).remove("track_id");
        }, false).getMessage()).contains("frame 0, lists several people without a track_id");
    }

    @Test
    void optionalValuesAreReadAsTheFormatSays() throws IOException {
        Path file = write(r -> {
            ((ArrayNode) r.get("frames")).forEach(f -> ((ArrayNode) f.get("people")).remove(1));
            person(r, 0, 0).remove("track_id"); // a lone dancer without ids: one track
            person(r, 1, 0).remove("track_id");
            person(r, 2, 0).remove("track_id");
            person(r, 1, 0).remove("keypoints_3d"); // left out of 3-D tracks only
            person(r, 1, 0).putNull("keypoints_smoothed"); // null: the raw keypoints
            ((ArrayNode) person(r, 2, 0).get("keypoints")).set(2, com.fasterxml.jackson.databind.node.NullNode.instance); // no confidence
            r.remove("video");
            r.remove("skeleton");
            r.remove("format");
        });
        PoseJsonReader.Data image = PoseJsonReader.read(file, false);
        assertThat(image.fps()).isEqualTo(30);
        assertThat(image.tracks()).hasSize(1);
        assertThat(image.tracks().get(0).track()).isEqualTo(-1);
        assertThat(image.tracks().get(0).frames()).containsExactly(0, 1, 2);
        PoseJsonReader.Data world = PoseJsonReader.read(file, true);
        assertThat(world.tracks().get(0).frames()).containsExactly(0, 2);
    }

    @Test
    void theCommandLineSaysOneLineNamingTheFileAndFrameAndExits2() throws IOException {
        Path fixture = SharedFixtures.dir("aist-genre-lstm");
        Path card = dir.resolve("aist.yaml");
        Files.writeString(card, SharedFixtures.aistGenreCard("aist-genre-lstm", "aist_genre_lstm_vel.onnx", "sliding"));
        Files.createSymbolicLink(dir.resolve("aist_genre_lstm_vel.onnx"), fixture.resolve("aist_genre_lstm_vel.onnx"));
        Path file = write(r -> ((ObjectNode) r.get("frames").get(2)).put("time_s", 0.05));
        for (String command : new String[] {"classify", "explain"}) {
            CliRun r = CliRun.of(command, file.toString(), "--model", card.toString(), "--out", dir.resolve("out").toString());
            assertThat(r.code()).as(command).isEqualTo(2);
            assertThat(r.err().strip()).as(command).isEqualTo("dancelens: poses.json, frame 2, has the time_s 0.05, not after frame 1's 0.1; "
                    + "times must rise with the frame number.");
        }
    }
}
