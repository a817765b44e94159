package org.dancelens.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dancelens.video.PatternVideoWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "make-video", mixinStandardHelpOptions = true,
        description = {"Write a synthetic benchmark video whose frames carry their own index "
            + "(e.g. 1920x1080 H.264 with a 250-frame key-frame interval for 'bench seek')."})
final class BenchMakeVideoCommand implements Callable<Integer> {
    @Parameters(paramLabel = "OUT", description = "output file, e.g. bench-1080p.mp4")
    Path out;

    @Option(names = "--size", defaultValue = "1920x1080", description = "WIDTHxHEIGHT (default ${DEFAULT-VALUE})")
    String size;

    @Option(names = "--frames", defaultValue = "1500", description = "number of frames (default ${DEFAULT-VALUE})")
    int frames;

    @Option(names = "--fps", defaultValue = "30", description = "frame rate (default ${DEFAULT-VALUE})")
    double fps;

    @Option(names = "--gop", defaultValue = "250", description = "key-frame interval in frames (default ${DEFAULT-VALUE})")
    int gop;

    @Option(names = "--codec", defaultValue = "libopenh264",
            description = "FFmpeg encoder (default ${DEFAULT-VALUE}); libx264 and libx265 (4K H.264/HEVC as phones film) are not in"
                    + " DanceLens's FFmpeg: they run the system's ffmpeg on its testsrc2 pattern (frames then carry no index)")
    String codec;

    @Option(names = "--format", defaultValue = "mp4", description = "container (default ${DEFAULT-VALUE})")
    String format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String[] wh = size.toLowerCase(Locale.ROOT).split("x");
        if (wh.length != 2) {
            throw org.dancelens.core.DanceLensException.badInput("--size must look like 1920x1080, not " + size + ".");
        }
        int w = Integer.parseInt(wh[0].trim());
        int h = Integer.parseInt(wh[1].trim());
        long t0 = System.nanoTime();
        if (codec.equals("libx264") || codec.equals("libx265")) {
            systemFfmpeg(w, h);
            spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s with the system's ffmpeg: %s %dx%d, %d frames at %.3f fps, key frame every %d frames (%.1f s)%n",
                    out, codec, w, h, frames, fps, gop, (System.nanoTime() - t0) / 1e9);
            return 0;
        }
        PatternVideoWriter.write(PatternVideoWriter.Spec.of(format, codec, w, h, frames, fps).gop(gop), out);
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s: %s/%s %dx%d, %d frames at %.3f fps, key frame every %d frames (%.1f s)%n",
                out, format, codec, w, h, frames, fps, gop, (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    /** Encodes FFmpeg's testsrc2 pattern with the system's ffmpeg (Debian's has libx264 and libx265). */
    private void systemFfmpeg(int w, int h) {
        boolean x265 = codec.equals("libx265");
        String keys = "keyint=" + gop + ":min-keyint=" + gop + ":scenecut=0" + (x265 ? ":log-level=error" : "");
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                String.format(Locale.ROOT, "testsrc2=size=%dx%d:rate=%s", w, h, fps == Math.rint(fps) ? Long.toString((long) fps) : Double.toString(fps)),
                "-frames:v", Integer.toString(frames), "-c:v", codec, "-preset", x265 ? "ultrafast" : "veryfast", x265 ? "-x265-params" : "-x264-params", keys,
                "-pix_fmt", "yuv420p"));
        if (x265) {
            cmd.addAll(java.util.List.of("-tag:v", "hvc1"));
        }
        java.nio.file.Path tmp = out.toAbsolutePath().resolveSibling("." + out.getFileName() + ".part." + format);
        cmd.addAll(java.util.List.of("-f", format, tmp.toString()));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) {
                java.nio.file.Files.deleteIfExists(tmp);
                throw org.dancelens.core.DanceLensException.badInput("The system's ffmpeg could not encode with " + codec + ": "
                        + (said.isEmpty() ? "exit " + p.exitValue() : said.lines().reduce((a, b) -> b).orElse(said)));
            }
            java.nio.file.Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            throw org.dancelens.core.DanceLensException.badInput(codec + " needs the system's ffmpeg (apt-get install ffmpeg), which cannot be run: "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.dancelens.core.DanceLensException(org.dancelens.core.DanceLensException.Kind.CANCELLED, "Interrupted.");
        }
    }
}
