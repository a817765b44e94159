package org.dancelens.export;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dancelens.analysis.store.RatedRanges;
import org.dancelens.core.AtomicFiles;

/**
 * Stored ratings as a long-form ratings manifest ({@code video,start_s,end_s,rater,criterion,value}, one rating a row),
 * the shape {@code dancelens evaluate --ratings} and {@code train --ratings} read ({@link org.dancelens.classify.RatingsManifest}).
 * A range is written as the seconds of its first and last frame, which the manifest's readers turn back into the same
 * frames; a video inside the manifest's folder is named relative to it (the manifest can move with its videos), any
 * other by its absolute path.
 */
public final class RatingsCsv {
    static final String[] HEADER = {"video", "start_s", "end_s", "rater", "criterion", "value"};

    private RatingsCsv() {
    }

    /** The manifest's text for ratings, with videos named as seen from {@code folder} (the manifest's folder). */
    public static String text(List<RatedRanges.RatedRange> ratings, Path folder) {
        StringWriter out = new StringWriter();
        Path base = folder.toAbsolutePath().normalize();
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build())) {
            p.printRecord((Object[]) HEADER);
            for (RatedRanges.RatedRange r : ratings) {
                Path video = Path.of(r.videoPath()).toAbsolutePath().normalize();
                String name = video.startsWith(base) ? base.relativize(video).toString().replace('\\', '/') : video.toString();
                p.printRecord(name, RatedRanges.seconds(r.startS()), RatedRanges.seconds(r.endS()), r.rater(), r.criterion(),
                        RatedRanges.number(r.value()));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** Writes the manifest (atomically: the file is whole or not there). */
    public static void write(List<RatedRanges.RatedRange> ratings, Path out) {
        Path folder = out.toAbsolutePath().getParent();
        AtomicFiles.writeString(out, text(ratings, folder));
    }
}
