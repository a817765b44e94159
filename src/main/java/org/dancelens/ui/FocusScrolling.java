package org.dancelens.ui;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ScrollPane;

/** Scrolls a panel so that the control the keyboard focus moves to (with Tab) is in sight. View code only. */
final class FocusScrolling {
    private FocusScrolling() {
    }

    static void install(Scene scene) {
        scene.focusOwnerProperty().addListener((o, was, now) -> {
            if (now != null) {
                reveal(now);
            }
        });
    }

    /** Scrolls every scroll pane around the node (innermost first) just enough to show it whole, or its top when taller. */
    static void reveal(Node node) {
        for (Parent p = node.getParent(); p != null; p = p.getParent()) {
            if (p instanceof ScrollPane sp && sp.getContent() != null) {
                scrollTo(sp, node);
            }
        }
    }

    private static void scrollTo(ScrollPane sp, Node node) {
        Node content = sp.getContent();
        Bounds inContent = content.sceneToLocal(node.localToScene(node.getBoundsInLocal()));
        Bounds viewport = sp.getViewportBounds();
        double contentHeight = content.getBoundsInLocal().getHeight();
        double room = contentHeight - viewport.getHeight();
        if (inContent == null || room <= 0) {
            return;
        }
        double top = sp.getVvalue() * room; // the content's y at the top of the viewport
        double y = top;
        if (inContent.getMinY() < top) {
            y = inContent.getMinY();
        } else if (inContent.getMaxY() > top + viewport.getHeight()) {
            y = Math.min(inContent.getMinY(), inContent.getMaxY() - viewport.getHeight());
        }
        if (y != top) {
            sp.setVvalue(Math.max(0, Math.min(1, y / room)));
        }
    }
}
