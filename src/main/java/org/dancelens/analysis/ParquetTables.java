package org.dancelens.analysis;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.dancelens.core.DanceLensException;
import org.xerial.snappy.Snappy;

/**
 * Reading (and, for tests and tools, writing) Parquet files as Spark writes them, without Hadoop: parquet-hadoop's
 * reader over {@link LocalInputFile} with a {@link PlainParquetConfiguration} and this class's codec factory (Spark's
 * default snappy, through snappy-java, and uncompressed), so Hadoop's {@code Configuration} and its dependencies are
 * never loaded. A table is a folder of {@code video_id=ID} partitions, each a folder of part files.
 */
public final class ParquetTables {
    private ParquetTables() {
    }

    /** The codecs DanceLens reads and writes: snappy (Spark's default) and none. */
    public static final CompressionCodecFactory CODECS = new CompressionCodecFactory() {
        @Override
        public BytesInputCompressor getCompressor(CompressionCodecName codec) {
            if (codec != CompressionCodecName.SNAPPY && codec != CompressionCodecName.UNCOMPRESSED) {
                throw unsupported(codec);
            }
            return new BytesInputCompressor() {
                @Override
                public BytesInput compress(BytesInput bytes) throws IOException {
                    return codec == CompressionCodecName.UNCOMPRESSED ? bytes : BytesInput.from(Snappy.compress(bytes.toByteArray()));
                }

                @Override
                public CompressionCodecName getCodecName() {
                    return codec;
                }

                @Override
                public void release() {
                    // nothing held
                }
            };
        }

        @Override
        public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
            if (codec != CompressionCodecName.SNAPPY && codec != CompressionCodecName.UNCOMPRESSED) {
                throw unsupported(codec);
            }
            boolean snappy = codec == CompressionCodecName.SNAPPY;
            return new BytesInputDecompressor() {
                @Override
                public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
                    if (!snappy) {
                        return bytes;
                    }
                    byte[] in = bytes.toByteArray();
                    byte[] out = new byte[uncompressedSize];
                    int n = Snappy.uncompress(in, 0, in.length, out, 0);
                    if (n != uncompressedSize) {
                        throw new IOException("a snappy page gave " + n + " bytes, not " + uncompressedSize);
                    }
                    return BytesInput.from(out);
                }

                @Override
                public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize) throws IOException {
                    byte[] in = new byte[compressedSize];
                    input.get(in);
                    output.put(snappy ? Snappy.uncompress(in) : in);
                }

                @Override
                public void release() {
                    // nothing held
                }
            };
        }

        @Override
        public void release() {
            // nothing held
        }
    };

    private static IllegalArgumentException unsupported(CompressionCodecName codec) {
        return new IllegalArgumentException("Parquet pages compressed with " + codec + " (DanceLens reads snappy, Spark's default, and uncompressed)");
    }

    /** The part files of a table's partition folder (Spark's {@code part-*.parquet}; its {@code _SUCCESS} and checksums left out), sorted. */
    public static List<Path> partFiles(Path partition) throws IOException {
        try (Stream<Path> s = Files.list(partition)) {
            return s.filter(f -> {
                String n = f.getFileName().toString();
                return n.endsWith(".parquet") && !n.startsWith(".") && !n.startsWith("_") && Files.isRegularFile(f);
            }).sorted().toList();
        }
    }

    /** The partitions of a table folder: its {@code video_id=ID} folders, sorted. */
    public static List<Path> partitions(Path table) throws IOException {
        try (Stream<Path> s = Files.list(table)) {
            return s.filter(f -> Files.isDirectory(f) && f.getFileName().toString().startsWith("video_id=")).sorted().toList();
        }
    }

    /** The id of a partition folder ({@code video_id=ID}). */
    public static String partitionId(Path partition) {
        return partition.getFileName().toString().substring("video_id=".length());
    }

    /** Every record of a partition's part files, in file order. */
    public static void read(Path partition, Consumer<Group> each) {
        List<Path> files;
        try {
            files = partFiles(partition);
        } catch (IOException e) {
            throw DanceLensException.badInput("Cannot read " + partition + ": " + e.getMessage() + ".", e);
        }
        for (Path f : files) {
            try (ParquetReader<Group> r = reader(f)) {
                for (Group g = r.read(); g != null; g = r.read()) {
                    each.accept(g);
                }
            } catch (IOException | RuntimeException e) {
                throw DanceLensException.badInput("The Parquet file " + f + " cannot be read (" + (e.getMessage() == null ? e.getClass().getSimpleName()
                        : e.getMessage()) + ").", e);
            }
        }
    }

    private static ParquetReader<Group> reader(Path file) throws IOException {
        return new ParquetReader.Builder<Group>(new LocalInputFile(file), new PlainParquetConfiguration()) {
            {
                withCodecFactory(CODECS);
            }

            @Override
            protected ReadSupport<Group> getReadSupport() {
                return new GroupReadSupport();
            }
        }.build();
    }

    /** True when the record has a value for the field (an optional column's null is no value). */
    public static boolean has(Group g, String field) {
        return g.getType().containsField(field) && g.getFieldRepetitionCount(field) > 0;
    }

    /**
     * The elements of a list column as Spark writes it ({@code optional group F (LIST) {repeated group list {E element}}}),
     * each read by {@code get} from the list's entry group; null when the column is null or absent.
     */
    public static <T> List<T> list(Group g, String field, java.util.function.BiFunction<Group, String, T> get) {
        if (!has(g, field)) {
            return null;
        }
        Group l = g.getGroup(field, 0);
        int n = l.getFieldRepetitionCount(0);
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Group e = l.getGroup(0, i);
            out.add(e.getFieldRepetitionCount(0) == 0 ? null : get.apply(e, e.getType().getFieldName(0)));
        }
        return out;
    }
}
