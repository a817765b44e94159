package org.dancelens.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dancelens.analysis.DancerAlignment;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.compare.PoseAlignment;
import org.dancelens.core.DanceLensException;
import org.dancelens.export.CompareExport;
import org.dancelens.export.CompareReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "videos", mixinStandardHelpOptions = true,
        description = {"A dancer against a reference: one dancer of video A (the reference) and one of video B (or two dancers of",
            "one video, giving it twice), from the newest finished pose runs of MODEL, each from its sync point. With",
            "--align dtw the sequences are aligned by dynamic time warping on hip-centred, torso-scaled joint positions;",
            "without it, frame by frame at the same time after the sync points. Writes DIR/dancer-steps.csv,",
            "DIR/report.html and DIR/summary.json (last)."})
final class CompareVideosCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "A")
    Path videoA;

    @Parameters(index = "1", paramLabel = "B")
    Path videoB;

    @Option(names = "--pose", paramLabel = "MODEL", required = true, description = "the pose model whose newest finished runs are used")
    String model;

    @Option(names = "--sync", paramLabel = "A_S:B_S", description = "the sync point of each video in seconds (default 0:0)")
    String sync;

    @Option(names = "--dancers", paramLabel = "I:J", description = "the dancers (track ids) of A and B (default: each run's dancer seen longest)")
    String dancers;

    @Option(names = "--align", paramLabel = "METHOD", description = "dtw: align by dynamic time warping (default: frame by frame after the sync)")
    String align;

    @Option(names = "--window", paramLabel = "FRACTION", description = "with --align dtw, a Sakoe-Chiba band as a fraction of the longer sequence"
            + " (e.g. 0.1; default none)")
    Double window;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "compare this many seconds after each sync point (default: to the end of"
            + " each run)")
    Double duration;

    @Option(names = "--mirror", description = "mirror B's dancer (left and right swapped), for a dancer facing the other way")
    boolean mirror;

    @Option(names = "--smoothed", description = "use the smoothed keypoints the player draws (default: the raw ones the model gave)")
    boolean smoothed;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "the folder the files go to (created if its parent exists)")
    Path out;

    @picocli.CommandLine.Mixin
    StoreOption stores;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ExportCommand.checkVideo(videoA);
        ExportCommand.checkVideo(videoB);
        double[] syncs = pair(sync, "--sync", "seconds, e.g. --sync 1.5:0.2", 0);
        double[] tracks = pair(dancers, "--dancers", "track ids, e.g. --dancers 1:3", -1);
        PoseAlignment.Method method;
        if (align == null) {
            method = PoseAlignment.Method.FRAMES;
        } else if (align.equalsIgnoreCase("dtw")) {
            method = PoseAlignment.Method.DTW;
        } else {
            throw DanceLensException.badInput("--align " + align + " is not known: give --align dtw, or leave it out to compare frame by frame.");
        }
        if (window != null && method != PoseAlignment.Method.DTW) {
            throw DanceLensException.badInput("--window is the band of time warping: give it with --align dtw.");
        }
        if (window != null && !(window > 0 && window <= 1)) {
            throw DanceLensException.badInput("--window " + window + " must be a fraction above 0 and at most 1, e.g. 0.1.");
        }
        if (duration != null && !(duration > 0)) {
            throw DanceLensException.badInput("--duration " + duration + " must be a number of seconds above 0.");
        }
        ExportDataCommand.checkOut(out);
        long t0 = System.nanoTime();
        DancerAlignment.Loaded la;
        DancerAlignment.Loaded lb;
        try (ResultsStore sa = ExportCommand.openStore(stores.storeFor(videoA), videoA)) {
            la = DancerAlignment.load(sa, run(sa, videoA), smoothed);
        }
        try (ResultsStore sb = ExportCommand.openStore(stores.storeFor(videoB), videoB)) {
            lb = DancerAlignment.load(sb, run(sb, videoB), smoothed);
        }
        int ta = tracks[0] >= 0 ? (int) tracks[0] : la.longestTrack();
        int tb = tracks[1] >= 0 ? (int) tracks[1] : lb.longestTrack();
        if (dancers == null && la.run().id() == lb.run().id() && ta == tb) {
            throw DanceLensException.badInput("A and B are the same video: name the two dancers to compare with --dancers I:J (its dancers: "
                    + DancerAlignment.tracks(la).stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")) + ").");
        }
        PoseAlignment.Settings settings = PoseAlignment.Settings.defaults(method, window == null || window >= 1 ? Double.NaN : window).mirrored(mirror);
        DancerAlignment.Outcome o;
        List<String> files;
        try (CliProgress progress = new CliProgress("Aligning")) {
            o = DancerAlignment.align(la, ta, syncs[0], lb, tb, syncs[1], duration == null ? Double.NaN : duration, smoothed, settings, progress);
            files = CompareExport.write(o, out);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        PoseAlignment.Summary s = o.result().summary();
        PrintWriter w = spec.commandLine().getOut();
        for (DancerAlignment.Side side : List.of(o.a(), o.b())) {
            w.printf(Locale.ROOT, "%s: %s dancer %d of pose run %d (%s), frames %d-%d from %.3f s, %d of %d frames used%n", side == o.a() ? "A" : "B",
                    Path.of(side.run().videoPath()).getFileName(), side.track(), side.run().id(), side.run().modelId(), side.fromFrame(), side.toFrame(),
                    side.syncS(), side == o.a() ? s.usedA() : s.usedB(), side == o.a() ? s.framesA() : s.framesB());
        }
        w.printf(Locale.ROOT, "  %s: %d steps, normalised cost %s torso lengths, lag of B %s s on average (%s to %s; + behind)%n",
                method == PoseAlignment.Method.DTW ? "time warping" + (settings.window() > 0 ? " in a " + settings.window() + " window" : "")
                        : "frame by frame", s.steps(), f3(s.normalisedCost()), f3(s.meanLagS()), f3(s.minLagS()), f3(s.maxLagS()));
        if (!o.result().moments().isEmpty()) {
            PoseAlignment.Moment m = o.result().moments().get(0);
            w.printf(Locale.ROOT, "  largest difference at frame %d of A / %d of B: %s torso lengths, most at the %s%n", m.step().aFrame(),
                    m.step().bFrame(), f3(m.step().cost()), m.worstJoint().replace('_', ' '));
        }
        w.printf(Locale.ROOT, "  %d files written into %s (%s; listed in %s) in %.2f s%n", files.size(), out, CompareReport.REPORT, CompareExport.SUMMARY,
                seconds);
        return 0;
    }

    private Run run(ResultsStore store, Path video) {
        return DancerAlignment.newestPoseRun(store, video.toAbsolutePath().toString(), model).orElseThrow(() -> DanceLensException.badInput(
                "No finished " + model + " pose run of " + video.getFileName() + " is stored: analyse it first with 'dancelens analyze " + video
                        + " --pose " + model + "'" + (stores.store != null ? " --store " + stores.store : "") + "."));
    }

    static double[] pair(String value, String option, String example, double absent) {
        if (value == null) {
            return new double[] {absent, absent};
        }
        String[] p = value.split(":", -1);
        try {
            if (p.length == 2) {
                double a = Double.parseDouble(p[0].strip());
                double b = Double.parseDouble(p[1].strip());
                boolean ids = absent < 0;
                if (Double.isFinite(a) && Double.isFinite(b) && a >= 0 && b >= 0 && (!ids || (a == Math.rint(a) && b == Math.rint(b)))) {
                    return new double[] {a, b};
                }
            }
        } catch (NumberFormatException e) {
            // the sentence below
        }
        throw DanceLensException.badInput(option + " " + value + " is not two " + example + ".");
    }

    private static String f3(double v) {
        return Double.isNaN(v) ? "undefined" : String.format(Locale.ROOT, "%.3f", v + 0.0);
    }
}
