package org.dancelens.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dancelens.analysis.MovementAnalysis;
import org.dancelens.analysis.store.Run;
import org.dancelens.core.AtomicFiles;
import org.dancelens.core.DanceLensException;
import org.dancelens.movement.KinematicsResult;
import org.dancelens.movement.music.MusicAnalysis;

/**
 * Writes movement and music results in open formats: per dancer {@code kinematics-<track>.csv} (frame, time_s, one
 * column per series, empty cells for gaps) and {@code kinematics-summary.json}; {@code beats.csv}, {@code onset.csv},
 * {@code tempo.csv}, {@code music.json} and, with dancers, {@code alignment.json}. Each set is written atomically,
 * its JSON last.
 */
public final class MovementExport {
    public static final String KINEMATICS_SUMMARY = "kinematics-summary.json";
    public static final String MUSIC = "music.json";
    public static final String ALIGNMENT = "alignment.json";
    public static final String SYNCHRONY = "synchrony.csv";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private MovementExport() {
    }

    /** The file name of a dancer's series. */
    public static String kinematicsFile(int trackId) {
        return "kinematics-" + trackId + ".csv";
    }

    /** The kinematics files by name, {@value #KINEMATICS_SUMMARY} last. */
    public static Map<String, byte[]> kinematicsFiles(MovementAnalysis.KinematicsRun k) {
        return kinematicsFiles(k, List.of(), null);
    }

    /**
     * The kinematics files by name, with the dancers' synchrony ({@value #SYNCHRONY}: one row per pair and window)
     * when there are pairs; {@value #KINEMATICS_SUMMARY} last.
     */
    public static Map<String, byte[]> kinematicsFiles(MovementAnalysis.KinematicsRun k, List<MovementAnalysis.SynchronyPair> synchrony,
                                                      org.dancelens.movement.Synchrony.Options synchronyOptions) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        {
            for (KinematicsResult d : k.dancers()) {
                List<String> header = new ArrayList<>(List.of("frame", "time_s"));
                header.addAll(d.names());
                int[] frames = d.frames();
                double[] times = d.times();
                double[][] cols = d.names().stream().map(d::values).toArray(double[][]::new);
                String name = kinematicsFile(d.trackId());
                files.put(name, csv(name, header, p -> {
                    for (int i = 0; i < frames.length; i++) {
                        List<String> row = new ArrayList<>(cols.length + 2);
                        row.add(Integer.toString(frames[i]));
                        row.add(time(times[i]));
                        for (double[] c : cols) {
                            row.add(cell(c[i]));
                        }
                        p.printRecord(row);
                    }
                }));
            }
            ObjectNode root = JSON.createObjectNode();
            root.put("format", "dancelens-kinematics-1");
            root.set("provenance", provenance(k.poseRun()));
            ObjectNode s = root.putObject("settings");
            s.put("minScore", k.minScore());
            s.put("space", k.options().space().name().toLowerCase(Locale.ROOT));
            s.put("metresPerPixel", k.options().calibration() == null ? null : k.options().calibration().metresPerPixel());
            s.put("smoothingSeconds", k.options().smoothingSeconds());
            s.put("savitzkyGolayOrder", k.options().order());
            s.put("segmentTable", k.options().table().name());
            s.put("stillTorsoPerSecond", k.options().stillTorsoPerSecond());
            s.put("stillMinSeconds", k.options().stillMinSeconds());
            s.put("smoothnessMinSeconds", k.options().smoothnessMinSeconds());
            s.set("tempo", JSON.valueToTree(k.options().tempo()));
            s.set("sparc", JSON.valueToTree(k.options().sparc()));
            ArrayNode dancers = root.putArray("dancers");
            for (KinematicsResult d : k.dancers()) {
                ObjectNode n = dancers.addObject();
                n.put("track", d.trackId());
                n.put("file", kinematicsFile(d.trackId()));
                n.put("lengthUnit", d.lengthUnit());
                n.put("firstFrame", d.frames()[0]);
                n.put("lastFrame", d.frames()[d.size() - 1]);
                ObjectNode units = n.putObject("units");
                d.names().forEach(x -> units.put(x, d.unit(x)));
                ObjectNode sum = n.putObject("summary");
                d.summary().forEach((key, v) -> number(sum, key, v));
                ArrayNode still = n.putArray("stillness");
                d.stillness().forEach(seg -> still.add(JSON.valueToTree(seg)));
            }
            ArrayNode skipped = root.putArray("skippedTracks");
            k.skipped().forEach(skipped::add);
            if (!synchrony.isEmpty()) {
                files.put(SYNCHRONY, csv(SYNCHRONY, List.of("dancer_a", "dancer_b", "series", "start_s", "end_s", "lag_s", "peak_r", "zero_lag_r"), p -> {
                    for (MovementAnalysis.SynchronyPair pair : synchrony) {
                        for (org.dancelens.movement.Synchrony.Window w : pair.windows()) {
                            p.printRecord(pair.a(), pair.b(), pair.series(), time(w.start()), time(w.end()), cell(w.lagSeconds()), cell(w.peak()),
                                    cell(w.zeroLag()));
                        }
                    }
                }));
                ObjectNode sy = root.putObject("synchrony");
                sy.put("file", SYNCHRONY);
                sy.put("definition", "windowed cross-correlation (Boker et al. 2002): Pearson r of the two dancers' series in each window,"
                        + " at lags up to maxLagSeconds; lag_s > 0 means dancer_b follows dancer_a");
                sy.put("series", synchrony.get(0).series());
                sy.put("windowSeconds", synchronyOptions.windowSeconds());
                sy.put("hopSeconds", synchronyOptions.hopSeconds());
                sy.put("maxLagSeconds", synchronyOptions.maxLagSeconds());
                ArrayNode pairs = sy.putArray("pairs");
                for (MovementAnalysis.SynchronyPair pair : synchrony) {
                    ObjectNode n = pairs.addObject();
                    n.put("a", pair.a());
                    n.put("b", pair.b());
                    n.put("windows", pair.windows().size());
                    number(n, "meanZeroLagR", mean(pair.windows().stream().mapToDouble(org.dancelens.movement.Synchrony.Window::zeroLag).toArray()));
                    number(n, "meanPeakR", mean(pair.windows().stream().mapToDouble(org.dancelens.movement.Synchrony.Window::peak).toArray()));
                    number(n, "medianLagSeconds", median(pair.windows().stream().mapToDouble(org.dancelens.movement.Synchrony.Window::lagSeconds).toArray()));
                    if (!pair.reason().isEmpty()) {
                        n.put("notMeasured", pair.reason());
                    }
                }
            }
            root.put("written", Instant.now().toString());
            files.put(KINEMATICS_SUMMARY, bytes(root));
        }
        return files;
    }

    /**
     * Writes files into {@code dir} as one set, the last one last (the set's completion file: a folder with it holds
     * the whole set); returns their names.
     */
    public static List<String> write(Map<String, byte[]> files, Path dir) {
        List<String> names = new ArrayList<>(files.keySet());
        try (AtomicFiles.FileSet set = AtomicFiles.fileSet(dir)) {
            for (int i = 0; i < names.size() - 1; i++) {
                set.add(names.get(i), files.get(names.get(i)));
            }
            set.complete(names.get(names.size() - 1), files.get(names.get(names.size() - 1)));
        }
        return names;
    }

    /** The music files by name, {@value #MUSIC} last. */
    public static Map<String, byte[]> musicFiles(MovementAnalysis.MusicRun m, Path video) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        MusicAnalysis.Result r = m.music();
        {
            files.put("beats.csv", csv("beats.csv", List.of("beat", "time_s"), p -> {
                for (int i = 0; i < r.beatTimes().length; i++) {
                    p.printRecord(i, time(r.beatTimes()[i]));
                }
            }));
            double[] ot = r.onset().times();
            double[] os = r.onset().strength();
            files.put("onset.csv", csv("onset.csv", List.of("time_s", "strength"), p -> {
                for (int i = 0; i < os.length; i++) {
                    p.printRecord(time(ot[i]), cell(os[i]));
                }
            }));
            files.put("tempo.csv", csv("tempo.csv", List.of("time_s", "bpm"), p -> {
                for (int i = 0; i < r.tempoOverTime().times().length; i++) {
                    p.printRecord(time(r.tempoOverTime().times()[i]), cell(r.tempoOverTime().bpm()[i]));
                }
            }));
            if (m.movement() != null) {
                ObjectNode a = JSON.createObjectNode();
                a.put("format", "dancelens-alignment-1");
                a.put("definition", "beat alignment score: mean over the music beats at which the dancer was observed of"
                        + " exp(-d^2 / (2 sigma^2)), d the distance to the nearest kinematic beat (local minimum of the movement energy);"
                        + " L. Siyao et al., Bailando, CVPR 2022; R. Li et al., AI Choreographer (AIST++), ICCV 2021");
                a.put("movementSeries", "energy");
                a.put("sigmaSeconds", org.dancelens.movement.music.BeatAlignment.DEFAULT_SIGMA_SECONDS);
                a.put("direction", "music_beats");
                a.put("windowSeconds", MovementAnalysis.ALIGNMENT_WINDOW_SECONDS);
                a.put("stepSeconds", MovementAnalysis.ALIGNMENT_STEP_SECONDS);
                a.set("poseRun", provenance(m.movement().poseRun()));
                ArrayNode ds = a.putArray("dancers");
                for (Map.Entry<Integer, MusicAnalysis.Alignment> e : m.alignments().entrySet()) {
                    MusicAnalysis.Alignment al = e.getValue();
                    ObjectNode n = ds.addObject();
                    n.put("track", e.getKey());
                    number(n, "score", al.score());
                    n.put("musicBeatsObserved", al.musicBeats().length);
                    ArrayNode kb = n.putArray("kinematicBeats");
                    for (double t : al.kinematicBeats()) {
                        kb.add(round(t));
                    }
                    ArrayNode ov = n.putArray("overTime");
                    for (int i = 0; i < al.overTime().times().length; i++) {
                        ObjectNode w = ov.addObject();
                        w.put("time_s", round(al.overTime().times()[i]));
                        number(w, "score", al.overTime().scores()[i]);
                    }
                }
                files.put(ALIGNMENT, bytes(a));
            }
            ObjectNode root = JSON.createObjectNode();
            root.put("format", "dancelens-music-1");
            number(root, "tempoBpm", r.tempoBpm());
            root.put("beatCount", r.beatTimes().length);
            root.put("sampleRate", r.sampleRate());
            root.put("audioStartSeconds", round(r.startSeconds()));
            root.put("audioDurationSeconds", round(r.durationSeconds()));
            root.put("onsetFrameRate", r.onset().frameRate());
            root.set("settings", JSON.valueToTree(m.settings()));
            ObjectNode prov = root.putObject("provenance");
            prov.put("video", video.toAbsolutePath().toString());
            prov.put("poseRun", m.movement() == null ? null : m.movement().poseRun().id());
            prov.putObject("software").put("name", "DanceLens").put("version", DataExport.softwareVersion());
            root.put("written", Instant.now().toString());
            ArrayNode f = root.putArray("files");
            files.keySet().forEach(f::add);
            files.put(MUSIC, bytes(root));
        }
        return files;
    }

    /** What made the kinematics: the pose run, its model and settings, and this software. */
    static ObjectNode provenance(Run run) {
        ObjectNode p = JSON.createObjectNode();
        p.put("poseRun", run.id());
        p.put("model", run.modelId());
        p.put("onnxSha256", run.spec().onnxSha256());
        p.set("settings", DataExport.settings(JSON, run.spec().settings()));
        p.put("revision", run.revision());
        p.put("status", run.status().key());
        p.put("video", run.videoPath());
        p.put("fromFrame", run.spec().fromFrame());
        p.put("toFrame", run.spec().toFrame());
        p.putObject("software").put("name", "DanceLens").put("version", DataExport.softwareVersion());
        return p;
    }

    private interface Rows {
        void write(CSVPrinter p) throws IOException;
    }

    private static byte[] csv(String name, List<String> header, Rows rows) {
        return ScoreExport.format(name, w -> {
            try (CSVPrinter p = CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).setRecordSeparator('\n').build().print(w)) {
                rows.write(p);
            }
        });
    }

    /** The mean of the finite values; NaN without any. */
    private static double mean(double[] v) {
        return java.util.Arrays.stream(v).filter(Double::isFinite).average().orElse(Double.NaN);
    }

    /** The median of the finite values; NaN without any. */
    private static double median(double[] v) {
        double[] f = java.util.Arrays.stream(v).filter(Double::isFinite).sorted().toArray();
        return f.length == 0 ? Double.NaN : f.length % 2 == 1 ? f[f.length / 2] : (f[f.length / 2 - 1] + f[f.length / 2]) / 2;
    }

    /** A measure: six significant digits; empty for a gap (never 0). */
    static String cell(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
    }

    private static String time(double t) {
        return String.format(Locale.ROOT, "%.6f", t);
    }

    private static double round(double t) {
        return Math.round(t * 1e6) / 1e6;
    }

    private static void number(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }

    private static byte[] bytes(ObjectNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw DanceLensException.internal("Could not format the movement results.", e);
        }
    }
}
