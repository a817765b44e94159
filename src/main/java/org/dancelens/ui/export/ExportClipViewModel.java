package org.dancelens.ui.export;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Pose;
import org.dancelens.core.TaskContext;
import org.dancelens.core.TaskRunner;
import org.dancelens.core.Timecode;
import org.dancelens.core.VideoInfo;
import org.dancelens.export.ClipExporter;
import org.dancelens.render.Palette;
import org.dancelens.render.SceneStyle;
import org.dancelens.ui.DialogService;
import org.dancelens.ui.session.OverlaySettings;
import org.dancelens.ui.session.RunChoice;
import org.dancelens.ui.session.VideoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The File ▸ Export Annotated Clip… dialog: the choices of {@code dancelens export clip} for the video on screen, set
 * to what the window shows when the dialog opens — the Poses panel's range (else the range of the pose run on display
 * when it does not cover the whole video, else the whole video), the overlays switched on, the runs on display, the
 * video's size and the default quality — and the export itself as a background job of that video with progress, time
 * left and cancel. The clip is written whole or not at all ({@link ClipExporter}).
 */
public final class ExportClipViewModel extends ExportJobViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(ExportClipViewModel.class);
    /** The sizes offered, as factors of the video's. */
    static final double[] SCALES = {1, 0.75, 0.5, 0.25};

    /** One overlay that can be burned in: its checkbox. */
    public static final class OverlayChoice {
        private final String key;
        private final String label;
        private final BooleanProperty selected = new SimpleBooleanProperty(false);
        private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");
        private final javafx.beans.property.ReadOnlyBooleanWrapper available = new javafx.beans.property.ReadOnlyBooleanWrapper(true);

        OverlayChoice(String key, String label) {
            this.key = key;
            this.label = label;
        }

        /** The overlay's name on the command line ({@code skeleton}). */
        public String key() {
            return key;
        }

        /** What the checkbox says. */
        public String label() {
            return label;
        }

        public BooleanProperty selectedProperty() {
            return selected;
        }

        /** Whether there is something on display to draw it from (else the checkbox is off and disabled). */
        public ReadOnlyBooleanProperty availableProperty() {
            return available.getReadOnlyProperty();
        }

        /** Why it is not available ("" when it is). */
        public ReadOnlyStringProperty noteProperty() {
            return note.getReadOnlyProperty();
        }

        void offer(boolean can, String why, boolean on) {
            available.set(can);
            note.set(can ? "" : why);
            selected.set(can && on);
        }
    }

    private final OverlaySettings overlay;
    private final StringProperty fromText = new SimpleStringProperty("");
    private final StringProperty toText = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper rangeSummary = new ReadOnlyStringWrapper("");
    private final ObservableList<OverlayChoice> overlays = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper runs = new ReadOnlyStringWrapper("");
    /** How the overlays look: as in the player now, and what of it differs from its defaults. */
    private final ReadOnlyStringWrapper look = new ReadOnlyStringWrapper("");
    /** The hidden dancers of the player on display, watched while the dialog is set to its video. */
    private javafx.collections.ObservableSet<Integer> hiddenWatched;
    private final javafx.collections.SetChangeListener<Integer> hiddenChanged = c -> showLook();
    private final ObservableList<String> sizes = FXCollections.observableArrayList();
    private final StringProperty size = new SimpleStringProperty();
    /** The bitrate offered first, Mbit/s: about what a good 1080p30 H.264 file has. */
    public static final double DEFAULT_MBITS = 8;
    private final IntegerProperty quality = new SimpleIntegerProperty(ClipExporter.DEFAULT_QUALITY);
    /** Whether the clip aims at a bitrate ({@link #bitrateMbits}) instead of holding the quantiser ({@link #quality}). */
    private final javafx.beans.property.BooleanProperty byBitrate = new javafx.beans.property.SimpleBooleanProperty(false);
    /** The bitrate aimed at, Mbit/s (as {@code --bitrate} on the command line). */
    private final javafx.beans.property.DoubleProperty bitrateMbits = new javafx.beans.property.SimpleDoubleProperty(DEFAULT_MBITS);
    private final StringProperty outText = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper outNote = new ReadOnlyStringWrapper("");
    private VideoInfo info;
    private VideoSession.PoseResults poses;
    private VideoSession.Classification classification;
    private VideoSession.StoredMaps maps;
    /** The folder the last clip went to (the next one is offered there). */
    private Path lastFolder;
    /** The range as last parsed: first frame and last frame (inclusive); -1 when the text names none. */
    private int first = -1;
    private int last = -1;

    public ExportClipViewModel(TaskRunner tasks, DialogService dialogs, OverlaySettings overlay) {
        super(tasks, dialogs, LOG);
        this.overlay = overlay;
        for (ClipExporter.Overlay o : ClipExporter.Overlay.values()) {
            overlays.add(new OverlayChoice(o.key(), label(o.key())));
        }
        fromText.addListener((o, a, b) -> check());
        toText.addListener((o, a, b) -> check());
        outText.addListener((o, a, b) -> check());
        for (OverlayChoice c : overlays) {
            c.selectedProperty().addListener((o, a, b) -> check());
        }
        for (javafx.beans.Observable setting : List.of(overlay.useSmoothedProperty(), overlay.minConfidenceProperty(), overlay.boneWidthProperty(),
                overlay.colorMapProperty(), overlay.heatOpacityProperty(), overlay.angles())) {
            setting.addListener(o -> showLook()); // the settings live as long as the window, as this does
        }
    }

    /** What a checkbox says for an overlay; an overlay added to the exporter later shows its name. */
    static String label(String key) {
        return switch (key) {
            case "skeleton" -> "Skeletons (bones and joints)";
            case "boxes" -> "Boxes with the dancers' names";
            case "ids" -> "Dancers' names alone";
            case "joints" -> "Joints alone";
            case "mask" -> "Segmentation masks";
            case "heat" -> "Heat maps of the explain run";
            case "labels" -> "Top label and score of the classifier";
            case "timeline" -> "Timeline strip under the video";
            default -> Character.toUpperCase(key.charAt(0)) + key.substring(1);
        };
    }

    /**
     * Sets the dialog to what the window shows now for the video of {@code s}.
     *
     * @param posesFrom the Poses panel's first frame
     * @param posesTo   the end of the Poses panel's range (exclusive), -1 for the end of the video
     */
    public void open(VideoSession s, int posesFrom, int posesTo) {
        watchHidden(s.player().hiddenTracks());
        setTo(s, s.name() + " was closed: open it again to export from it.", () -> watchHidden(null));
        info = s.player().info();
        poses = s.posesProperty().get();
        classification = s.classificationProperty().get();
        maps = s.mapsProperty().get();
        videoName.set(info.fileName());
        int n = info.frameCount();
        // the overlays the player draws now, from the runs on display
        boolean hasPoses = poses != null;
        boolean hasMasks = hasPoses && hasMasks(poses);
        Long read = classification == null ? null : classification.poseRunId();
        boolean labelsMatch = classification != null && (read == null || poses == null || poses.runId() == read);
        for (OverlayChoice c : overlays) {
            String noPoses = "no pose run on display";
            switch (c.key()) {
                case "skeleton" -> c.offer(hasPoses, noPoses, overlay.showSkeletonsProperty().get());
                case "boxes" -> c.offer(hasPoses, noPoses, overlay.showBoxesProperty().get());
                case "ids", "joints" -> c.offer(hasPoses, noPoses, false); // the player draws them with boxes and skeletons
                case "mask" -> c.offer(hasMasks, hasPoses ? "the pose run on display stored no masks" : noPoses, overlay.showMasksProperty().get());
                case "heat" -> c.offer(maps != null, "no explain run on display", overlay.followStoredMapsProperty().get());
                case "labels" -> c.offer(classification != null, "no classification on display", labelsMatch);
                case "timeline" -> c.offer(classification != null, "no classification on display", false);
                default -> c.offer(true, "", false);
            }
        }
        // the range: the Poses panel's, else the pose run's when skeletons show only there, else the whole video
        int from = 0;
        int end = n;
        if (posesFrom > 0 || posesTo >= 0) {
            from = Math.min(posesFrom, n - 1);
            end = posesTo < 0 ? n : Math.min(posesTo, n);
        } else if (hasPoses && anyPoseOverlay() && (poses.run().spec().fromFrame() > 0 || poses.run().spec().toFrame() < n)) {
            from = poses.run().spec().fromFrame();
            end = Math.min(n, poses.run().spec().toFrame());
        }
        fromText.set(String.valueOf(from));
        toText.set(String.valueOf(Math.max(from, end - 1)));
        sizes.clear();
        for (double sc : SCALES) {
            int[] wh = scaledSize(sc);
            sizes.add(sc == 1 ? String.format(Locale.ROOT, "The video's, %d × %d", wh[0], wh[1])
                    : String.format(Locale.ROOT, "%d %%, %d × %d", Math.round(sc * 100), wh[0], wh[1]));
        }
        size.set(sizes.get(0));
        quality.set(ClipExporter.DEFAULT_QUALITY);
        byBitrate.set(false);
        bitrateMbits.set(DEFAULT_MBITS);
        Path folder = lastFolder != null && Files.isDirectory(lastFolder) ? lastFolder : info.path().toAbsolutePath().getParent();
        outText.set(folder.resolve(stem(info.path()) + "-annotated.mp4").toString());
        runs.set(describeRuns());
        showLook();
        check();
        ready();
    }

    private void watchHidden(javafx.collections.ObservableSet<Integer> hidden) {
        if (hiddenWatched != null) {
            hiddenWatched.removeListener(hiddenChanged);
        }
        hiddenWatched = hidden;
        if (hidden != null) {
            hidden.addListener(hiddenChanged);
        }
    }

    /**
     * How the player draws its overlays now: its threshold, bone width, smoothed or raw keypoints, heat-map look and joint
     * angles, and the dancers hidden in it — what the clip is drawn with, so it looks as the screen does.
     */
    public SceneStyle style() {
        SceneStyle st = SceneStyle.PLAYER_DEFAULTS.withMinConfidence(overlay.minConfidenceProperty().get()).withBoneWidth(overlay.boneWidthProperty().get())
                .withSmoothed(overlay.useSmoothedProperty().get()).withAngles(overlay.angles());
        // the name is one of OverlaySettings.COLOR_MAPS (the settings keep no other), read as the player reads it
        st = st.withHeat(Palette.ColorMap.of(overlay.colorMapProperty().get()), overlay.heatOpacityProperty().get());
        VideoSession s = session;
        return s == null || s.isClosed() ? st : st.withHiddenTracks(s.player().hiddenTracks());
    }

    private void showLook() {
        if (session == null) {
            return;
        }
        String d = style().differences();
        look.set(d.isEmpty() ? "As on screen: the player's default look." : "As on screen: " + d + ".");
    }

    private static boolean hasMasks(VideoSession.PoseResults p) {
        for (List<Pose> frame : p.raw().values()) {
            for (Pose q : frame) {
                if (q.mask() != null) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean anyPoseOverlay() {
        return overlays.stream().anyMatch(c -> c.selectedProperty().get() && needsPoses(c.key()));
    }

    private static boolean needsPoses(String key) {
        return switch (key) {
            case "skeleton", "boxes", "ids", "joints", "mask" -> true;
            default -> false;
        };
    }

    /** The runs on display the clip is drawn from, one line each, described as the panels describe them. */
    private String describeRuns() {
        List<String> l = new ArrayList<>();
        l.add("Poses: " + (poses == null ? "none on display" : RunChoice.of(poses.run()).description()));
        l.add("Classification: " + (classification == null ? "none on display" : RunChoice.of(classification.run()).description()));
        l.add("Explain maps: " + (maps == null ? "none on display" : RunChoice.of(maps.run()).description()));
        return String.join("\n", l);
    }

    private static String stem(Path video) {
        return video.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    }

    /** The clip's size at a scale of the video's, as the exporter rounds it (even numbers). */
    private int[] scaledSize(double sc) {
        return new int[] {Math.max(2, (int) Math.round(info.width() * sc / 2) * 2), Math.max(2, (int) Math.round(info.height() * sc / 2) * 2)};
    }

    /** A frame number ({@code 120}) or a time ({@code 1:23.4}, {@code 83.4s}) as a frame of the video; -1 when it is neither. */
    int parseFrame(String text) {
        String t = text == null ? "" : text.strip();
        if (t.matches("\\d{1,9}")) {
            return Integer.parseInt(t);
        }
        double seconds = Timecode.parse(t);
        if (seconds < 0) {
            return -1;
        }
        if (seconds > info.durationSeconds()) {
            return Integer.MAX_VALUE;
        }
        // the last frame shown at that time: the frames' times rise with their numbers
        int lo = 0;
        int hi = info.frameCount() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (session.player().timeOf(mid) <= seconds + 1e-9) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Reads the range and the file and says the first thing that is wrong, or nothing. */
    private void check() {
        if (info == null || session.isClosed()) {
            return;
        }
        int n = info.frameCount();
        first = parseFrame(fromText.get());
        last = parseFrame(toText.get());
        String p = "";
        if (first < 0 || last < 0) {
            p = "Type the first and last frame as frame numbers (e.g. 120) or times (e.g. 1:23.4 or 83.4s).";
        } else if (first >= n || last >= n) {
            p = String.format(Locale.ROOT, "%s has frames 0 to %d (%s): choose a range inside it.", info.fileName(), n - 1, Timecode.format(info.durationSeconds()));
        } else if (last < first) {
            p = "The last frame comes before the first: frame " + last + " is before frame " + first + ".";
        }
        if (p.isEmpty()) {
            rangeSummary.set(String.format(Locale.ROOT, "frames %d–%d · %s–%s · %d frame%s", first, last, Timecode.format(session.player().timeOf(first)),
                    Timecode.format(session.player().timeOf(last)), last - first + 1, last == first ? "" : "s"));
        } else {
            rangeSummary.set("");
        }
        if (p.isEmpty() && selected("labels") && classification != null && classification.poseRunId() != null && poses != null
                && poses.runId() != classification.poseRunId()) {
            p = "The classification on display read the dancers of pose run " + classification.poseRunId() + ", and pose run " + poses.runId()
                    + " is on display: show its pose run in the Poses panel, or leave the labels out.";
        }
        if (p.isEmpty() && poses != null && anyPoseOverlay()) {
            int rf = poses.run().spec().fromFrame();
            int rt = poses.run().spec().toFrame();
            if (first < rf || last >= rt) {
                p = String.format(Locale.ROOT, "The pose run on display has poses for frames %d–%d only: choose a range inside it,"
                        + " or analyse the rest in the Poses panel.", rf, rt - 1);
            }
        }
        String out = outText.get() == null ? "" : outText.get().strip();
        outNote.set("");
        if (p.isEmpty()) {
            if (out.isEmpty()) {
                p = "Choose where the clip goes.";
            } else if (!out.toLowerCase(Locale.ROOT).endsWith(".mp4")) {
                p = "The clip is an MP4 video: end its file name with .mp4.";
            } else if (Files.exists(Path.of(out))) {
                outNote.set(Path.of(out).getFileName() + " exists; it is replaced only once the new clip is complete.");
            }
        }
        problem.set(p);
    }

    private boolean selected(String key) {
        return overlays.stream().anyMatch(c -> c.key().equals(key) && c.selectedProperty().get());
    }

    /** Asks where the clip goes, offering the file now named. */
    public void chooseOut() {
        if (info == null) {
            return;
        }
        String now = outText.get() == null ? "" : outText.get().strip();
        Path suggested = now.isEmpty() ? info.path().toAbsolutePath().resolveSibling(stem(info.path()) + "-annotated.mp4") : Path.of(now).toAbsolutePath();
        dialogs.chooseClipToSave("Export an annotated clip of " + info.fileName(), suggested).ifPresent(p -> {
            String s = p.toString();
            outText.set(s.toLowerCase(Locale.ROOT).endsWith(".mp4") ? s : s + ".mp4");
        });
    }

    /** The export the choices describe (null while they have a problem). */
    public ClipExporter.Request request() {
        check();
        if (!problem.get().isEmpty()) {
            return null;
        }
        Set<ClipExporter.Overlay> chosen = EnumSet.noneOf(ClipExporter.Overlay.class);
        for (ClipExporter.Overlay o : ClipExporter.Overlay.values()) {
            if (selected(o.key())) {
                chosen.add(o);
            }
        }
        int at = Math.max(0, sizes.indexOf(size.get()));
        ClipExporter.Request r = ClipExporter.Request.of(info.path(), Path.of(outText.get().strip())).range(first, last + 1).overlays(chosen)
                .runs(poses == null ? null : poses.runId(), maps == null ? null : maps.run().id())
                .classifyRun(classification == null ? null : classification.run().id()).scaled(SCALES[at]).quality(quality.get()).style(style());
        return byBitrate.get() ? r.bitrate(Math.round(bitrateMbits.get() * 1e6)) : r;
    }

    /** Starts the export in the background (when the choices make one). */
    public void export() {
        VideoSession s = session;
        ClipExporter.Request r = request();
        if (s == null || r == null || s.isClosed()) {
            return;
        }
        Path storeFile = s.storeFile();
        String clip = r.out().getFileName().toString();
        start(s, "clip export", "Exporting " + clip + "…", "Cancelled: no clip was written.", ctx -> {
            try (ResultsStore store = r.overlays().isEmpty() || !Files.exists(storeFile) ? null : ResultsStore.open(storeFile)) {
                return ClipExporter.export(r, store, withTimeLeft(ctx));
            }
        }, result -> {
            lastFolder = r.out().toAbsolutePath().getParent();
            wrote(finished(result, clip), lastFolder);
            check();
        });
    }

    /** {@code Exported 300 frames to X.mp4 in 24.0 s (12.5 frames/s).}, and the frames the decoder could not give. */
    static String finished(ClipExporter.Result r, String clip) {
        String s = String.format(Locale.ROOT, "Exported %d frame%s to %s in %.1f s (%.1f frames/s).", r.frames(), r.frames() == 1 ? "" : "s", clip,
                r.seconds(), r.framesPerSecond());
        if (r.undecodable() > 0) {
            s += " " + r.undecodable() + " frame" + (r.undecodable() == 1 ? " of the range could" : "s of the range could") + " not be decoded and "
                    + (r.undecodable() == 1 ? "is" : "are") + " left out.";
        }
        return s;
    }

    /** The job's progress lines with the time left, estimated from the time taken so far. */
    static TaskContext withTimeLeft(TaskContext ctx) {
        long t0 = System.nanoTime();
        return new TaskContext() {
            /** Where the frames began: time and fraction after indexing. */
            private long framesStart = -1;
            private double framesFrom;

            @Override
            public void progress(double fraction, String message) {
                String m = message;
                if (!message.startsWith("Indexing") && fraction >= 0) {
                    long now = System.nanoTime();
                    if (framesStart < 0) {
                        framesStart = now;
                        framesFrom = fraction;
                    } else if (fraction > framesFrom && now - framesStart > 500_000_000L) {
                        double perFraction = (now - framesStart) / 1e9 / (fraction - framesFrom);
                        m = message + ", " + Timecode.remaining((1 - fraction) * perFraction) + " left";
                    }
                }
                ctx.progress(fraction, m);
            }

            @Override
            public boolean isCancelled() {
                return ctx.isCancelled();
            }
        };
    }

    // ---- properties ----

    /** The first frame: a frame number or a time. */
    public StringProperty fromTextProperty() {
        return fromText;
    }

    /** The last frame (included): a frame number or a time. */
    public StringProperty toTextProperty() {
        return toText;
    }

    /** The range in frames and times ({@code frames 240–269 · 00:24.000–00:26.900 · 30 frames}), "" when it has a problem. */
    public ReadOnlyStringProperty rangeSummaryProperty() {
        return rangeSummary.getReadOnlyProperty();
    }

    /** One checkbox per overlay the exporter can draw, in its order. */
    public ObservableList<OverlayChoice> overlays() {
        return overlays;
    }

    /** The runs on display the clip is drawn from. */
    public ReadOnlyStringProperty runsProperty() {
        return runs.getReadOnlyProperty();
    }

    /** How the overlays are drawn, as the player draws them now: what differs from its defaults ("As on screen: raw keypoints."). */
    public ReadOnlyStringProperty lookProperty() {
        return look.getReadOnlyProperty();
    }

    /** The clip sizes offered. */
    public ObservableList<String> sizes() {
        return sizes;
    }

    public StringProperty sizeProperty() {
        return size;
    }

    /** The encoder's quantiser, 1 (best, biggest) to 51. */
    public javafx.beans.property.BooleanProperty byBitrateProperty() {
        return byBitrate;
    }

    public javafx.beans.property.DoubleProperty bitrateMbitsProperty() {
        return bitrateMbits;
    }

    public IntegerProperty qualityProperty() {
        return quality;
    }

    /** The clip to write. */
    public StringProperty outTextProperty() {
        return outText;
    }

    /** A note on the file to write ("exists; replaced when complete"), or "". */
    public ReadOnlyStringProperty outNoteProperty() {
        return outNote.getReadOnlyProperty();
    }
}
