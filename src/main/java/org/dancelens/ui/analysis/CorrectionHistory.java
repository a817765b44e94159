package org.dancelens.ui.analysis;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.dancelens.analysis.store.PoseFrames.Correction;

/**
 * The identity corrections that can be undone and redone, per pose run (of a results store), and what Undo and Redo
 * do for the run on display. A new correction of a run clears what could be redone on it; one undo or redo at a time.
 */
public final class CorrectionHistory {
    /** One pose run of one store. */
    private record RunKey(Path store, long runId) {
    }

    private final Map<RunKey, Deque<Correction>> undo = new HashMap<>();
    private final Map<RunKey, Deque<Correction>> redo = new HashMap<>();
    private RunKey shown;
    private String shownModel;
    private boolean busy;
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper undoText = new ReadOnlyStringWrapper("Undo Identity Correction");
    private final ReadOnlyStringWrapper redoText = new ReadOnlyStringWrapper("Redo Identity Correction");

    /** The pose run on display (null: none): Undo and Redo work on its corrections. */
    public void show(Path store, Long runId) {
        show(store, runId, null);
    }

    /** As {@link #show(Path, Long)}, the run made by pose model {@code model} (names its dancers in the menu texts). */
    public void show(Path store, Long runId, String model) {
        shown = store == null || runId == null ? null : new RunKey(store.toAbsolutePath(), runId);
        shownModel = model;
        update();
    }

    /** A correction was made: it can be undone, and nothing undone before on its run can be redone. */
    public void done(Path store, Correction c) {
        RunKey k = new RunKey(store.toAbsolutePath(), c.runId());
        undo.computeIfAbsent(k, x -> new ArrayDeque<>()).push(c);
        redo.remove(k);
        update();
    }

    /** The correction Undo takes back on the run on display, or null. */
    public Correction nextUndo() {
        Deque<Correction> d = shown == null || busy ? null : undo.get(shown);
        return d == null ? null : d.peek();
    }

    /** The correction Redo makes again on the run on display, or null. */
    public Correction nextRedo() {
        Deque<Correction> d = shown == null || busy ? null : redo.get(shown);
        return d == null ? null : d.peek();
    }

    /** While an undo or redo is under way, neither can start. */
    public void busy(boolean b) {
        busy = b;
        update();
    }

    /** {@code was} (the last correction of its run) was undone, leaving {@code undone} to redo. */
    public void undone(Path store, Correction was, Correction undone) {
        RunKey k = new RunKey(store.toAbsolutePath(), was.runId());
        Deque<Correction> d = undo.get(k);
        if (d != null && d.peek() == was) {
            d.pop();
        }
        redo.computeIfAbsent(k, x -> new ArrayDeque<>()).push(undone);
        update();
    }

    /** {@code was} (the last undone correction of its run) was made again as {@code redone}. */
    public void redone(Path store, Correction was, Correction redone) {
        RunKey k = new RunKey(store.toAbsolutePath(), was.runId());
        Deque<Correction> d = redo.get(k);
        if (d != null && d.peek() == was) {
            d.pop();
        }
        undo.computeIfAbsent(k, x -> new ArrayDeque<>()).push(redone);
        update();
    }

    /** The run's stored identities are no longer what its history describes: nothing of it can be undone or redone. */
    public void forget(Path store, long runId) {
        RunKey k = new RunKey(store.toAbsolutePath(), runId);
        undo.remove(k);
        redo.remove(k);
        update();
    }

    /** What a correction did, as a sentence's object ("dancers #1 and #2 swapped from frame 40 on"). */
    public static String describe(Correction c) {
        return describe(c, null);
    }

    /** As {@link #describe(Correction)}, dancers of pose model {@code model}'s run ("dancers movenet-multipose #1 and #2 ..."). */
    public static String describe(Correction c, String model) {
        String a = org.dancelens.core.DancerNames.dancer(model, c.a());
        return c.swap() ? String.format(Locale.ROOT, "dancers %s and #%d swapped from frame %d on", a, c.b(), c.fromFrame())
                : String.format(Locale.ROOT, "dancer %s merged into #%d from frame %d on", a, c.b(), c.fromFrame());
    }

    private void update() {
        Correction u = nextUndo();
        Correction r = nextRedo();
        canUndo.set(u != null);
        canRedo.set(r != null);
        undoText.set(u == null ? "Undo Identity Correction" : "Undo " + action(u));
        redoText.set(r == null ? "Redo Identity Correction" : "Redo " + action(r));
    }

    /** "Swap of movenet-multipose #1 and #2", "Merge of movenet-multipose #3 into #1": the run named once. */
    private String action(Correction c) {
        String first = org.dancelens.core.DancerNames.dancer(shownModel, c.a());
        return (c.swap() ? "Swap of " + first + " and #" : "Merge of " + first + " into #") + c.b();
    }

    /** Whether the run on display has a correction to undo (and none is under way). */
    public ReadOnlyBooleanProperty canUndoProperty() {
        return canUndo.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRedoProperty() {
        return canRedo.getReadOnlyProperty();
    }

    /** The Undo menu item's text, naming what it takes back. */
    public ReadOnlyStringProperty undoTextProperty() {
        return undoText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty redoTextProperty() {
        return redoText.getReadOnlyProperty();
    }
}
