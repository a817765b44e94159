package org.dancelens.cli;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskContext;
import org.dancelens.core.VideoFrame;
import org.dancelens.export.FrameExport;
import org.dancelens.render.OverlayScene;
import org.dancelens.video.VideoSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "frame", mixinStandardHelpOptions = true,
        description = {"Frame N of a video as a PNG picture at the video's resolution, with the overlays of the",
            "stored runs drawn as the player draws them (smoothed keypoints, the player's threshold,",
            "bone width and heat-map look, unless --min-confidence, --bone-width, --hide, --raw,",
            "--colormap or --heat-opacity say otherwise). The runs are the newest finished ones unless named."})
final class ExportFrameCommand implements Callable<Integer> {
    /** The overlays a picture can show. */
    static final List<String> OVERLAYS = List.of("skeleton", "boxes", "ids", "mask", "heat");

    @Parameters(paramLabel = "VIDEO")
    Path video;

    @Option(names = "--frame", required = true, paramLabel = "N", description = "the frame number (0 is the first)")
    int frame;

    @Option(names = "--out", required = true, paramLabel = "PICTURE.png", description = "the PNG file to write")
    Path out;

    @Option(names = "--overlays", split = ",", paramLabel = "LIST",
            description = "what to draw: skeleton, boxes, ids (with the boxes), mask, heat (default skeleton,boxes,mask: the player's)")
    List<String> overlays;

    @Option(names = "--pose-run", paramLabel = "ID", description = "the pose run whose dancers are drawn (default: the newest finished)")
    Long poseRun;

    @Option(names = "--explain-run", paramLabel = "ID", description = "the explain run whose map is drawn with 'heat' (default: the newest finished)")
    Long explainRun;

    @picocli.CommandLine.Mixin
    StyleOptions look;

    @picocli.CommandLine.Mixin
    StoreOption stores;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Set<String> chosen = overlays(overlays);
        ExportCommand.checkVideo(video);
        checkPicture(out);
        if (frame < 0) {
            throw DanceLensException.badInput("--frame takes a frame number of 0 or more, not " + frame + ".");
        }
        boolean skeletons = chosen.contains("skeleton");
        boolean boxes = chosen.contains("boxes") || chosen.contains("ids");
        boolean masks = chosen.contains("mask");
        boolean heat = chosen.contains("heat");
        FrameExport.Choices choices = FrameExport.Choices.defaults().withLayers(skeletons, boxes, masks, heat).withStyle(look.style());
        Path storeFile = stores.storeFor(video);
        try (ResultsStore store = ExportCommand.openStore(storeFile, video);
             VideoSource src = VideoSource.open(video, TaskContext.NONE, 0, 1)) {
            if (org.dancelens.export.DataExport.runsWithResults(store, video.toAbsolutePath().toString()).isEmpty()) {
                throw ExportCommand.noResults(video, storeFile);
            }
            int last = src.frameCount() - 1;
            if (frame > last) {
                throw DanceLensException.badInput("Frame " + frame + " is not in " + video.getFileName() + ": it has frames 0 to " + last + ".");
            }
            Run pose = null;
            if (skeletons || boxes || masks) {
                pose = ExportCommand.pick(store, video, RunKind.POSE, poseRun, "--pose-run").orElseThrow(() -> DanceLensException.badInput(
                        "No pose run is stored for " + video.getFileName() + ", so there are no dancers to draw: analyse it"
                                + " first, e.g. 'dancelens analyze " + video + " --pose movenet-lightning', or leave skeleton, boxes, ids and mask out"
                                + " of --overlays."));
            }
            Run explain = null;
            if (heat) {
                explain = ExportCommand.pick(store, video, RunKind.EXPLAIN, explainRun, "--explain-run").orElseThrow(() -> DanceLensException.badInput(
                        "No explain run is stored for " + video.getFileName() + ", so there is no heat map to draw: make one first with 'dancelens"
                                + " explain " + video + " --model MODEL --frames " + frame + ":" + (frame + 1) + "', or leave heat out of --overlays."));
            }
            VideoFrame f = src.frame(frame);
            OverlayScene scene = FrameExport.scene(store, pose, explain, f, choices);
            BufferedImage picture = FrameExport.picture(f, scene);
            FrameExport.png(picture, out);
            spec.commandLine().getOut().printf(Locale.ROOT, "%s frame %d (%dx%d) with %s%s%s written to %s%n", video.getFileName(), frame, f.width(),
                    f.height(), String.join(",", chosen), pose == null ? "" : " of pose run " + pose.id() + " (" + pose.modelId() + ", "
                            + scene.poses().size() + (scene.poses().size() == 1 ? " dancer)" : " dancers)"),
                    explain == null ? "" : " and the map of explain run " + explain.id() + " (" + explain.modelId() + ")", out);
        }
        return 0;
    }

    /** The overlays named, checked; the player's defaults when none are named. */
    static Set<String> overlays(List<String> names) {
        if (names == null) {
            return new LinkedHashSet<>(List.of("skeleton", "boxes", "mask"));
        }
        Set<String> out = new LinkedHashSet<>();
        for (String n : names) {
            String k = n.strip().toLowerCase(Locale.ROOT);
            if (k.isEmpty()) {
                continue;
            }
            if (!OVERLAYS.contains(k)) {
                throw DanceLensException.badInput("--overlays: a picture can show " + String.join(", ", OVERLAYS) + ", not '" + n.strip() + "'"
                        + (k.equals("timeline") ? " (the timeline is drawn under clips, dancelens export clip, and as a picture of its own,"
                                + " dancelens export timeline)" : k.equals("labels") || k.equals("joints") ? " (that one is drawn on clips: dancelens export clip)" : "")
                        + ".");
            }
            out.add(k);
        }
        if (out.isEmpty()) {
            throw DanceLensException.badInput("--overlays names no overlay: give some of " + String.join(", ", OVERLAYS) + ".");
        }
        return out;
    }

    /** The picture is a .png file in a folder that exists and may be written. */
    static void checkPicture(Path file) {
        if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw DanceLensException.badInput("--out " + file + " must be a .png file.");
        }
        if (Files.isDirectory(file)) {
            throw DanceLensException.badInput("--out " + file + " is a folder: give the picture's file name.");
        }
        Path parent = file.toAbsolutePath().normalize().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw DanceLensException.badInput("--out " + file + " cannot be written: the folder " + parent + " does not exist.");
        }
        if (parent != null && !Files.isWritable(parent)) {
            throw DanceLensException.badInput("--out " + file + " cannot be written: no permission to write in " + parent + ".");
        }
    }
}
