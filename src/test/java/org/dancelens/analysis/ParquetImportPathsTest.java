package org.dancelens.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.dancelens.core.DanceLensException;
import org.junit.jupiter.api.Test;

/** Where {@code import parquet} looks for a video the cluster named: Hadoop's printed paths and URIs, through --video-root. */
class ParquetImportPathsTest {
    @Test
    void hadoopsFileUrisArePathsAsPrinted() {
        assertThat(ParquetImport.local("file:/archive/a b/clip.mp4", List.of())).isEqualTo(Path.of("/archive/a b/clip.mp4"));
        assertThat(ParquetImport.local("file:///archive/clip.mp4", List.of())).isEqualTo(Path.of("/archive/clip.mp4"));
        assertThat(ParquetImport.local("/archive/clip.mp4", List.of())).isEqualTo(Path.of("/archive/clip.mp4"));
        assertThat(ParquetImport.local("hdfs://nn:8020/archive/clip.mp4", List.of())).as("another file system: not here").isNull();
    }

    @Test
    void theFirstMatchingRootReplacesThePrefixOfTheUriOrOfTheFilePath() {
        List<ParquetImport.Root> roots = List.of(ParquetImport.Root.parse("hdfs://nn:8020/archive=/data/archive"),
                ParquetImport.Root.parse("/cluster/videos=/home/me/videos"));
        assertThat(ParquetImport.local("hdfs://nn:8020/archive/2024/clip.mp4", roots)).isEqualTo(Path.of("/data/archive/2024/clip.mp4"));
        assertThat(ParquetImport.local("file:/cluster/videos/clip.mp4", roots)).isEqualTo(Path.of("/home/me/videos/clip.mp4"));
        assertThat(ParquetImport.local("s3a://bucket/clip.mp4", roots)).isNull();
        assertThatThrownBy(() -> ParquetImport.Root.parse("/only/one/side=")).isInstanceOf(DanceLensException.class)
                .hasMessageStartingWith("--video-root must look like OLD=NEW");
    }
}
