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
import org.dancelens.analysis.DancerAlignment;
import org.dancelens.analysis.RunComparison;
import org.dancelens.analysis.store.Run;
import org.dancelens.compare.ClassifierComparison;
import org.dancelens.compare.MapComparison;
import org.dancelens.compare.PoseAlignment;
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
 *       Spearman);</li>
 *   <li>a dancer against a reference ({@link DancerAlignment}): {@code dancer-steps.csv} (per aligned step: A's and B's
 *       frame, lag in frames and seconds, cost, joints shared, per-joint deviation in torso lengths).</li>
 * </ul>
 * Every comparison also writes {@value CompareReport#REPORT}, a self-contained HTML report with the timelines as pictures.
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
            report(files, names, CompareReport.runs(o));
            finish(json, root, files, names);
        }
        removeEarlier(dir, earlier, names);
        return names;
    }

    /**
     * Writes a dancer against a reference into {@code dir} (created if missing): {@code dancer-steps.csv}, {@value
     * CompareReport#REPORT} and {@value #SUMMARY} last; returns the file names. As {@link #write(RunComparison.Outcome,
     * Path)}, files of an earlier comparison in the folder that this one does not write are deleted.
     */
    public static List<String> write(DancerAlignment.Outcome o, Path dir) {
        List<String> names = new ArrayList<>();
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        List<String> earlier = earlierFiles(json, dir);
        PoseAlignment.Result r = o.result();
        ObjectNode root = json.createObjectNode();
        root.put("format", FORMAT);
        root.put("kind", "dancers");
        ObjectNode sides = root.putObject("dancers");
        side(sides.putObject("a"), o.a());
        side(sides.putObject("b"), o.b());
        try (AtomicFiles.FileSet files = AtomicFiles.fileSet(dir)) {
            List<String> joints = r.joints();
            String[] header = new String[6 + joints.size()];
            String[] fixed = {"a_frame", "b_frame", "lag_frames", "lag_s", "cost", "shared_joints"};
            System.arraycopy(fixed, 0, header, 0, fixed.length);
            for (int j = 0; j < joints.size(); j++) {
                header[6 + j] = joints.get(j);
            }
            csv(files, names, DANCER_STEPS, header, p -> {
                for (PoseAlignment.Step st : r.steps()) {
                    List<Object> row = new ArrayList<>(header.length);
                    row.add(st.aFrame());
                    row.add(st.bFrame());
                    row.add(st.lagFrames());
                    row.add(cell(st.lagS()));
                    row.add(cell(st.cost()));
                    row.add(st.shared());
                    for (double d : st.deviation()) {
                        row.add(cell(d));
                    }
                    p.printRecord(row);
                }
            });
            ObjectNode d = root.putObject("definitions");
            d.put("pose", "joint positions relative to the hip midpoint, divided by the torso length (shoulder midpoint to hip midpoint), in image axes;"
                    + " joints below minConfidence are missing; frames without both shoulders and hips are left out");
            d.put("cost", "mean distance in torso lengths over the joints both frames have; 'penalty' when they share fewer than minSharedJoints");
            d.put("lag", "(tB - syncB) - (tA - syncA) in seconds, and (frameB - firstB) - (frameA - firstA) in frames: positive when B is behind A");
            d.put("method", r.settings().method() == PoseAlignment.Method.DTW
                    ? "dynamic time warping, symmetric step pattern (diagonal weight 2), normalised cost = total / (n + m)"
                    : "frame by frame: each frame of A with the frame of B nearest the same time after the sync points");
            d.put("keypoints", o.smoothed() ? "smoothed" : "raw");
            if (Double.isNaN(r.settings().window())) {
                d.putNull("window");
            } else {
                d.put("window", r.settings().window());
            }
            d.put("mirrorB", r.settings().mirrorB());
            d.put("minConfidence", r.settings().minConfidence());
            d.put("minSharedJoints", r.settings().minSharedJoints());
            d.put("penalty", r.settings().penalty());
            ArrayNode jn = root.putArray("joints");
            joints.forEach(jn::add);
            PoseAlignment.Summary s = r.summary();
            ObjectNode n = root.putObject("summary");
            n.put("method", s.method().key());
            n.put("framesA", s.framesA());
            n.put("framesB", s.framesB());
            n.put("usedA", s.usedA());
            n.put("usedB", s.usedB());
            n.put("steps", s.steps());
            n.put("notComparableSteps", s.notComparable());
            num(n, "totalCost", s.totalCost());
            num(n, "normalisedCost", s.normalisedCost());
            num(n, "meanStepCost", s.meanStepCost());
            num(n, "meanLagS", s.meanLagS());
            num(n, "minLagS", s.minLagS());
            num(n, "maxLagS", s.maxLagS());
            num(n, "meanAbsLagS", s.meanAbsLagS());
            ObjectNode mj = n.putObject("meanJointDeviation");
            for (int j = 0; j < joints.size(); j++) {
                num(mj, joints.get(j), s.meanJointDeviation()[j]);
            }
            ArrayNode ms = root.putArray("moments");
            for (PoseAlignment.Moment m : r.moments()) {
                ObjectNode x = ms.addObject();
                x.put("rank", m.rank());
                x.put("aFrame", m.step().aFrame());
                x.put("bFrame", m.step().bFrame());
                num(x, "aTimeS", m.step().aTime());
                num(x, "bTimeS", m.step().bTime());
                num(x, "lagS", m.step().lagS());
                num(x, "cost", m.step().cost());
                x.put("worstJoint", m.worstJoint());
                num(x, "worstDeviation", m.worstDeviation());
            }
            report(files, names, CompareReport.dancers(o));
            finish(json, root, files, names);
        }
        removeEarlier(dir, earlier, names);
        return names;
    }

    public static final String DANCER_STEPS = "dancer-steps.csv";

    private static void side(ObjectNode n, DancerAlignment.Side s) {
        n.put("video", s.run().videoPath());
        n.put("track", s.track());
        n.put("syncS", s.syncS());
        n.put("fromFrame", s.fromFrame());
        n.put("toFrame", s.toFrame());
        n.put("framesSeen", s.seen());
        run(n.putObject("run"), s.run());
    }

    private static void report(AtomicFiles.FileSet files, List<String> names, String html) {
        files.add(CompareReport.REPORT, html.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        names.add(CompareReport.REPORT);
    }

    private static void finish(ObjectMapper json, ObjectNode root, AtomicFiles.FileSet files, List<String> names) {
        root.putObject("software").put("name", "DanceLens").put("version", DataExport.softwareVersion());
        root.put("written", Instant.now().toString());
        names.add(SUMMARY);
        ArrayNode fl = root.putArray("files");
        names.forEach(fl::add);
        files.complete(SUMMARY, out -> json.writeValue(out, root));
    }

    private static void removeEarlier(Path dir, List<String> earlier, List<String> names) {
        for (String old : earlier) {
            if (!names.contains(old)) {
                AtomicFiles.delete(dir.resolve(old));
            }
        }
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
                    if (n.matches("(pose|classify|explain|dancer)-[a-z]+\\.csv")) {
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
        n.put("devices", r.devices());
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
