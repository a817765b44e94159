package org.dancelens.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.property.Property;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;
import javafx.collections.SetChangeListener;

/**
 * Listeners and bindings registered together and removed together: a video session, or a panel following the
 * session on screen, registers through its scope and {@link #close() closes} it when it goes, so nothing it
 * registered on longer-lived objects keeps it (or them) alive. {@link #live()} counts, process-wide, what all scopes
 * hold now (the leak test's measure).
 */
public final class ListenerScope implements AutoCloseable {
    private static final AtomicLong LIVE = new AtomicLong();
    private final List<Runnable> removers = new ArrayList<>();

    /** Registrations held by all open scopes. */
    public static long live() {
        return LIVE.get();
    }

    /** Registrations this scope holds. */
    public int size() {
        return removers.size();
    }

    private void add(Runnable remover) {
        removers.add(remover);
        LIVE.incrementAndGet();
    }

    public <T> void onChange(ObservableValue<T> value, ChangeListener<? super T> listener) {
        value.addListener(listener);
        add(() -> value.removeListener(listener));
    }

    public void onInvalidate(Observable value, InvalidationListener listener) {
        value.addListener(listener);
        add(() -> value.removeListener(listener));
    }

    public <E> void onChange(ObservableList<E> list, ListChangeListener<? super E> listener) {
        list.addListener(listener);
        add(() -> list.removeListener(listener));
    }

    public <E> void onChange(ObservableSet<E> set, SetChangeListener<? super E> listener) {
        set.addListener(listener);
        add(() -> set.removeListener(listener));
    }

    /** {@code target} follows {@code source} until the scope closes. */
    public <T> void bind(Property<T> target, ObservableValue<? extends T> source) {
        target.bind(source);
        add(target::unbind);
    }

    /** Two properties hold the same value until the scope closes. */
    public <T> void bindBidirectional(Property<T> a, Property<T> b) {
        a.bindBidirectional(b);
        add(() -> a.unbindBidirectional(b));
    }

    /** Anything else to undo when the scope closes (e.g. stopping a timer). */
    public void onClose(Runnable undo) {
        add(undo);
    }

    /** Removes every registration, newest first. The scope can be used again afterwards. */
    @Override
    public void close() {
        for (int i = removers.size() - 1; i >= 0; i--) {
            removers.get(i).run();
        }
        LIVE.addAndGet(-removers.size());
        removers.clear();
    }
}
