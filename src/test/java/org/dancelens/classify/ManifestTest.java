package org.dancelens.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dancelens.core.DanceLensException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {
    @TempDir
    Path dir;
    Path clips;

    @BeforeEach
    void videos() throws IOException {
        clips = Files.createDirectories(dir.resolve("clips"));
        for (String v : List.of("ballet-01.mp4", "jam.mp4", "tango, live.mp4")) {
            Files.write(clips.resolve(v), new byte[] {0});
        }
    }

    private Path manifest(String text) throws IOException {
        return Files.writeString(dir.resolve("manifest.csv"), text, StandardCharsets.UTF_8);
    }

    private void assertBadInput(String text, String... parts) throws IOException {
        Path m = manifest(text);
        assertThatThrownBy(() -> Manifest.read(m))
                .isInstanceOfSatisfying(DanceLensException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DanceLensException.Kind.BAD_INPUT);
                    assertThat(e.getMessage()).contains(m.toString()).contains(parts).endsWith(".").doesNotContain("\n");
                });
    }

    @Test
    void readsVideosLabelsAndSegmentsWithTheirLines() throws IOException {
        Path other = Files.write(Files.createDirectories(dir.resolve("elsewhere")).resolve("far.mp4"), new byte[] {0});
        Path m = manifest("\uFEFF Video , LABEL ,start_s,end_s,notes\r\n"
                + "clips/ballet-01.mp4,ballet,,,first take\r\n"
                + "\r\n"
                + "clips/jam.mp4, hip-hop ,12.5,20,\r\n"
                + "\"clips/tango, live.mp4\",tango,3,,\"a note\nover two lines\"\r\n"
                + other + ",folk,,7\r\n");
        List<Manifest.Item> items = Manifest.read(m);

        assertThat(items).containsExactly(
                new Manifest.Item(clips.resolve("ballet-01.mp4"), "ballet", null, null, 2),
                new Manifest.Item(clips.resolve("jam.mp4"), "hip-hop", 12.5, 20.0, 4),
                new Manifest.Item(clips.resolve("tango, live.mp4"), "tango", 3.0, null, 5),
                new Manifest.Item(other, "folk", null, 7.0, 7));
        assertThat(items.get(0).video()).isAbsolute();
        assertThat(items.get(0).name()).isEqualTo("ballet-01.mp4");
        assertThat(items.get(1).name()).isEqualTo("jam.mp4 [12.5s-20s]");
        assertThat(items.get(2).name()).isEqualTo("tango, live.mp4 [3s-end]");
    }

    @Test
    void segmentColumnsAreOptional() throws IOException {
        List<Manifest.Item> items = Manifest.read(manifest("label,video\nballet,clips/ballet-01.mp4\n"));
        assertThat(items).containsExactly(new Manifest.Item(clips.resolve("ballet-01.mp4"), "ballet", null, null, 2));
    }

    @Test
    void relativePathsResolveAgainstTheManifestsFolderNotTheWorkingDirectory() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("sets/a"));
        Path m = Files.writeString(sub.resolve("m.csv"), "video,label\n../../clips/jam.mp4,hip-hop\n");
        assertThat(Manifest.read(m).get(0).video()).isEqualTo(clips.resolve("jam.mp4"));
    }

    @Test
    void missingHeaderColumnsAreNamed() throws IOException {
        assertBadInput("video,style\nclips/jam.mp4,hip-hop\n", "line 1", "no 'label' column", "it is 'video,style'");
        assertBadInput("file;label\nclips/jam.mp4;hip-hop\n", "line 1", "no 'video' column", "file;label");
    }

    @Test
    void emptyLabel() throws IOException {
        assertBadInput("video,label\nclips/jam.mp4,hip-hop\nclips/ballet-01.mp4,  \n", "line 3", "empty label");
        assertBadInput("video,label\nclips/jam.mp4\n", "line 2", "empty label");
    }

    @Test
    void startNotBeforeEnd() throws IOException {
        assertBadInput("video,label,start_s,end_s\nclips/jam.mp4,hip-hop,20,12.5\n", "line 2", "start_s 20 not before end_s 12.5");
        assertBadInput("video,label,start_s,end_s\nclips/jam.mp4,hip-hop,5,5\n", "line 2", "not before");
        // an end_s of 0 without a start_s is empty too (it read as frame 0 alone)
        assertBadInput("video,label,start_s,end_s\nclips/jam.mp4,hip-hop,,0\n", "line 2", "end_s 0 and no start_s", "empty");
        assertBadInput("video,label,start_s,end_s\nclips/jam.mp4,hip-hop,,0.000\n", "line 2", "end_s 0.000 and no start_s", "empty");
    }

    @Test
    void nonNumericOrNegativeTimes() throws IOException {
        assertBadInput("video,label,start_s,end_s\n\nclips/jam.mp4,hip-hop,0:12,20\n", "line 3", "start_s '0:12'", "not a number");
        assertBadInput("video,label,start_s,end_s\nclips/jam.mp4,hip-hop,1,NaN\n", "line 2", "end_s 'NaN'");
        assertBadInput("video,label,start_s,end_s\nclips/jam.mp4,hip-hop,-1,3\n", "line 2", "start_s '-1'");
    }

    @Test
    void missingVideo() throws IOException {
        assertBadInput("video,label\nclips/jam.mp4,hip-hop\nclips/gone.mp4,ballet\n", "line 3",
                clips.resolve("gone.mp4").toString(), "does not exist");
        assertBadInput("video,label\nclips,ballet\n", "line 2", "is a folder");
        assertBadInput("video,label\n,ballet\n", "line 2", "names no video");
    }

    @Test
    void emptyManifests() throws IOException {
        assertBadInput("", "is empty");
        assertBadInput("\n\n", "is empty");
        assertBadInput("video,label\n", "names no videos");
        assertBadInput("video,label\n\n  \n", "names no videos");
    }

    @Test
    void unreadableManifests() throws IOException {
        assertThatThrownBy(() -> Manifest.read(dir.resolve("nope.csv")))
                .isInstanceOf(DanceLensException.class).hasMessageContaining("nope.csv").hasMessageEndingWith("does not exist.");
        assertBadInput("video,label\n\"clips/jam.mp4,hip-hop\n", "not valid CSV");
        Path latin1 = Files.write(dir.resolve("latin1.csv"), "video,label\nclips/jam.mp4,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> Manifest.read(latin1))
                .isInstanceOf(DanceLensException.class).hasMessageContaining("latin1.csv is not UTF-8 text.");
    }

    /** commons-csv's own text (its class names, "IOException reading next record") stays in the log. */
    @Test
    void malformedCsvIsSaidInPlainWordsWithTheLine() throws IOException {
        assertBadInput("video,label\nclips/jam.mp4,hip-hop\n\"clips/jam.mp4,hip-hop\n", "not valid CSV: line 3: a quoted cell is not closed.");
        assertBadInput("video,label\n\"clips/jam.mp4\"x,hip-hop\n",
                "not valid CSV: line 2: a quoted cell is followed by more text before the next comma.");
        assertBadInput("video,label,video\nclips/jam.mp4,hip-hop,x\n", "not valid CSV: the header names the column 'video' twice.");
        for (String bad : new String[] {"video,label\n\"a,b\n", "video,label\n\"a\"b,c\n", "video,label,Video\na,b,c\n"}) {
            Path m = manifest(bad);
            assertThatThrownBy(() -> Manifest.read(m)).isInstanceOfSatisfying(DanceLensException.class,
                    e -> org.dancelens.testsupport.FuzzChecks.assertPlainRefusal(e));
        }
    }

    @Test
    void linesEndingInALoneCarriageReturnAreCountedAsLines() throws IOException {
        // Found by ManifestFuzzTest (crash-lone-carriage-returns-counted-as-one-line): such rows were all said to be on line 1.
        assertBadInput("video,label\r\rclips/jam.mp4,\r", "line 3");
    }

    @Test
    void aSegmentEndingAtZeroIsRefusedRatherThanScoredEmpty() throws IOException {
        assertBadInput("video,label,start_s,end_s\nclips/jam.mp4,hip-hop,,0\n", "line 2", "end_s 0 and no start_s: the segment from the start to 0 s is empty");
    }

    @Test
    void longValuesAreShortenedInTheSentence() throws IOException {
        String longValue = "x".repeat(5000);
        Path m = manifest("video,label,start_s\nclips/jam.mp4,hip-hop," + longValue + "\n");
        assertThatThrownBy(() -> Manifest.read(m)).isInstanceOfSatisfying(DanceLensException.class, e -> {
            org.dancelens.testsupport.FuzzChecks.assertPlainRefusal(e);
            assertThat(e.getMessage()).contains("start_s 'xxxxxxxxxx").hasSizeLessThan(300);
        });
    }
}
