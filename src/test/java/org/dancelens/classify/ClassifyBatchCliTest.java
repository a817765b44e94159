package org.dancelens.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestRgbMeans;
import org.dancelens.video.PatternVideoWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code classify FOLDER --jobs 2}: each video's scores as when classified alone, a damaged file a failed row. */
class ClassifyBatchCliTest {
    @TempDir
    Path dir;

    static List<CSVRecord> csv(Path file) throws Exception {
        try (Reader r = Files.newBufferedReader(file)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r).getRecords();
        }
    }

    @Test
    void aFolderIsClassifiedVideoByVideo() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        TestRgbMeans.install(models, "rgb-means", 0.05);
        Path folder = Files.createDirectories(dir.resolve("videos"));
        Files.copy(TestMedia.generated("classify-batch-a.mp4", PatternVideoWriter.Spec.of("mp4", "libopenh264", 96, 64, 20, 10)), folder.resolve("a.mp4"));
        Files.copy(TestMedia.generated("classify-batch-b.mkv", PatternVideoWriter.Spec.of("mkv", "mpeg4", 96, 64, 15, 10)), folder.resolve("b.mkv"));
        Files.write(folder.resolve("c.avi"), new byte[4096]);
        Path store = dir.resolve("all.db");
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("classify", folder.toString(), "--jobs", "2", "--model", "rgb-means", "--models", models.toString(), "--store", store.toString(),
                "--out", out.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().lines().filter(l -> l.startsWith("dancelens: ")).toList()).hasSize(1).allMatch(l -> l.startsWith("dancelens: c.avi: "));
        List<CSVRecord> rows = csv(out.resolve("summary.csv"));
        assertThat(rows).extracting(x -> x.get("status")).containsExactly("classified", "classified", "failed");
        assertThat(rows).extracting(x -> x.get("frames")).containsExactly("20", "15", "0");

        Path alone = dir.resolve("alone");
        CliRun one = CliRun.of("classify", folder.resolve("b.mkv").toString(), "--model", "rgb-means", "--models", models.toString(), "--store",
                dir.resolve("alone.db").toString(), "--out", alone.toString());
        assertThat(one.code()).as(one.err()).isZero();
        assertThat(Files.readString(out.resolve("b").resolve("scores.csv"))).isEqualTo(Files.readString(alone.resolve("scores.csv")));

        CliRun noOut = CliRun.of("classify", folder.toString(), "--model", "rgb-means", "--models", models.toString(), "--store", store.toString());
        assertThat(noOut.code()).isEqualTo(2);
        assertThat(noOut.err().lines().toList()).containsExactly("dancelens: Give --out DIR for a batch: each video's scores go to DIR/<video name>/.");
    }
}
