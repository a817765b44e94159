package org.dancelens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.IntToDoubleFunction;
import org.dancelens.analysis.ClassifyAnalysis;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.classify.Aggregation;
import org.dancelens.classify.PoseJsonReader;
import org.dancelens.classify.SequenceClassifier;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.ScoreSeries;
import org.dancelens.core.TaskContext;
import org.dancelens.export.ScoreExport;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.video.FrameIndex;
import org.dancelens.video.VideoSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "classify", mixinStandardHelpOptions = true,
        description = {"Dance-style classification (or scoring) of a video, or of the poses in a",
            "poses.json written by 'analyze'. A video's scores go to its results store, the one",
            "the workbench reads (--store PATH for another file), where a later run reuses them.",
            "--out DIR writes DIR/scores.csv (frame,time_s,track,label,score), DIR/segments.csv",
            "(track,start_frame,end_frame,label,mean_score) and DIR/summary.json (top-k per",
            "dancer, model provenance)."})
final class ClassifyCommand implements Callable<Integer> {
    @Parameters(paramLabel = "INPUT", arity = "1..*",
            description = "a video, or a poses.json (skeleton models only); or many videos: files, folders, quoted glob patterns")
    List<String> inputs;


    @picocli.CommandLine.Mixin
    BatchOptions many;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "model id, or the path of a model card (.yaml)")
    String model;

    @Option(names = "--pose", paramLabel = "MODEL_ID", description = "pose model for skeleton and person-crop models (e.g. blazepose-full)")
    String pose;

    @Option(names = "--range", paramLabel = "FROM:TO", description = "frames FROM (inclusive) to TO (exclusive); either may be empty")
    String range;

    @Option(names = "--smooth", defaultValue = "0.5", paramLabel = "SECONDS",
            description = "moving-average window over per-frame scores before segmenting (default ${DEFAULT-VALUE} s; 0 = none)")
    double smoothSeconds;

    @Option(names = "--min-segment", defaultValue = "1.0", paramLabel = "SECONDS",
            description = "shortest time a label must hold to make a segment (default ${DEFAULT-VALUE} s)")
    double minSegmentSeconds;

    @Option(names = "--batch", paramLabel = "N",
            description = "consecutive frames per model run for frame classifiers and scorers whose batch dimension is open"
                    + " (default " + org.dancelens.classify.VideoClassifier.DEFAULT_BATCH + "; 1 to "
                    + org.dancelens.classify.VideoClassifier.MAX_BATCH + "); other models run one at a time, with a note saying why")
    Integer batch;

    @Option(names = "--top-k", defaultValue = "3", description = "labels listed per dancer in summary.json (default ${DEFAULT-VALUE})")
    int topK;

    @picocli.CommandLine.Mixin
    ModelsOption models;

    @picocli.CommandLine.Mixin
    DeviceOption devices;

    /** The device resolved from --device when the command starts. */
    OrtRuntime.Device device;

    @Option(names = "--out", paramLabel = "DIR", description = "write DIR/scores.csv, DIR/segments.csv and DIR/summary.json (needed for a poses.json)")
    Path out;

    @picocli.CommandLine.Mixin
    StoreOption stores;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (topK < 1) {
            throw DanceLensException.badInput("--top-k must be at least 1 (labels listed per dancer), not " + topK + ".");
        }
        int perRun = batch == null ? org.dancelens.classify.VideoClassifier.DEFAULT_BATCH : batch;
        String badBatch = org.dancelens.classify.VideoClassifier.badBatch(perRun);
        if (badBatch != null) {
            throw DanceLensException.badInput("--batch: " + badBatch);
        }
        OutPaths.checkFolder(out, "--out");
        device = devices.resolve(spec.commandLine().getOut());
        ModelRegistry.Entry entry = models.resolve(model).pinned(); // its file's hash, which every load of it checks
        ModelCard card = entry.card();
        if (VideoInputs.isBatch(inputs)) {
            if (out == null) {
                throw DanceLensException.badInput("Give --out DIR for a batch: each video's scores go to DIR/<video name>/.");
            }
            List<Path> videos = VideoInputs.expand(inputs, many.recursive);
            OutPaths.createFolder(out, "--out");
            Map<Path, String> folders = AnalyzeCommand.outFolders(videos);
            List<Batch.Row> rows = Batch.run(videos, many.jobs, "Classifying", many.summaryOr(out.resolve("summary.csv")),
                    spec.commandLine().getOut(), spec.commandLine().getErr(), (v, threads, ctx) -> {
                        long t0 = System.nanoTime();
                        if (v.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
                            throw DanceLensException.badInput("A batch takes videos; classify a poses.json on its own.");
                        }
                        Scored sc = score(v, out.resolve(folders.get(v)), entry, perRun, ctx);
                        int frames = sc.series().stream().mapToInt(ScoreSeries::size).max().orElse(0);
                        return new Batch.Row(v, frames, (int) sc.series().stream().filter(x -> x.track() >= 0).count(), (System.nanoTime() - t0) / 1e9,
                                "classified", sc.series().isEmpty() ? card.id() + " scored no frames" : "");
                    });
            return rows.stream().anyMatch(Batch.Row::failed) ? 2 : 0;
        }
        Path input = Path.of(inputs.get(0));
        Scored sc;
        try (CliProgress progress = new CliProgress("Classifying")) {
            sc = score(input, out, entry, perRun, progress);
        }
        List<ScoreSeries> series = sc.series();
        Map<Integer, List<Aggregation.Ranked>> top = sc.top();
        Map<String, Object> provenance = sc.provenance();
        String where = out != null ? out.toString() : String.valueOf(provenance.get("store"));
        var o = spec.commandLine().getOut();
        if (series.isEmpty()) {
            o.printf(Locale.ROOT, "%s: %s scored no frames; results in %s%n", input.getFileName(), card.id(), where);
        }
        for (ScoreSeries s : series) {
            Aggregation.Ranked best = top.get(s.track()).get(0);
            // a dancer of a stored pose run is named with its run, as in the workbench; one of a poses.json by its number
            Object poseModel = provenance.get("poseModel");
            String who = s.track() < 0 ? "" : " " + (poseModel == null ? "dancer " + s.track() : org.dancelens.core.DancerNames.dancer(poseModel.toString(), s.track()));
            o.printf(Locale.ROOT, "%s%s: %s %.3f over %d frames (%s)%n", input.getFileName(), who,
                    best.label(), best.score(), s.size(), card.id());
        }
        o.printf(Locale.ROOT, "results in %s%n", where);
        String misfit = org.dancelens.classify.ModelFit.warning(card);
        if (misfit != null) {
            spec.commandLine().getErr().println("warning: " + misfit);
        }
        return 0;
    }

    /** What classifying one input gave: the scores per dancer, each dancer's top labels, and the provenance written. */
    private record Scored(List<ScoreSeries> series, Map<Integer, List<Aggregation.Ranked>> top, Map<String, Object> provenance) {
    }

    /** Classifies one video (or poses.json) into its store, and writes the files into {@code out} when given. */
    private Scored score(Path input, Path out, ModelRegistry.Entry entry, int perRun, TaskContext ctx) throws Exception {
        ModelCard card = entry.card();
        if (!Files.isRegularFile(input)) {
            throw DanceLensException.badInput(input + " does not exist or is not a file.");
        }
        boolean posesJson = input.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        if (posesJson && out == null) {
            throw DanceLensException.badInput("Give --out DIR for the scores of a poses.json (it has no results store).");
        }
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("model", card.id());
        provenance.put("name", card.name());
        provenance.put("task", card.task().label());
        provenance.put("onnxSha256", entry.card().provenance().onnxSha256());
        provenance.put("device", device.toString());
        provenance.put("card", entry.cardFile().toAbsolutePath().toString());
        provenance.put("input", input.toAbsolutePath().toString());
        List<ScoreSeries> series;
        IntToDoubleFunction timeOf;
        double fps;
        if (posesJson) {
            if (card.sequence() == null) {
                throw DanceLensException.badInput("A poses.json can only feed skeleton models; " + card.id() + " is a " + card.task().label() + ".");
            }
            series = new ArrayList<>();
            Map<Integer, Double> times = new HashMap<>();
            try (SequenceClassifier sc = SequenceClassifier.open(entry, device)) {
                PoseJsonReader.Data data = PoseJsonReader.read(input, sc.recipe().world());
                if (data.tracks().isEmpty()) {
                    throw DanceLensException.badInput(input.getFileName() + " holds no " + (sc.recipe().world() ? "3-D (keypoints_3d) " : "")
                            + "poses for " + card.id() + ".");
                }
                fps = data.fps();
                for (var t : data.tracks()) {
                    for (int i = 0; i < t.size(); i++) {
                        times.put(t.frames()[i], t.times()[i]);
                    }
                    ScoreSeries s = sc.classify(t);
                    if (s.size() > 0) {
                        series.add(s);
                    }
                }
            }
            timeOf = f -> times.getOrDefault(f, Double.NaN);
            provenance.put("poses", input.toAbsolutePath().toString());
        } else {
            int[] r = AnalyzeCommand.parseRange(range, "--range");
            ModelRegistry.Entry poseEntry = models.findOrNull(pose);
            ClassifyAnalysis.Result result;
            Path storeFile = stores.storeFor(input);
            provenance.put("store", storeFile.toAbsolutePath().toString());
            try (ResultsStore store = ResultsStore.open(storeFile)) {
                result = ClassifyAnalysis.run(input, entry, poseEntry, store, r[0], r[1], device, perRun, ctx);
            }
            if (result.batchNote() != null && batch != null) {
                spec.commandLine().getErr().println("note: " + result.batchNote());
            }
            series = result.series();
            FrameIndex index;
            try (VideoSource src = VideoSource.open(input, TaskContext.NONE, 0, 1)) {
                index = src.index();
                fps = src.info().fps();
            }
            timeOf = index::timeOf;
            provenance.put("run", result.runId());
            if (result.batch() > 0) {
                provenance.put("batch", result.batch()); // pictures per model run (a reused run ran none)
            }
            provenance.put("undecodableFrames", result.undecodable());
            Gaps.report(spec.commandLine().getErr(), input.getFileName().toString(), result.undecodable(), result.damageNote());
            if (poseEntry != null) {
                provenance.put("poseModel", poseEntry.card().id());
            }
        }
        int smoothFrames = Math.max(1, (int) Math.round(smoothSeconds * fps) | 1);
        int minFrames = Math.max(1, (int) Math.round(minSegmentSeconds * fps));
        List<Aggregation.Segment> segments = new ArrayList<>();
        Map<Integer, List<Aggregation.Ranked>> top = new TreeMap<>();
        Map<Integer, Integer> counts = new TreeMap<>();
        boolean segmentable = series.stream().findFirst().map(s -> s.labels().size() > 1).orElse(false);
        for (ScoreSeries s : series) {
            if (segmentable) {
                segments.addAll(Aggregation.segments(Aggregation.smooth(s, smoothFrames), minFrames));
            }
            top.put(s.track(), Aggregation.topK(s, topK));
            counts.put(s.track(), s.size());
        }
        if (out != null) {
            OutPaths.createFolder(out, "--out");
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("smoothFrames", smoothFrames);
            settings.put("minSegmentFrames", minFrames);
            settings.put("topK", topK);
            ScoreExport.write(out, ScoreExport.scoresCsv(series, timeOf), ScoreExport.segmentsCsv(segments),
                    ScoreExport.summaryJson(provenance, card.labels() != null ? card.labels() : List.of(card.outputs().get(0).name()), top, counts,
                            settings));
        }
        return new Scored(series, top, provenance);
    }
}
