package org.dancelens.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dancelens.analysis.RunComparison;
import org.dancelens.analysis.store.Run;
import org.dancelens.compare.ClassifierComparison;
import org.dancelens.compare.MapComparison;
import org.dancelens.compare.PoseComparison;
import org.dancelens.core.AtomicFiles;

/**
 * A comparison of two runs written into one folder as one {@link AtomicFiles.FileSet}, {@value #SUMMARY} last (it lists
 * the files; a folder without it holds no complete comparison). Undefined values (NaN) are empty CSV cells and JSON nulls.
 * <ul>
 *   <li>pose runs: {@code pose-pairs.csv} (per frame and matched pair: OKS, A's box side, joints A sees, PCK@0.05 and
 *       @0.1), {@code pose-joints.csv} (per frame, pair and common joint: distance in pixels), {@code pose-missed.csv}
 *       (dancers one run saw and the other missed), {@code pose-identities.csv} (track pairs and how often matched);</li>
 *   <li>classify runs: {@code classify-frames.csv} (per frame and dancer pair: top labels, agreement, JS divergence),
 *       {@code classify-segments.csv} (disagreement segments), {@code classify-confusion.csv} (A's top label x B's),
 *       {@code classify-labels.csv} (labels matched by name, unmatched ones with an empty partner);</li>
 *   <li>explain runs: {@code explain-frames.csv} (per frame: classes explained, common grid, IoU of the strongest 20%,
 *       Spearman).</li>
 * </ul>
 */
public final class CompareExport {
    public static final String FORMAT = "dancelens-compare-1";
    public static final String SUMMARY = "summary.json";

    private CompareExport() {
    }

    /**
     * Writes the comparison into {@code dir} (created if missing); returns the file names, {@value #SUMMARY} last. The
     * files an earlier comparison in the folder listed and this one does not write (another kind's) are deleted once the
     * new set is in place, so the folder never mixes two comparisons.
     */
    public static List<String> write(RunComparison.Outcome o, Path dir) {
        List<String> names = new ArrayList<>();
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        List<String> earlier = earlierFiles(json, dir);
        ObjectNode root = json.createObjectNode();
        root.put("format", FORMAT);
        root.put("kind", o.kind().key());
        root.put("video", o.a().videoPath());
        ObjectNode runs = root.putObject("runs");
        run(runs.putObject("a"), o.a());
        run(runs.putObject("b"), o.b());
        try (AtomicFiles.FileSet files = AtomicFiles.fileSet(dir)) {
            if (o instanceof RunComparison.PoseOutcome p) {
                poses(p.result(), root, files, names);
            } else if (o instanceof RunComparison.ClassifyOutcome c) {
                scores(c, root, files, names);
            } else if (o instanceof RunComparison.ExplainOutcome e) {
                maps(e.result(), root, files, names);
            }
            root.putObject("software").put("name", "DanceLens").put("version", DataExport.softwareVersion());
            root.put("written", Instant.now().toString());
            names.add(SUMMARY);
            ArrayNode fl = root.putArray("files");
            names.forEach(fl::add);
            files.complete(SUMMARY, out -> json.writeValue(out, root));
        }
        for (String old : earlier) {
            if (!names.contains(old)) {
                AtomicFiles.delete(dir.resolve(old));
            }
        }
        return names;
    }

    /** The files an earlier comparison in {@code dir} listed in its summary (plain names of this format's files only). */
    private static List<String> earlierFiles(ObjectMapper json, Path dir) {
        Path summary = dir.resolve(SUMMARY);
        List<String> out = new ArrayList<>();
        if (!java.nio.file.Files.isRegularFile(summary)) {
            return out;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode root = json.readTree(summary.toFile());
            if (root != null && FORMAT.equals(root.path("format").asText()) && root.path("files").isArray()) {
                root.get("files").forEach(f -> {
                    String n = f.asText();
                    if (n.matches("(pose|classify|explain)-[a-z]+\\.csv")) {
                        out.add(n);
                    }
                });
            }
        } catch (java.io.IOException e) {
            // not a comparison's summary: nothing of it is touched
        }
        return out;
    }

    private static void run(ObjectNode n, Run r) {
        n.put("run", r.id());
        n.put("model", r.modelId());
        n.put("onnxSha256", r.spec().onnxSha256());
        n.put("status", r.status().key());
        n.put("fromFrame", r.spec().fromFrame());
        n.put("toFrame", r.spec().toFrame());
        n.put("framesDone", r.framesDone());
        n.put("revision", r.revision());
    }

    private static void num(ObjectNode n, String key, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            n.putNull(key);
        } else {
            n.put(key, v);
        }
    }

    private static String cell(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
    }

    private static void csv(AtomicFiles.FileSet files, List<String> names, String name, String[] header, RowWriter rows) {
        byte[] b = ScoreExport.format(name, w -> {
            try (CSVPrinter p = CSVFormat.DEFAULT.builder().setHeader(header).setRecordSeparator('\n').build().print(w)) {
                rows.write(p);
            }
        });
        files.add(name, b);
        names.add(name);
    }

    private interface RowWriter {
        void write(CSVPrinter p) throws java.io.IOException;
    }

    private static void poses(PoseComparison.Result r, ObjectNode root, AtomicFiles.FileSet files, List<String> names) {
        PoseComparison.Joints j = r.joints();
        csv(files, names, "pose-pairs.csv", new String[] {"frame", "track_a", "track_b", "oks", "scale_px", "joints_seen", "pck05", "pck10"}, p -> {
            for (PoseComparison.Pair x : r.pairs()) {
                p.printRecord(x.frame(), x.trackA(), x.trackB(), cell(x.oks()), cell(x.scalePx()), x.seen(),
                        cell(x.seen() == 0 ? Double.NaN : (double) x.pck05() / x.seen()), cell(x.seen() == 0 ? Double.NaN : (double) x.pck10() / x.seen()));
            }
        });
        csv(files, names, "pose-joints.csv", new String[] {"frame", "track_a", "track_b", "joint", "distance_px"}, p -> {
            for (PoseComparison.Pair x : r.pairs()) {
                for (int i = 0; i < j.size(); i++) {
                    p.printRecord(x.frame(), x.trackA(), x.trackB(), j.names().get(i), cell(x.distancePx()[i]));
                }
            }
        });
        csv(files, names, "pose-missed.csv", new String[] {"frame", "seen_by", "track", "best_oks"}, p -> {
            for (PoseComparison.Missed m : r.missed()) {
                p.printRecord(m.frame(), m.seenBy() == PoseComparison.Side.ONLY_A ? "A" : "B", m.track(), cell(m.bestOks()));
            }
        });
        csv(files, names, "pose-identities.csv", new String[] {"track_a", "track_b", "frames", "mean_oks", "most_often"}, p -> {
            for (PoseComparison.IdentityPair i : r.identities()) {
                p.printRecord(i.trackA(), i.trackB(), i.frames(), cell(i.meanOks()), i.dominant());
            }
        });
        PoseComparison.Summary s = r.summary();
        ObjectNode d = root.putObject("definitions");
        d.put("oks", "COCO OKS with run A as reference: s^2 = area of A's box (model box, else box around A's seen keypoints), COCO-17 sigmas by joint name,"
                + " over the joints A sees");
        d.put("pck", "share of the joints A sees within alpha x the larger side of A's box");
        d.put("minOks", r.settings().minOks());
        d.put("minConfidence", r.settings().minConfidence());
        ArrayNode jn = root.putArray("joints");
        j.names().forEach(jn::add);
        ObjectNode n = root.putObject("summary");
        n.put("framesCompared", s.framesCompared());
        n.put("framesOnlyA", s.framesOnlyA());
        n.put("framesOnlyB", s.framesOnlyB());
        n.put("matchedPairs", s.pairs());
        num(n, "meanOks", s.meanOks());
        num(n, "pck05", s.pck05());
        num(n, "pck10", s.pck10());
        n.put("framesWithMissedDancer", s.framesWithMissed());
        n.put("missedByB", s.missedByB());
        n.put("missedByA", s.missedByA());
        n.put("ignoredDancers", s.ignored());
        ArrayNode ids = root.putArray("identities");
        for (PoseComparison.IdentityPair i : r.identities()) {
            if (i.dominant()) {
                ObjectNode x = ids.addObject();
                x.put("trackA", i.trackA());
                x.put("trackB", i.trackB());
                x.put("frames", i.frames());
                num(x, "meanOks", i.meanOks());
            }
        }
    }

    private static void scores(RunComparison.ClassifyOutcome c, ObjectNode root, AtomicFiles.FileSet files, List<String> names) {
        ClassifierComparison.Result r = c.result();
        csv(files, names, "classify-frames.csv", new String[] {"frame", "track_a", "track_b", "top_a", "top_b", "agree", "js_divergence"}, p -> {
            for (ClassifierComparison.Frame f : r.frames()) {
                p.printRecord(f.frame(), f.trackA(), f.trackB(), f.topA(), f.topB(), f.agree(), cell(f.js()));
            }
        });
        csv(files, names, "classify-segments.csv", new String[] {"track_a", "track_b", "start_frame", "end_frame", "frames", "top_a", "top_b"}, p -> {
            for (ClassifierComparison.Segment s : r.segments()) {
                p.printRecord(s.trackA(), s.trackB(), s.startFrame(), s.endFrame(), s.frames(), s.topA(), s.topB());
            }
        });
        ClassifierComparison.Confusion conf = r.confusion();
        String[] header = new String[conf.labelsB().size() + 1];
        header[0] = "a\\b";
        for (int i = 0; i < conf.labelsB().size(); i++) {
            header[i + 1] = conf.labelsB().get(i);
        }
        csv(files, names, "classify-confusion.csv", header, p -> {
            for (int i = 0; i < conf.labelsA().size(); i++) {
                List<Object> row = new ArrayList<>();
                row.add(conf.labelsA().get(i));
                for (long v : conf.counts()[i]) {
                    row.add(v);
                }
                p.printRecord(row);
            }
        });
        ClassifierComparison.LabelMatch lm = r.labels();
        csv(files, names, "classify-labels.csv", new String[] {"label_a", "label_b"}, p -> {
            for (int i = 0; i < lm.labelsA().size(); i++) {
                p.printRecord(lm.labelsA().get(i), lm.bOfA()[i] >= 0 ? lm.labelsB().get(lm.bOfA()[i]) : "");
            }
            for (String b : lm.unmatchedB()) {
                p.printRecord("", b);
            }
        });
        ObjectNode d = root.putObject("definitions");
        d.put("labels", "matched by name, trimmed, without case");
        d.put("jsDivergence", "Jensen-Shannon divergence in bits of the score vectors over the matched labels, renormalised to sum 1");
        d.put("kappa", "Cohen's kappa of the top labels over the matched labels and both runs' unmatched ones");
        if (!c.pairing().isEmpty()) {
            d.put("dancers", c.pairing());
        }
        ArrayNode ua = root.putArray("unmatchedLabelsA");
        lm.unmatchedA().forEach(ua::add);
        ArrayNode ub = root.putArray("unmatchedLabelsB");
        lm.unmatchedB().forEach(ub::add);
        ClassifierComparison.Summary s = r.summary();
        ObjectNode n = root.putObject("summary");
        n.put("framesCompared", s.frames());
        n.put("framesOnlyA", s.framesOnlyA());
        n.put("framesOnlyB", s.framesOnlyB());
        n.put("agreeing", s.agreeing());
        num(n, "agreement", s.agreement());
        num(n, "kappa", s.kappa());
        num(n, "meanJsDivergence", s.meanJs());
        n.put("framesWithoutJs", s.jsUndefined());
        n.put("disagreementSegments", s.segments());
        ArrayNode tracks = root.putArray("dancerPairs");
        r.tracks().pairs().forEach((a, b) -> tracks.addObject().put("trackA", a).put("trackB", b));
        ArrayNode upa = root.putArray("unpairedTracksA");
        r.tracks().unpairedA().forEach(upa::add);
        ArrayNode upb = root.putArray("unpairedTracksB");
        r.tracks().unpairedB().forEach(upb::add);
    }

    private static void maps(MapComparison.Result r, ObjectNode root, AtomicFiles.FileSet files, List<String> names) {
        csv(files, names, "explain-frames.csv", new String[] {"frame", "class_a", "class_b", "grid_height", "grid_width", "iou_top20", "spearman"}, p -> {
            for (MapComparison.Frame f : r.frames()) {
                p.printRecord(f.frame(), f.classA(), f.classB(), f.gridHeight(), f.gridWidth(), cell(f.iou()), cell(f.spearman()));
            }
        });
        ObjectNode d = root.putObject("definitions");
        d.put("iou", "IoU of the cells at least as strong as each map's ceil(20%)-th strongest, on a common grid over the part of the frame both cover");
        d.put("spearman", "Spearman rank correlation of the maps on the common grid, average ranks for ties");
        MapComparison.Summary s = r.summary();
        ObjectNode n = root.putObject("summary");
        n.put("framesCompared", s.frames());
        n.put("framesOnlyA", s.framesOnlyA());
        n.put("framesOnlyB", s.framesOnlyB());
        num(n, "meanIouTop20", s.meanIou());
        num(n, "meanSpearman", s.meanSpearman());
        n.put("framesWithoutSpearman", s.spearmanUndefined());
        n.put("framesResampled", s.resampled());
        n.put("framesWithoutCommonRegion", s.disjoint());
    }
}
