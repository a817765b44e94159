package org.dancelens.ui;

import java.util.List;
import javafx.beans.property.Property;
import javafx.collections.ObservableList;

/**
 * Replacing what a chooser offers without losing its choice. A combo box bound to a view-model's choice clears that
 * choice while its items are replaced; every view-model refills its choosers through here, so the choice survives
 * when it is still offered and falls back to a default when it is not.
 */
public final class Choices {
    private Choices() {
    }

    /**
     * Offers {@code now} in {@code items} (a no-op when nothing changed) and keeps {@code choice} when {@code now}
     * still holds it, else sets {@code fallback} (which may be null).
     */
    public static <T> void offer(ObservableList<T> items, List<T> now, Property<T> choice, T fallback) {
        T keep = choice.getValue();
        if (!items.equals(now)) {
            items.setAll(now);
        }
        choice.setValue(keep != null && now.contains(keep) ? keep : fallback);
    }
}
