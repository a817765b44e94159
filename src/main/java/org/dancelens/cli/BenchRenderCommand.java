package org.dancelens.cli;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.RegionMask;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.render.HeatMapLayer;
import org.dancelens.render.OverlayRenderer;
import org.dancelens.render.OverlayScene;
import org.dancelens.render.Palette;
import org.dancelens.render.Viewport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Time the overlay renderer on a synthetic scene: COCO-17 dancers with every joint confident, boxes and identities,",
            "64x64 segmentation masks and a 224x224 heat map over the frame, drawn through a viewport the frame is fitted into;",
            "medians over --runs after --warmup runs, with the heat map's colours kept from the previous run and made again."})
final class BenchRenderCommand implements Callable<Integer> {
    /** Mask cells a side (what BlazePose stores) and heat-map cells a side (a CAM upsampled to a 224 x 224 input). */
    static final int MASK = 64;
    static final int HEAT = 224;
    /** A standing figure, COCO-17 joints in units of its height, feet at 0, centred on x = 0. */
    private static final float[][] FIGURE = {{0, -0.93f}, {-0.025f, -0.95f}, {0.025f, -0.95f}, {-0.06f, -0.94f}, {0.06f, -0.94f},
        {-0.12f, -0.80f}, {0.12f, -0.80f}, {-0.17f, -0.62f}, {0.17f, -0.62f}, {-0.19f, -0.45f}, {0.19f, -0.45f}, {-0.08f, -0.50f},
        {0.08f, -0.50f}, {-0.09f, -0.26f}, {0.09f, -0.26f}, {-0.10f, -0.02f}, {0.10f, -0.02f}};

    @Option(names = "--size", defaultValue = "1280x800", description = "viewport (buffer) size WIDTHxHEIGHT (default ${DEFAULT-VALUE})")
    String size;

    @Option(names = "--frame", defaultValue = "768x576", description = "frame size the poses belong to, fitted into the viewport (default ${DEFAULT-VALUE})")
    String frame;

    @Option(names = "--dancers", defaultValue = "6", description = "dancers (default ${DEFAULT-VALUE})")
    int dancers;

    @Option(names = "--runs", defaultValue = "200", description = "timed runs of each (default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--warmup", defaultValue = "50", description = "untimed runs first (default ${DEFAULT-VALUE})")
    int warmup;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        int[] vs = parseSize(size, "--size");
        int[] fs = parseSize(frame, "--frame");
        if (dancers < 0 || runs < 1 || warmup < 0) {
            throw DanceLensException.badInput("--dancers and --warmup are at least 0, --runs at least 1.");
        }
        OverlayScene scene = scene(fs[0], fs[1], dancers);
        Viewport vp = Viewport.fit(fs[0], fs[1], vs[0], vs[1], 1, 0, 0);
        OverlayRenderer renderer = new OverlayRenderer();
        BufferedImage buffer = OverlayRenderer.newBuffer(vp);
        for (int i = 0; i < warmup; i++) {
            renderer.render(i % 2 == 0 ? scene : withNewHeatMap(scene), vp, buffer);
        }
        double[] kept = new double[runs];
        double[] fresh = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            renderer.render(scene, vp, buffer);
            kept[i] = (System.nanoTime() - t0) / 1e6;
            OverlayScene other = withNewHeatMap(scene);
            t0 = System.nanoTime();
            renderer.render(other, vp, buffer);
            fresh[i] = (System.nanoTime() - t0) / 1e6;
        }
        var o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "viewport %dx%d, frame %dx%d fitted (scale %.3f), %d %s dancers with boxes, identities and %dx%d masks, a %dx%d heat map;"
                        + " %d runs after %d warm-up, %d cores, Java %s%n", vp.width(), vp.height(), fs[0], fs[1], vp.scale(), dancers,
                SkeletonSchema.COCO_17.id(), MASK, MASK, HEAT, HEAT, runs, warmup, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        o.printf(Locale.ROOT, "overlay render, heat-map colours kept  median %.3f ms (p95 %.3f, min %.3f)%n", BenchExplainCommand.median(kept),
                percentile(kept, 0.95), Arrays.stream(kept).min().orElse(0));
        o.printf(Locale.ROOT, "overlay render, a new heat map         median %.3f ms (p95 %.3f, min %.3f)%n", BenchExplainCommand.median(fresh),
                percentile(fresh, 0.95), Arrays.stream(fresh).min().orElse(0));
        return 0;
    }

    /**
     * The benchmark's scene over a frame of this size: dancers standing side by side (60% of the frame high, every
     * joint confident), each with a box and a round-edged mask, dancer 0 selected, and a heat map over the whole frame
     * with a bump on every dancer (jet, opacity 0.5).
     */
    static OverlayScene scene(int frameWidth, int frameHeight, int dancers) {
        List<Pose> poses = new ArrayList<>();
        float h = 0.6f * frameHeight;
        float feet = 0.85f * frameHeight;
        for (int d = 0; d < dancers; d++) {
            float cx = frameWidth * (d + 0.5f) / dancers;
            List<Keypoint> kps = new ArrayList<>();
            for (int j = 0; j < FIGURE.length; j++) {
                float sway = j >= 7 && j <= 10 ? 0.05f * (float) Math.sin(d + j) : 0; // arms differ from dancer to dancer
                kps.add(new Keypoint(cx + (FIGURE[j][0] + sway) * h, feet + FIGURE[j][1] * h, 0.5f + 0.5f * ((j + d) % 4) / 3));
            }
            float[] box = {cx - 0.25f * h, feet - h, cx + 0.25f * h, feet};
            float[] m = new float[MASK * MASK];
            for (int y = 0; y < MASK; y++) {
                for (int x = 0; x < MASK; x++) {
                    double r = Math.hypot((x - MASK / 2.0) / (0.18 * MASK), (y - MASK / 2.0) / (0.45 * MASK));
                    m[y * MASK + x] = (float) (1 / (1 + Math.exp(8 * (r - 1))));
                }
            }
            RegionMask mask = new RegionMask(cx, feet - h / 2, 1.1f * h, 0.05f * (d - dancers / 2f), MASK, m);
            poses.add(new Pose(d, SkeletonSchema.COCO_17, kps, box, 0.9f, null, mask));
        }
        float[] heat = new float[HEAT * HEAT];
        for (int y = 0; y < HEAT; y++) {
            for (int x = 0; x < HEAT; x++) {
                double v = 0;
                for (int d = 0; d < dancers; d++) {
                    double dx = x / (double) HEAT - (d + 0.5) / dancers;
                    double dy = y / (double) HEAT - 0.55;
                    v = Math.max(v, Math.exp(-(dx * dx + dy * dy) / 0.004) * (0.5 + 0.5 * (d % 3) / 2));
                }
                heat[y * HEAT + x] = (float) v;
            }
        }
        return OverlayScene.of(frameWidth, frameHeight).withPoses(poses).withSelectedTrack(0)
                .withHeatMap(new HeatMapLayer(heat, HEAT, HEAT, new double[] {0, 0, 1, 1}, Palette.ColorMap.JET, 0.5));
    }

    /** The same scene with an equal heat map the renderer has not seen (its colours are made again). */
    private static OverlayScene withNewHeatMap(OverlayScene s) {
        HeatMapLayer h = s.heatMap();
        return s.withHeatMap(new HeatMapLayer(h.values(), h.height(), h.width(), h.region(), h.colorMap(), h.opacity()));
    }

    private static double percentile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(q * s.length) - 1)];
    }

    private static int[] parseSize(String s, String option) {
        String[] p = s.toLowerCase(Locale.ROOT).split("x");
        try {
            if (p.length == 2) {
                int w = Integer.parseInt(p[0]);
                int h = Integer.parseInt(p[1]);
                if (w > 0 && h > 0) {
                    return new int[] {w, h};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw DanceLensException.badInput(option + " is WIDTHxHEIGHT, e.g. 1280x800; got '" + s + "'.");
    }
}
