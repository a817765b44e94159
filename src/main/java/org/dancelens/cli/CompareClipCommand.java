package org.dancelens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.dancelens.analysis.DancerAlignment;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.core.DanceLensException;
import org.dancelens.export.ClipExporter;
import org.dancelens.export.CompareClip;
import org.dancelens.render.SceneBuilder;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "clip", mixinStandardHelpOptions = true,
        description = {"A comparison as one annotated clip (H.264 in MP4, written whole or not at all).",
            "One VIDEO and --a RUN --b RUN: two runs of it side by side (A left, B right)",
            "or overlaid (--layout over: B's skeletons dashed over A's), the comparison's",
            "lanes under the picture (OKS per matched dancer and missed dancers; JS",
            "divergence and agreement; IoU and Spearman) with a moving playhead.",
            "Two videos A B: on one clock from their sync points (--sync, as in 'compare",
            "videos'), side by side or superposed (--layout over, --opacity), either",
            "mirrored, each with its own pose run's skeletons (--pose MODEL: the newest",
            "finished run on each; or --a/--b RUN) and under them the pose difference of",
            "two dancers (--dancers); the clip's frames are A's, with A's audio."})
final class CompareClipCommand implements Callable<Integer> {
    @Parameters(arity = "1..2", paramLabel = "VIDEO", description = "one video (two runs of it) or two videos A B (in sync)")
    List<Path> videos;

    @Option(names = "--a", paramLabel = "RUN", description = "run A (the reference), by its number; with two videos, the pose run drawn on A")
    Long runA;

    @Option(names = "--b", paramLabel = "RUN", description = "run B, by its number; with two videos, the pose run drawn on B")
    Long runB;

    @Option(names = "--pose", paramLabel = "MODEL", description = "two videos: draw the newest finished pose run of MODEL on each")
    String model;

    @Option(names = "--sync", paramLabel = "A_S:B_S", description = "two videos: the sync point of each in seconds (default 0:0)")
    String sync;

    @Option(names = "--dancers", paramLabel = "I:J", description = "two videos: the dancers (track ids) of A and B whose pose difference is the lane"
            + " (default: each run's dancer seen longest)")
    String dancers;

    @Option(names = "--layout", paramLabel = "side|over", defaultValue = "side",
            description = "side by side (default), or over: B's skeletons over A's (two runs), B's video over A's (two videos)")
    String layout;

    @Option(names = "--opacity", paramLabel = "F", defaultValue = "0.5", description = "two videos overlaid: how opaque B is over A, 0 to 1 (default ${DEFAULT-VALUE})")
    double opacity;

    @Option(names = "--mirror", paramLabel = "a|b", split = ",", description = "draw side a, b (or a,b) mirrored, left and right swapped with its overlays")
    List<String> mirror;

    @Option(names = "--range", paramLabel = "FROM:TO",
            description = "frames of A, FROM (inclusive) to TO (exclusive) (default: the frames both runs cover; two videos: A's frames at whose times B has one)")
    String range;

    @Option(names = "--overlays", paramLabel = "LIST", defaultValue = "skeleton,boxes",
            description = "pose layers drawn, comma-separated: skeleton, boxes, ids, joints, or none (default ${DEFAULT-VALUE})")
    String overlays;

    @Option(names = "--scale", paramLabel = "F", defaultValue = "1", description = "each side's size as a factor of A's frame (default 1), rounded to even numbers")
    double scale;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    ExportClipCommand.Rate rate;

    @Option(names = "--out", required = true, paramLabel = "CLIP.mp4", description = "the clip to write")
    Path out;

    @picocli.CommandLine.Mixin
    StyleOptions look;

    @picocli.CommandLine.Mixin
    StoreOption stores;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        for (Path v : videos) {
            ExportCommand.checkVideo(v);
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--opacity") && (videos.size() == 1 || !"over".equalsIgnoreCase(layout.strip()))) {
            throw DanceLensException.badInput("--opacity is how opaque video B is over A: give it with two videos and --layout over.");
        }
        int[] r = AnalyzeCommand.parseRange(range, "--range");
        CompareClip.Look l = CompareClip.Look.defaults().layout(CompareClip.Layout.parse(layout)).range(r[0], r[1]).layers(layers(overlays))
                .scaled(scale).opacity(opacity).style(look.style());
        boolean ma = false;
        boolean mb = false;
        for (String m : mirror == null ? List.<String>of() : mirror) {
            switch (m.strip().toLowerCase(Locale.ROOT)) {
                case "a" -> ma = true;
                case "b" -> mb = true;
                default -> throw DanceLensException.badInput("--mirror takes a, b or a,b (the side drawn mirrored), not '" + m + "'.");
            }
        }
        l = l.mirrored(ma, mb);
        if (rate != null && rate.quality != null) {
            l = l.encoding(l.encoding().quality(rate.quality));
        } else if (rate != null && rate.bitrate != null) {
            l = l.encoding(l.encoding().bitrate(ExportClipCommand.parseBitrate(rate.bitrate)));
        }
        CompareClip.Result res;
        String what;
        if (videos.size() == 1) {
            Path video = videos.get(0);
            if (runA == null || runB == null) {
                throw DanceLensException.badInput("Give the two runs of " + video.getFileName() + " to compare: --a RUN --b RUN ('dancelens compare runs "
                        + video + " --list' shows them).");
            }
            for (String o : List.of("--sync", "--pose", "--mirror", "--dancers")) {
                if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                    throw DanceLensException.badInput(o + " is for two videos; two runs of one video show the same frame on both sides.");
                }
            }
            Path storeFile = stores.storeFor(video);
            try (ResultsStore store = ExportCommand.openStore(storeFile, video);
                 CliProgress progress = new CliProgress("Exporting")) {
                Run a = store.runs().find(runA).orElse(null);
                if (a != null && !a.videoPath().equals(video.toAbsolutePath().toString())) {
                    throw DanceLensException.badInput("Run " + runA + " is of " + Path.of(a.videoPath()).getFileName() + ", not of " + video.getFileName() + ".");
                }
                res = CompareClip.runs(store, runA, runB, out, l, progress);
            }
            what = res.lanes();
        } else {
            boolean drawn = !l.layers().isEmpty() && l.layers().stream().anyMatch(x -> x != org.dancelens.render.OverlayScene.Layer.HEAT_MAP
                    && x != org.dancelens.render.OverlayScene.Layer.JOINT_IMPORTANCE);
            if (drawn && model == null && (runA == null || runB == null)) {
                throw DanceLensException.badInput("Say whose skeletons to draw: --pose MODEL (the newest finished run of it on each video) or --a RUN --b RUN"
                        + " (or --overlays none for the videos alone).");
            }
            double[] s = CompareVideosCommand.pair(sync, "--sync", "seconds, e.g. --sync 1.5:0.2", 0);
            double[] tracks = CompareVideosCommand.pair(dancers, "--dancers", "track ids, e.g. --dancers 1:3", -1);
            if (dancers != null && !drawn) {
                throw DanceLensException.badInput("--dancers names the dancers whose poses the lane compares: give it with --pose MODEL or --a/--b RUN.");
            }
            Path va = videos.get(0);
            Path vb = videos.get(1);
            try (ResultsStore sa = drawn ? ExportCommand.openStore(stores.storeFor(va), va) : null;
                 ResultsStore sb = !drawn || stores.storeFor(vb).equals(stores.storeFor(va)) ? null : ExportCommand.openStore(stores.storeFor(vb), vb);
                 CliProgress progress = new CliProgress("Exporting")) {
                ResultsStore storeB = sb == null ? sa : sb;
                Long pa = !drawn ? null : runA != null ? runA : poseRun(sa, va);
                Long pb = !drawn ? null : runB != null ? runB : poseRun(storeB, vb);
                res = CompareClip.videos(new CompareClip.SyncSide(va, sa, pa, s[0], (int) tracks[0]), new CompareClip.SyncSide(vb, storeB, pb, s[1],
                        (int) tracks[1]), out, l, progress);
                what = res.lanes().isEmpty() ? String.format(Locale.ROOT, "%s, %s, synced at %s s and %s s", va.getFileName(), vb.getFileName(), s[0], s[1])
                        : res.lanes();
            }
        }
        if (res.undecodable() > 0) {
            spec.commandLine().getErr().printf(Locale.ROOT, "%d frame(s) of A could not be decoded and are left out of the clip%n", res.undecodable());
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "%s: %d frames (A's %d-%d), %dx%d%s, %s, %s%s in %.1f s%n", out, res.frames(), res.fromFrame(),
                res.toFrame() - 1, res.width(), res.height(), res.laneHeight() > 0 ? " (lanes " + res.laneHeight() + " px high)" : "", what,
                res.audio() ? "with A's audio" : "no audio", res.bMissing() > 0 ? ", B has no frame on " + res.bMissing() + " of them" : "",
                res.seconds());
        return 0;
    }

    private Long poseRun(ResultsStore store, Path video) {
        return DancerAlignment.newestPoseRun(store, video.toAbsolutePath().toString(), model).map(Run::id).orElseThrow(() -> DanceLensException.badInput(
                "No finished " + model + " pose run of " + video.getFileName() + " is stored: analyse it first with 'dancelens analyze " + video
                        + " --pose " + model + "'" + (stores.store != null ? " --store " + stores.store : "") + "."));
    }

    /** The pose layers a list names. */
    static Set<org.dancelens.render.OverlayScene.Layer> layers(String list) {
        Set<ClipExporter.Overlay> o = ClipExporter.Overlay.parse(list);
        EnumSet<ClipExporter.Overlay> allowed = EnumSet.of(ClipExporter.Overlay.SKELETON, ClipExporter.Overlay.BOXES, ClipExporter.Overlay.IDS,
                ClipExporter.Overlay.JOINTS);
        for (ClipExporter.Overlay x : o) {
            if (!allowed.contains(x)) {
                throw DanceLensException.badInput("A comparison clip draws the pose layers skeleton, boxes, ids and joints, not '" + x.key()
                        + "' (a classify or explain run's labels and maps are drawn when the runs compared are of that kind).");
            }
        }
        return SceneBuilder.layers(o.contains(ClipExporter.Overlay.SKELETON), o.contains(ClipExporter.Overlay.BOXES), false,
                o.contains(ClipExporter.Overlay.IDS), o.contains(ClipExporter.Overlay.JOINTS));
    }
}
