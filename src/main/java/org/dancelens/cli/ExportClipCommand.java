package org.dancelens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.core.DanceLensException;
import org.dancelens.export.ClipExporter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "clip", mixinStandardHelpOptions = true,
        description = {"An annotated clip: a range of the video with its stored results drawn",
            "over it as the player draws them (its default settings unless --min-confidence,",
            "--bone-width, --hide, --raw, --colormap or --heat-opacity say otherwise),",
            "H.264 in MP4 with the source's audio and",
            "frame times. The newest finished run of each kind is drawn unless one is",
            "named; the clip is written whole or not at all."})
final class ExportClipCommand implements Callable<Integer> {
    @Parameters(paramLabel = "VIDEO")
    Path video;

    @Option(names = "--out", required = true, paramLabel = "CLIP.mp4", description = "the clip to write")
    Path out;

    @Option(names = "--range", paramLabel = "FROM:TO", description = "frames FROM (inclusive) to TO (exclusive); either may be empty (default: the whole video)")
    String range;

    @Option(names = "--overlays", paramLabel = "LIST", defaultValue = "skeleton,boxes",
            description = "what to draw, comma-separated: skeleton (with joints), boxes (with ids), ids, joints, mask, heat, labels, timeline (a strip under the video), or none (default ${DEFAULT-VALUE})")
    String overlays;

    @Option(names = "--pose-run", paramLabel = "ID", description = "the pose run to draw (default: the newest finished one)")
    Long poseRun;

    @Option(names = "--explain-run", paramLabel = "ID", description = "the explain run whose maps 'heat' draws (default: the newest finished one)")
    Long explainRun;

    @Option(names = "--classify-run", paramLabel = "ID",
            description = "the classify run 'labels' and 'timeline' draw (default: the newest finished one true to its poses)")
    Long classifyRun;

    @Option(names = "--size", paramLabel = "WxH", description = "clip size in pixels, two even numbers (default: the video's, rounded to even)")
    String size;

    @Option(names = "--scale", paramLabel = "F", description = "clip size as a factor of the video's (e.g. 0.5), rounded to even numbers")
    Double scale;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Rate rate;

    /** Either a held quantiser or a target bitrate. */
    static final class Rate {
        @Option(names = {"--quality", "--crf"}, paramLabel = "N",
                description = "H.264 quantiser held on every frame (OpenH264 has no CRF mode; --crf names the same), 1 (best, biggest) to 51 (default "
                        + ClipExporter.DEFAULT_QUALITY + ")")
        Integer quality;

        @Option(names = "--bitrate", paramLabel = "RATE", description = "target video bitrate instead of a held quantiser, bits/s with k or M (e.g. 8M, 4000k)")
        String bitrate;
    }

    @picocli.CommandLine.Mixin
    StyleOptions look;

    @picocli.CommandLine.Mixin
    StoreOption stores;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        int[] r = AnalyzeCommand.parseRange(range, "--range");
        ClipExporter.Request req = ClipExporter.Request.of(video, out).range(r[0], r[1]).overlays(ClipExporter.Overlay.parse(overlays))
                .runs(poseRun, explainRun).classifyRun(classifyRun).style(look.style());
        if (rate != null && rate.quality != null) {
            req = req.quality(rate.quality);
        } else if (rate != null && rate.bitrate != null) {
            req = req.bitrate(parseBitrate(rate.bitrate));
        }
        if (size != null && scale != null) {
            throw DanceLensException.badInput("Give either --size or --scale, not both.");
        }
        if (size != null) {
            String[] p = size.toLowerCase(Locale.ROOT).split("x", -1);
            try {
                req = req.size(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
            } catch (RuntimeException e) {
                throw DanceLensException.badInput("--size must look like WIDTHxHEIGHT (e.g. 1280x720), not " + size + ".");
            }
        } else if (scale != null) {
            req = req.scaled(scale);
        }
        Path storeFile = stores.storeFor(video);
        ClipExporter.Result result;
        try (ResultsStore store = req.overlays().isEmpty() || !Files.exists(storeFile) ? null : ResultsStore.open(storeFile);
             CliProgress progress = new CliProgress("Exporting")) {
            result = ClipExporter.export(req, store, progress);
        }
        if (result.undecodable() > 0) {
            spec.commandLine().getErr().printf(Locale.ROOT, "%s: %d frame(s) of the range could not be decoded and are left out of the clip%n",
                    video.getFileName(), result.undecodable());
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "%s: %d frames, %dx%d, %s, %s in %.1f s (%.1f frames/s, drawing %.1f ms a frame)%n",
                out, result.frames(), result.width(), result.height(),
                runs(result),
                result.audio() ? "with audio" : "no audio", result.seconds(), result.framesPerSecond(),
                result.frames() > 0 ? 1000 * result.drawSeconds() / result.frames() : 0);
        return 0;
    }

    /** Bits a second from {@code 8M}, {@code 4000k}, {@code 2.5M} or {@code 800000}. */
    static long parseBitrate(String s) {
        String t = s.strip();
        double unit = 1;
        if (t.endsWith("k") || t.endsWith("K")) {
            unit = 1e3;
        } else if (t.endsWith("m") || t.endsWith("M")) {
            unit = 1e6;
        }
        try {
            double v = Double.parseDouble(unit == 1 ? t : t.substring(0, t.length() - 1)) * unit;
            if (v > 0 && v < 1e12) {
                return Math.round(v);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw DanceLensException.badInput("--bitrate is bits a second with k or M, e.g. 8M or 4000k, not '" + s + "'.");
    }

    /** The runs drawn, e.g. {@code pose run 1, classify run 2}, or {@code no overlays}. */
    private static String runs(ClipExporter.Result r) {
        java.util.List<String> l = new java.util.ArrayList<>();
        if (r.poseRun() != null) {
            l.add("pose run " + r.poseRun());
        }
        if (r.classifyRun() != null) {
            l.add("classify run " + r.classifyRun());
        }
        if (r.explainRun() != null) {
            l.add("explain run " + r.explainRun());
        }
        return l.isEmpty() ? "no overlays" : String.join(", ", l);
    }
}
