package org.dancelens.ui.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dancelens.analysis.ClassifyAnalysis;
import org.dancelens.analysis.store.ExplainSettings;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.analysis.store.RunSpec;
import org.dancelens.analysis.store.RunStatus;

/**
 * A stored run as the panels show it: a one-line title for the list of a video's runs, and a description of the run
 * on display — its model, its frames ({@code frames 240–269 of 795} or {@code whole video}), the key settings, when
 * it was made and where it stands ({@code cancelled after 300 of 795 frames}).
 *
 * @param poseModel for a classify run that read poses, the pose model of that run (names its dancers), else null
 */
public record RunChoice(Run run, String title, String description, String poseModel) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    public static RunChoice of(Run run) {
        String frames = frames(run.spec());
        String settings = settings(run);
        String when = when(run.created());
        String status = status(run);
        String title = "run " + run.id() + " · " + run.modelId() + " · " + frames + " · " + when + (run.finished() ? "" : " · " + run.status().key());
        StringBuilder d = new StringBuilder(run.modelId()).append(" · ").append(frames);
        if (!settings.isEmpty()) {
            d.append(" · ").append(settings);
        }
        d.append(" · ").append(when).append(" · ").append(run.devices() == null ? "device not recorded" : "on " + run.devices())
                .append(" · ").append(status).append(" (run ").append(run.id()).append(')');
        String pose = run.kind() == RunKind.CLASSIFY ? text(run.spec().settings(), "poseModel") : null;
        return new RunChoice(run, title, d.toString(), pose);
    }

    public long id() {
        return run.id();
    }

    /** The pose run a classify run read (null when it read none). */
    public Long poseRun() {
        return run.kind() == RunKind.CLASSIFY ? ClassifyAnalysis.poseRunOf(run) : null;
    }

    /** What the list of runs shows. */
    @Override
    public String toString() {
        return title;
    }

    /** {@code whole video} or {@code frames FROM–TO of N} (TO included). */
    static String frames(RunSpec s) {
        return s.fromFrame() <= 0 && s.toFrame() >= s.videoFrames() ? "whole video"
                : String.format(Locale.ROOT, "frames %d–%d of %d", s.fromFrame(), s.toFrame() - 1, s.videoFrames());
    }

    /** The settings that tell runs of one model apart, in words. */
    static String settings(Run run) {
        String json = run.spec().settings();
        return switch (run.kind()) {
            case POSE -> {
                List<String> parts = new ArrayList<>();
                String smoothing = text(json, "smoothing");
                if (smoothing != null) {
                    parts.add("smoothing " + smoothing);
                }
                JsonNode n = node(json);
                if (n != null && n.path("maxPeople").asInt(0) > 0) {
                    parts.add("at most " + n.path("maxPeople").asInt() + " dancers");
                }
                if (n != null && n.has("minPersonScore")) {
                    parts.add(String.format(Locale.ROOT, "dancers from score %.2f", n.path("minPersonScore").asDouble()));
                }
                yield String.join(", ", parts);
            }
            case CLASSIFY, ATTRIBUTION -> {
                Long poseRun = ClassifyAnalysis.poseRunOf(json);
                String poseModel = text(json, "poseModel");
                yield poseRun == null ? "from the pictures" : "poses from " + (poseModel == null ? "" : poseModel + ", ") + "run " + poseRun;
            }
            case KINEMATICS, MUSIC -> {
                Long poseRun = ClassifyAnalysis.poseRunOf(json);
                yield poseRun == null ? "no dancers" : "poses from run " + poseRun;
            }
            case EXPLAIN -> {
                try {
                    ExplainSettings es = ExplainSettings.of(run);
                    String layer = es.layer() == null ? "deepest layer" : "layer " + lastSegments(es.layer());
                    yield es.method() + ", " + layer + ", class " + es.classChoice() + (es.every() > 1 ? ", every " + es.every() + " frames" : "")
                            + (es.without().isEmpty() ? "" : ", without " + String.join(", ", es.without()));
                } catch (RuntimeException e) {
                    yield "";
                }
            }
        };
    }

    /** Where the run stands, e.g. {@code complete} or {@code cancelled after 300 of 795 frames}. */
    static String status(Run run) {
        if (run.status() == RunStatus.COMPLETE) {
            return "complete";
        }
        int total = run.spec().frames();
        if (run.kind() == RunKind.EXPLAIN) {
            try {
                int every = ExplainSettings.of(run).every();
                total = (total + every - 1) / every;
            } catch (RuntimeException e) {
                // the count of frames of the range stays the measure
            }
        }
        String unit = run.kind() == RunKind.ATTRIBUTION ? "dancers" : "frames";
        String done = run.kind() == RunKind.ATTRIBUTION ? run.framesDone() + " " + unit
                : String.format(Locale.ROOT, "%d of %d %s", run.framesDone(), total, unit);
        return switch (run.status()) {
            case RUNNING -> "unfinished, " + done + " stored";
            case CANCELLED -> "cancelled after " + done;
            case FAILED -> "failed after " + done;
            case INCOMPLETE -> "incomplete, " + done;
            case COMPLETE -> "complete";
        };
    }

    static String when(String iso) {
        try {
            return WHEN.format(Instant.parse(iso).atZone(ZoneId.systemDefault()));
        } catch (RuntimeException e) {
            return iso == null ? "" : iso;
        }
    }

    private static String lastSegments(String tensor) {
        int slash = tensor.lastIndexOf('/', tensor.length() - 2);
        int before = slash <= 0 ? -1 : tensor.lastIndexOf('/', slash - 1);
        return before < 0 ? tensor : "…" + tensor.substring(before);
    }

    private static JsonNode node(String json) {
        try {
            return json == null ? null : JSON.readTree(json);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String text(String json, String field) {
        JsonNode n = node(json);
        return n == null || !n.hasNonNull(field) ? null : n.get(field).asText();
    }
}
