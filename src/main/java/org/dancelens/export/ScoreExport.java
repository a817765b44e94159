package org.dancelens.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dancelens.classify.Aggregation;
import org.dancelens.core.AtomicFiles;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.ScoreSeries;

/**
 * Writes a classification's results: {@code scores.csv} ({@code frame,time_s,track,label,score}),
 * {@code segments.csv} ({@code track,start_frame,end_frame,label,mean_score}) and {@code summary.json}
 * (video-level top-k per track with the model's provenance). {@link #write} writes the three as one set
 * ({@link AtomicFiles.FileSet}), summary.json last, so a failure never leaves half a file or a mixed set.
 */
public final class ScoreExport {
    public static final String SUMMARY_FORMAT = "dancelens-classify-1";

    public static final String SCORES_CSV = "scores.csv";
    public static final String SEGMENTS_CSV = "segments.csv";
    public static final String SUMMARY_JSON = "summary.json";

    private ScoreExport() {
    }

    /** Writes {@code dir/scores.csv}, {@code dir/segments.csv} and {@code dir/summary.json} (last) as one set. */
    public static void write(Path dir, byte[] scoresCsv, byte[] segmentsCsv, byte[] summaryJson) {
        try (AtomicFiles.FileSet files = AtomicFiles.fileSet(dir)) {
            files.add(SCORES_CSV, scoresCsv);
            files.add(SEGMENTS_CSV, segmentsCsv);
            files.complete(SUMMARY_JSON, o -> o.write(summaryJson));
        }
    }

    public static byte[] scoresCsv(List<ScoreSeries> series, IntToDoubleFunction timeOf) {
        return format(SCORES_CSV, w -> {
            try (CSVPrinter p = CSVFormat.DEFAULT.builder().setHeader("frame", "time_s", "track", "label", "score").build().print(w)) {
                for (ScoreSeries s : series) {
                    for (int i = 0; i < s.size(); i++) {
                        double t = timeOf.applyAsDouble(s.frames()[i]);
                        for (int c = 0; c < s.labels().size(); c++) {
                            p.printRecord(s.frames()[i], String.format(java.util.Locale.ROOT, "%.6f", t), s.track(), s.labels().get(c),
                                    String.format(java.util.Locale.ROOT, "%.6g", s.scores()[i][c]));
                        }
                    }
                }
            }
        });
    }

    public static byte[] segmentsCsv(List<Aggregation.Segment> segments) {
        return format(SEGMENTS_CSV, w -> {
            try (CSVPrinter p = CSVFormat.DEFAULT.builder().setHeader("track", "start_frame", "end_frame", "label", "mean_score").build().print(w)) {
                for (Aggregation.Segment s : segments) {
                    p.printRecord(s.track(), s.startFrame(), s.endFrame(), s.label(), String.format(java.util.Locale.ROOT, "%.6g", s.meanScore()));
                }
            }
        });
    }

    /**
     * @param provenance model and input facts (id, task, onnxSha256, input, pose model...) written as they are
     * @param topK       per track, the best labels with their mean scores
     */
    public static byte[] summaryJson(Map<String, Object> provenance, List<String> labels, Map<Integer, List<Aggregation.Ranked>> topK,
                                     Map<Integer, Integer> framesPerTrack, Map<String, Object> settings) {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        root.put("format", SUMMARY_FORMAT);
        root.set("provenance", m.valueToTree(provenance));
        root.set("labels", m.valueToTree(labels));
        root.set("settings", m.valueToTree(settings));
        ArrayNode tracks = root.putArray("tracks");
        topK.forEach((track, ranked) -> {
            ObjectNode t = tracks.addObject();
            t.put("track", track);
            t.put("frames", framesPerTrack.getOrDefault(track, 0));
            ArrayNode k = t.putArray("top_k");
            for (Aggregation.Ranked r : ranked) {
                k.addObject().put("label", r.label()).put("score", r.score());
            }
        });
        return format(SUMMARY_JSON, w -> m.writeValue(w, root));
    }

    interface WriterBody {
        void write(Writer w) throws IOException;
    }

    static byte[] format(String name, WriterBody body) {
        java.io.StringWriter w = new java.io.StringWriter();
        try {
            body.write(w);
        } catch (IOException e) {
            throw DanceLensException.internal("Could not format " + name + ".", e);
        }
        return w.toString().getBytes(StandardCharsets.UTF_8);
    }
}
