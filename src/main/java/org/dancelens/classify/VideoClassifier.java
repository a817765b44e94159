package org.dancelens.classify;

import ai.djl.inference.Predictor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Pose;
import org.dancelens.core.ScoreSeries;
import org.dancelens.core.TaskContext;
import org.dancelens.core.VideoFrame;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OnnxModel;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.inference.image.ImageInput;

/**
 * Image models run over video frames: frame classifiers and scorers (one input per frame, or per dancer per frame
 * with {@code crop: person}) and clip classifiers (T frames sampled at the card's rate, windows every {@code hop}
 * sampled frames, each window's scores spread over the video frames it spans; the last window is aligned to the
 * end, and a video shorter than one clip repeats its last sampled frame). Frames are fed in order through
 * {@link #accept}; {@link #finish} returns the per-frame series. Not thread-safe.
 *
 * <p>Frame models whose input has an open batch dimension run up to {@code batch} consecutive pictures (frames, or
 * dancers' boxes) in one model run; a model whose batch is fixed runs one picture at a time, and {@link #batchNote}
 * says why. Each picture's scores do not depend on the others in its batch (within float rounding).
 */
public final class VideoClassifier implements AutoCloseable {
    /** The batch size when none is asked for: the best measured end to end on two CPU cores (README, Performance). */
    public static final int DEFAULT_BATCH = 64;
    /** The largest batch size accepted. */
    public static final int MAX_BATCH = 256;

    private final ModelCard card;
    private final ImageInput input;
    private final ModelHead head;
    private final OnnxModel model;
    private final Predictor<ScoresTranslator.Batch, List<SequenceClassifier.Prediction>> predictor;
    private final boolean clip;
    private final int batchLimit;
    private final String batchNote;
    private final int stride;
    private final int hop;

    // frame models: pending inputs and where they go
    private final List<float[]> pending = new ArrayList<>();
    private final List<int[]> pendingKeys = new ArrayList<>(); // {frame, track}
    private final Map<Integer, TreeMap<Integer, float[]>> byTrack = new LinkedHashMap<>();

    // clip models: the sampled pictures not yet used up, and their video frames
    private final Deque<float[]> samples = new ArrayDeque<>();
    private final Deque<Integer> sampleFrames = new ArrayDeque<>();
    /** Frames that could not be decoded: never given a score. */
    private final java.util.Set<Integer> gaps = new java.util.HashSet<>();
    private int sampleCount;
    private int nextWindowStart;
    private int lastFrame = -1;
    private int firstFrame = -1;
    private final Map<Integer, double[]> clipSums = new TreeMap<>();
    private final Map<Integer, Integer> clipCounts = new TreeMap<>();
    private int lastWindowEnd = -1;

    // clip models, when asked for occlusion attribution: per window its base scores and those with a stretch blanked
    private int occlusionSpan;
    private final List<ClipOcclusion> occlusions = new ArrayList<>();

    /** One clip window's scores, and its scores with each stretch of sampled pictures blanked. */
    private record ClipOcclusion(int[] frames, float[] base, List<int[]> stretches, float[][] blanked) {
    }

    private VideoClassifier(ModelCard card, OnnxModel model, double videoFps, int batch) {
        this.card = card;
        this.clip = card.task() == ModelCard.Task.CLIP_CLASSIFIER || card.clip() != null;
        this.input = ImageInput.of(card, clip);
        this.head = ModelHead.of(card);
        this.model = model;
        this.predictor = model.newPredictor(new ScoresTranslator(input.inputName(), input::shape, head));
        long[] declared = model.inputShapes().get(input.inputName());
        if (declared == null) {
            close();
            throw DanceLensException.badInput("The card of " + card.id() + " names the input tensor '" + input.inputName()
                    + "', which the model does not have (it has " + model.inputNames() + ").");
        }
        boolean open = declared.length > 0 && declared[0] == -1;
        this.batchLimit = open && !clip ? batch : 1;
        this.batchNote = batch <= 1 || batchLimit == batch ? null
                : clip ? card.id() + " is a clip model; its clips run one at a time, not in batches of " + batch + "."
                : card.id() + " takes " + (declared.length > 0 ? declared[0] : 1) + " picture per run (its input '" + input.inputName()
                + "' has a fixed batch dimension), so it runs one frame at a time, not in batches of " + batch + ".";
        double fps = card.clip() != null && card.clip().fps() != null ? card.clip().fps() : videoFps;
        this.stride = Math.max(1, (int) Math.round(videoFps / fps));
        this.hop = card.clip() != null && card.clip().hop() != null ? Math.max(1, card.clip().hop()) : input.frames();
    }

    /** Opens a frame classifier, clip classifier or image scorer for a video of the given frame rate. */
    public static VideoClassifier open(ModelRegistry.Entry entry, OrtRuntime.Device device, double videoFps) {
        return open(entry, device, videoFps, DEFAULT_BATCH);
    }

    /** The sentence for a batch size outside 1..{@value #MAX_BATCH}, or null when it is one. */
    public static String badBatch(int batch) {
        return batch >= 1 && batch <= MAX_BATCH ? null
                : "The batch size must be between 1 and " + MAX_BATCH + " frames per model run, not " + batch + ".";
    }

    /**
     * Like {@link #open(ModelRegistry.Entry, OrtRuntime.Device, double)}, running up to {@code batch} pictures per
     * model run where the model's batch dimension is open.
     */
    public static VideoClassifier open(ModelRegistry.Entry entry, OrtRuntime.Device device, double videoFps, int batch) {
        String bad = badBatch(batch);
        if (bad != null) {
            throw DanceLensException.badInput(bad);
        }
        ModelCard card = entry.card();
        boolean ok = card.task() == ModelCard.Task.FRAME_CLASSIFIER || card.task() == ModelCard.Task.CLIP_CLASSIFIER
                || card.task() == ModelCard.Task.SCORER && card.sequence() == null;
        if (!ok) {
            throw DanceLensException.badInput("The model " + card.id() + " is a " + card.task().label() + ", not an image model.");
        }
        ImageInput.of(card, card.task() == ModelCard.Task.CLIP_CLASSIFIER || card.clip() != null);
        return new VideoClassifier(card, OnnxModel.open(entry, device, 0), videoFps, batch);
    }

    /** Pictures per model run: the batch asked for where the model allows it, 1 otherwise. */
    public int batch() {
        return batchLimit;
    }

    /** Why the batch asked for is not used (a model whose batch is fixed, a clip model), or null when it is. */
    public String batchNote() {
        return batchNote;
    }

    /** How a frame becomes the model's input, as its card says. */
    public ImageInput recipe() {
        return input;
    }

    public ModelHead head() {
        return head;
    }

    /** True when the model looks at each dancer's box and so needs poses. */
    public boolean needsPoses() {
        return input.personCrop();
    }

    /** Video frames between sampled frames of a clip (1 for frame models). */
    public int stride() {
        return clip ? stride : 1;
    }

    /**
     * Tells the classifier that a frame of the range could not be decoded (in order with the frames fed). It gets no
     * score. A clip whose sampled picture falls on it repeats the picture sampled before it, as a clip shorter than the
     * model's length repeats its last picture; a gap before the first decoded frame is simply left out.
     */
    public void undecodable(int frame) {
        gaps.add(frame);
        if (!clip || firstFrame < 0 || (frame - firstFrame) % stride != 0 || samples.isEmpty()) {
            return;
        }
        samples.addLast(samples.peekLast());
        sampleFrames.addLast(frame);
        sampleCount++;
        runWindows();
    }

    /** Feeds the next frame in order; {@code poses} are the frame's dancers (used with {@code crop: person}). */
    public void accept(VideoFrame f, List<Pose> poses, TaskContext ctx) {
        if (firstFrame < 0) {
            firstFrame = f.index();
        }
        lastFrame = f.index();
        if (clip) {
            if ((f.index() - firstFrame) % stride != 0) {
                return;
            }
            // a clip picture is laid out on its own here, and placed into the clip layout when the window runs
            samples.addLast(input.picture(f, null));
            sampleFrames.addLast(f.index());
            sampleCount++;
            runWindows();
            return;
        }
        if (input.personCrop()) {
            for (Pose p : poses) {
                float[] in = new float[input.pictureSize()];
                input.fill(f, p.keypointBox(0.2f), in, 0, 0);
                pending.add(in);
                pendingKeys.add(new int[] {f.index(), p.trackId()});
            }
        } else {
            float[] in = new float[input.pictureSize()];
            input.fill(f, null, in, 0, 0);
            pending.add(in);
            pendingKeys.add(new int[] {f.index(), -1});
        }
        if (pending.size() >= batchLimit) {
            flush();
        }
    }

    private void runWindows() {
        while (sampleCount >= nextWindowStart + input.frames()) {
            int at = nextWindowStart - (sampleCount - samples.size());
            runClip(new ArrayList<>(samples).subList(at, at + input.frames()),
                    new ArrayList<>(sampleFrames).subList(at, at + input.frames()));
            nextWindowStart += hop;
            dropBefore(nextWindowStart);
        }
    }

    private void dropBefore(int sampleIndex) {
        int first = sampleCount - samples.size();
        // keep the last clip's worth for the final, end-aligned window
        while (first < sampleIndex && samples.size() > input.frames()) {
            samples.removeFirst();
            sampleFrames.removeFirst();
            first++;
        }
    }

    private void runClip(List<float[]> pics, List<Integer> frames) {
        int t = input.frames();
        float[] in = new float[t * input.pictureSize()];
        for (int s = 0; s < t; s++) {
            input.place(pics.get(Math.min(s, pics.size() - 1)), in, 0, s);
        }
        int from = frames.get(0);
        int to = frames.get(frames.size() - 1) + stride - 1;
        float[] scores = run(in, 1, "the clip of frames " + from + " to " + to)[0];
        for (int f = from; f <= to; f++) {
            double[] sum = clipSums.computeIfAbsent(f, k -> new double[scores.length]);
            for (int c = 0; c < scores.length; c++) {
                sum[c] += scores[c];
            }
            clipCounts.merge(f, 1, Integer::sum);
        }
        lastWindowEnd = Math.max(lastWindowEnd, to);
        if (occlusionSpan > 0) {
            occlude(in, frames, scores);
        }
    }

    /**
     * Asks a clip model for occlusion attribution over time, before the first frame is fed: every clip window is
     * also run with each stretch of {@code span} sampled pictures blanked (set to 0 after the card's normalisation,
     * the mean colour when the card gives mean/std), and {@link #attribution} tells how much the class's score
     * dropped. Costs one more model run per stretch and window.
     */
    public void attributeOverTime(int span) {
        if (!clip) {
            throw DanceLensException.badInput("The model " + card.id() + " looks at single frames; occlusion over time is made for clip models.");
        }
        if (span < 1 || span > input.frames()) {
            throw DanceLensException.badInput("The occlusion span must be between 1 and the clip's " + input.frames() + " pictures.");
        }
        if (firstFrame >= 0) {
            throw new IllegalStateException("ask for attribution before feeding frames");
        }
        this.occlusionSpan = span;
    }

    private void occlude(float[] in, List<Integer> frames, float[] base) {
        int t = input.frames();
        float[] blank = new float[input.pictureSize()];
        List<int[]> stretches = new ArrayList<>();
        float[][] blanked = new float[(t + occlusionSpan - 1) / occlusionSpan][];
        for (int s0 = 0, k = 0; s0 < t; s0 += occlusionSpan, k++) {
            int s1 = Math.min(t, s0 + occlusionSpan);
            float[] v = in.clone();
            for (int s = s0; s < s1; s++) {
                input.place(blank, v, 0, s);
            }
            stretches.add(new int[] {s0, s1});
            blanked[k] = run(v, 1, "an occluded clip from frame " + frames.get(0))[0];
        }
        occlusions.add(new ClipOcclusion(frames.stream().mapToInt(Integer::intValue).toArray(), base, stretches, blanked));
    }

    /**
     * After {@link #finish()}, the occlusion attribution over time of a clip model (see {@link #attributeOverTime}):
     * per video frame from the first to the last fed, the mean drop of the class's score over the windows whose
     * blanked stretch covered that frame (NaN where none did). {@code label} -1 explains the label with the highest
     * mean score over the windows. The joint drops are empty: a clip model sees pixels, not joints.
     */
    public SequenceClassifier.Attribution attribution(int label) {
        if (occlusionSpan == 0) {
            throw new IllegalStateException("call attributeOverTime before feeding frames");
        }
        if (occlusions.isEmpty()) {
            throw DanceLensException.badInput("The clip model " + card.id() + " saw no complete clip, so there is nothing to attribute.");
        }
        int cls = label;
        if (cls < 0) {
            double[] sum = new double[head.labels().size()];
            for (ClipOcclusion o : occlusions) {
                for (int c = 0; c < sum.length; c++) {
                    sum[c] += o.base()[c];
                }
            }
            cls = 0;
            for (int c = 1; c < sum.length; c++) {
                cls = sum[c] > sum[cls] ? c : cls;
            }
        }
        int n = lastFrame - firstFrame + 1;
        double[] dropSum = new double[n];
        int[] count = new int[n];
        for (ClipOcclusion o : occlusions) {
            for (int k = 0; k < o.stretches().size(); k++) {
                int[] st = o.stretches().get(k);
                int from = o.frames()[st[0]];
                int to = o.frames()[st[1] - 1] + stride - 1; // a sampled picture stands for the frames up to the next sample
                double drop = o.base()[cls] - o.blanked()[k][cls];
                for (int f = Math.max(from, firstFrame); f <= Math.min(to, lastFrame); f++) {
                    dropSum[f - firstFrame] += drop;
                    count[f - firstFrame]++;
                }
            }
        }
        int[] frames = new int[n];
        float[] drop = new float[n];
        for (int i = 0; i < n; i++) {
            frames[i] = firstFrame + i;
            drop[i] = count[i] == 0 ? Float.NaN : (float) (dropSum[i] / count[i]);
        }
        return new SequenceClassifier.Attribution(cls, head.labels().get(cls), frames, drop, new float[0]);
    }

    /** One model run through the kind's predictor: {@code n} pictures (or one clip) in, their scores out. */
    private float[][] run(float[] values, int n, String what) {
        return model.predict(predictor, new ScoresTranslator.Batch(values, n, what)).stream().map(SequenceClassifier.Prediction::scores)
                .toArray(float[][]::new);
    }

    /** Runs the pending pictures, at most {@link #batch()} per model run (a frame with several dancers may overfill one). */
    private void flush() {
        int pic = input.pictureSize();
        for (int start = 0; start < pending.size(); start += batchLimit) {
            int n = Math.min(batchLimit, pending.size() - start);
            float[] in = new float[n * pic];
            for (int b = 0; b < n; b++) {
                System.arraycopy(pending.get(start + b), 0, in, b * pic, pic);
            }
            float[][] scores = run(in, n, "frame " + pendingKeys.get(start)[0]);
            for (int b = 0; b < n; b++) {
                int[] key = pendingKeys.get(start + b);
                byTrack.computeIfAbsent(key[1], k -> new TreeMap<>()).put(key[0], scores[b]);
            }
        }
        pending.clear();
        pendingKeys.clear();
    }

    /** Runs what is still pending and returns one series per track (one with track -1 for whole frames). */
    public List<ScoreSeries> finish() {
        if (clip) {
            if (sampleCount > 0 && lastWindowEnd < lastFrame) {
                List<float[]> pics = new ArrayList<>(samples);
                List<Integer> frames = new ArrayList<>(sampleFrames);
                int keep = Math.min(input.frames(), pics.size());
                runClip(pics.subList(pics.size() - keep, pics.size()), frames.subList(frames.size() - keep, frames.size()));
            }
            int[] frames = new int[0];
            List<float[]> scores = new ArrayList<>();
            List<Integer> fl = new ArrayList<>();
            for (Map.Entry<Integer, double[]> e : clipSums.entrySet()) {
                if (e.getKey() > lastFrame || gaps.contains(e.getKey())) {
                    continue;
                }
                int n = clipCounts.get(e.getKey());
                float[] s = new float[e.getValue().length];
                for (int c = 0; c < s.length; c++) {
                    s[c] = (float) (e.getValue()[c] / n);
                }
                fl.add(e.getKey());
                scores.add(s);
            }
            frames = fl.stream().mapToInt(Integer::intValue).toArray();
            return List.of(new ScoreSeries(-1, head.labels(), frames, scores.toArray(new float[0][])));
        }
        flush();
        List<ScoreSeries> out = new ArrayList<>();
        byTrack.forEach((track, m) -> out.add(new ScoreSeries(track, head.labels(), m.keySet().stream().mapToInt(Integer::intValue).toArray(),
                m.values().toArray(new float[0][]))));
        return out;
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
