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

    @Option(names = "--codec", defaultValue = "libopenh264", description = "FFmpeg encoder (default ${DEFAULT-VALUE})")
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
        PatternVideoWriter.write(PatternVideoWriter.Spec.of(format, codec, w, h, frames, fps).gop(gop), out);
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s: %s/%s %dx%d, %d frames at %.3f fps, key frame every %d frames (%.1f s)%n",
                out, format, codec, w, h, frames, fps, gop, (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
