package org.dancelens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dancelens.core.Timecode;
import org.dancelens.core.VideoInfo;
import org.dancelens.video.VideoSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Print what a video holds: container, codec, size, rotation, frame rate, duration, frames.")
final class ProbeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "VIDEO", description = "the video file")
    Path video;

    @Option(names = "--json", description = "print one JSON object instead of a table")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        VideoInfo info;
        try (CliProgress progress = new CliProgress("Indexing");
             VideoSource source = VideoSource.open(video, progress, 64L << 20, 0)) {
            info = source.info();
        }
        if (json) {
            spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(toJson(info)));
        } else {
            var out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "file          %s%n", info.path());
            out.printf(Locale.ROOT, "container     %s%n", info.container());
            out.printf(Locale.ROOT, "codec         %s%n", info.codec());
            out.printf(Locale.ROOT, "size          %d x %d%s%n", info.width(), info.height(),
                    info.rotation() != 0 ? " (stored " + info.codedWidth() + " x " + info.codedHeight() + ", rotated " + info.rotation() + "°)" : "");
            out.printf(Locale.ROOT, "frame rate    %.3f fps%s%n", info.fps(), info.variableFrameRate() ? " (variable)" : "");
            out.printf(Locale.ROOT, "duration      %s (%.3f s)%n", Timecode.format(info.durationSeconds()), info.durationSeconds());
            out.printf(Locale.ROOT, "frames        %d (%d key frames)%n", info.frameCount(), info.keyFrameCount());
            out.printf(Locale.ROOT, "audio         %s%n", info.hasAudio() ? "yes" : "no");
        }
        return 0;
    }

    static ObjectNode toJson(VideoInfo info) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("path", info.path().toAbsolutePath().toString());
        o.put("container", info.container());
        o.put("codec", info.codec());
        o.put("width", info.width());
        o.put("height", info.height());
        o.put("codedWidth", info.codedWidth());
        o.put("codedHeight", info.codedHeight());
        o.put("rotation", info.rotation());
        o.put("fps", info.fps());
        o.put("durationSeconds", info.durationSeconds());
        o.put("frameCount", info.frameCount());
        o.put("keyFrameCount", info.keyFrameCount());
        o.put("variableFrameRate", info.variableFrameRate());
        o.put("hasAudio", info.hasAudio());
        return o;
    }
}
