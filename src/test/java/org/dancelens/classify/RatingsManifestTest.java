package org.dancelens.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dancelens.core.DanceLensException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ratings manifest in its wide and long shapes, and each bad line as one sentence naming the file and the line. */
class RatingsManifestTest {
    @TempDir
    Path dir;

    @BeforeEach
    void videos() throws IOException {
        Files.writeString(dir.resolve("a.mp4"), "not read here");
        Files.writeString(dir.resolve("b.mp4"), "not read here");
    }

    private RatingsManifest.Table read(String text) throws IOException {
        return RatingsManifest.read(Files.writeString(dir.resolve("r.csv"), text));
    }

    private String error(String text) throws IOException {
        Path file = Files.writeString(dir.resolve("r.csv"), text);
        try {
            RatingsManifest.read(file);
        } catch (DanceLensException e) {
            assertThat(e.kind()).isEqualTo(DanceLensException.Kind.BAD_INPUT);
            assertThat(e.getMessage()).doesNotContain("\n").startsWith("The ratings manifest " + file);
            return e.getMessage().substring(("The ratings manifest " + file + " ").length());
        }
        throw new AssertionError("no error for " + text);
    }

    @Test
    void wideFormHasAColumnPerRaterAndACriterionColumn() throws IOException {
        RatingsManifest.Table t = read("""
                Video,start_s,end_s,Criterion,judge1,rater:Ana,notes
                a.mp4,0,8,fluidity,6,5.5,first take
                a.mp4,0,8,precision,4,,
                b.mp4,,,fluidity,,7,

                a.mp4,8,16,fluidity,3,2,
                """);
        assertThat(t.raters()).containsExactly("judge1", "Ana");
        assertThat(t.criteria()).containsExactly("fluidity", "precision");
        assertThat(t.items()).hasSize(3);
        assertThat(t.items().get(0).video()).isEqualTo(dir.resolve("a.mp4"));
        assertThat(t.items().get(0).startS()).isEqualTo(0.0);
        assertThat(t.items().get(0).endS()).isEqualTo(8.0);
        assertThat(t.items().get(0).line()).isEqualTo(2);
        assertThat(t.items().get(1).startS()).isNull();
        assertThat(t.items().get(2).line()).isEqualTo(6); // the empty line 5 still counts
        assertThat(t.of("fluidity")[0]).containsExactly(6, 5.5);
        assertThat(t.of("fluidity")[1][0]).isNaN();
        assertThat(t.of("fluidity")[1][1]).isEqualTo(7);
        assertThat(t.of("fluidity")[2]).containsExactly(3, 2);
        assertThat(t.of("precision")[0][0]).isEqualTo(4);
        assertThat(t.of("precision")[0][1]).isNaN();
        assertThat(t.of("precision")[1][0]).isNaN();
    }

    @Test
    void oneRatingColumnIsOneRaterAndOneCriterion() throws IOException {
        RatingsManifest.Table t = read("video,rating\na.mp4,3\nb.mp4,4.5\n");
        assertThat(t.raters()).containsExactly("rating");
        assertThat(t.criteria()).containsExactly(RatingsManifest.DEFAULT_CRITERION);
        assertThat(t.of("rating")).isDeepEqualTo(new double[][] {{3}, {4.5}});
    }

    @Test
    void longFormGivesTheSameTableAsWideForm() throws IOException {
        RatingsManifest.Table wide = read("""
                video,start_s,end_s,criterion,judge1,Ana
                a.mp4,0,8,fluidity,6,5.5
                a.mp4,0,8,precision,4,
                b.mp4,,,fluidity,,7
                """);
        RatingsManifest.Table longForm = read("""
                video,start_s,end_s,rater,criterion,value
                a.mp4,0,8,judge1,fluidity,6
                a.mp4,0,8,Ana,fluidity,5.5
                a.mp4,0,8,judge1,precision,4
                b.mp4,,,Ana,fluidity,7
                """);
        assertThat(longForm.raters()).isEqualTo(wide.raters());
        assertThat(longForm.criteria()).isEqualTo(wide.criteria());
        assertThat(longForm.items()).extracting(RatingsManifest.Item::name).isEqualTo(wide.items().stream().map(RatingsManifest.Item::name).toList());
        for (String c : wide.criteria()) {
            assertThat(java.util.Arrays.deepToString(longForm.of(c))).isEqualTo(java.util.Arrays.deepToString(wide.of(c))); // NaN for not given
        }
        RatingsManifest.Table noCriterion = read("video,rater,value\na.mp4,x,1\nb.mp4,x,2\n");
        assertThat(noCriterion.criteria()).containsExactly("rating");
    }

    @Test
    void eachBadLineIsOneSentenceNamingTheLine() throws IOException {
        assertThat(error("video,judge1,judge2\na.mp4,3,4\nb.mp4,5,abc\n"))
                .isEqualTo("line 3 has 'abc' as the rater 'judge2''s rating, which is not a number.");
        assertThat(error("video,judge1\na.mp4,3\nb.mp4,NaN\n")).isEqualTo("line 3 has 'NaN' as the rater 'judge1''s rating, which is not a finite number.");
        assertThat(error("video,judge1,judge2\na.mp4,3,4\nb.mp4,,\n")).isEqualTo("line 3 gives no rating (every rater's cell is empty).");
        assertThat(error("video,start_s,end_s,judge1\na.mp4,0,8,3\na.mp4,0,8,4\n"))
                .isEqualTo("line 3 rates a.mp4 [0s-8s] again by 'judge1' on 'rating' (line 2 already does).");
        assertThat(error("video,start_s,end_s,judge1\na.mp4,8,2,3\n")).isEqualTo("line 2 has start_s 8 not before end_s 2.");
        assertThat(error("video,judge1\n,3\n")).isEqualTo("line 2 names no video.");
        assertThat(error("video,judge1\n\nc.mp4,3\n")).startsWith("line 3 names the video ").endsWith("c.mp4, which does not exist.");
        assertThat(error("video,rater,value\na.mp4,x,\n")).isEqualTo("line 2 has an empty value.");
        assertThat(error("video,rater,value\na.mp4,,1\n")).isEqualTo("line 2 names no rater.");
        assertThat(error("video,rater,value\na.mp4,x,good\n")).isEqualTo("line 2 has 'good' as the value, which is not a number.");
        assertThat(error("video,value\na.mp4,1\n")).startsWith("line 1 has a 'value' column but no 'rater' column");
        assertThat(error("video,notes\na.mp4,fine\n")).startsWith("line 1 names no rater");
        assertThat(error("clip,judge1\na.mp4,1\n")).startsWith("line 1 has no 'video' column");
        assertThat(error("video,judge1,rater:Judge1\na.mp4,1,2\n")).isEqualTo("line 1 names the rater 'Judge1' twice (columns 'judge1' and 'rater:Judge1').");
        assertThat(error("video,judge1\n")).isEqualTo("rates no videos (it has a header but no rows).");
        assertThat(error("video,judge1\n\"a.mp4,1\n")).startsWith("is not valid CSV");
    }

    @Test
    void aMissingManifestIsOneSentence() {
        assertThatThrownBy(() -> RatingsManifest.read(dir.resolve("none.csv"))).isInstanceOf(DanceLensException.class)
                .hasMessageContaining("none.csv").hasMessageContaining("does not exist");
    }
}
