package org.dancelens.export;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;
import org.dancelens.analysis.store.Attributions.Attribution;
import org.dancelens.core.AtomicFiles;
import org.dancelens.core.VideoFrame;
import org.dancelens.render.HeatMapLayer;
import org.dancelens.render.Palette;

/**
 * The files {@code dancelens explain} writes: per explained frame the map as {@code frame_NNNNNN.npy} (float32, the
 * model's input size) and over the frame as {@code frame_NNNNNN.png}; for skeleton and clip models the occlusion
 * attributions as {@code temporal.csv} (and {@code joints.csv}). The files go into an {@link AtomicFiles.FileSet}, so
 * they are put in place together when the set is complete.
 */
public final class ExplainExport {
    private ExplainExport() {
    }

    /** The base name of a frame's files, e.g. {@code frame_000042}. */
    public static String frameName(int frame) {
        return String.format(Locale.ROOT, "frame_%06d", frame);
    }

    /** Adds {@code NAME.npy} (the map) and {@code NAME.png} (the frame with the map over {@code region}) to the set. */
    public static void mapFiles(VideoFrame f, float[] map, int height, int width, double[] region, Palette.ColorMap cmap, double opacity,
                                AtomicFiles.FileSet files) {
        String name = frameName(f.index());
        files.add(name + ".npy", HeatMapExport.npy(map, height, width));
        files.add(name + ".png", HeatMapExport.png(HeatMapExport.overlay(f, new HeatMapLayer(map, height, width, region, cmap, opacity))));
    }

    /**
     * Per video frame, the drop of the explained class's score when the stretch covering it was blanked: for dancers
     * {@code frame,time_s,track,label,drop} ({@code timeOf} gives the frame's time), for clip models (track -1, {@code timeOf}
     * null) {@code frame,label,drop}. Frames no blanked stretch covered are left out.
     */
    public static byte[] temporalCsv(List<Attribution> attributions, IntToDoubleFunction timeOf) {
        StringBuilder sb = new StringBuilder(timeOf == null ? "frame,label,drop\n" : "frame,time_s,track,label,drop\n");
        for (Attribution a : attributions) {
            for (int i = 0; i < a.frames().length; i++) {
                if (Float.isNaN(a.frameDrop()[i])) {
                    continue;
                }
                if (timeOf == null) {
                    sb.append(String.format(Locale.ROOT, "%d,%s,%.6g%n", a.frames()[i], a.label(), a.frameDrop()[i]));
                } else {
                    sb.append(String.format(Locale.ROOT, "%d,%.6f,%d,%s,%.6g%n", a.frames()[i], timeOf.applyAsDouble(a.frames()[i]), a.track(), a.label(),
                            a.frameDrop()[i]));
                }
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Per dancer and joint, the drop of the explained class's score when the joint was blanked: {@code track,label,joint,drop}. */
    public static byte[] jointsCsv(List<Attribution> attributions) {
        StringBuilder sb = new StringBuilder("track,label,joint,drop\n");
        for (Attribution a : attributions) {
            for (int j = 0; j < a.jointDrop().length; j++) {
                sb.append(String.format(Locale.ROOT, "%d,%s,%s,%.6g%n", a.track(), a.label(), a.joints().get(j), a.jointDrop()[j]));
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
