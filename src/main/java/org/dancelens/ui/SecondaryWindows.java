package org.dancelens.ui;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;

/** What every window beside the workbench has: a Close button at the bottom right, and Esc closes it too. */
public final class SecondaryWindows {
    private SecondaryWindows() {
    }

    /**
     * The window's content with a Close button under it. The button is the window's cancel button, so Esc closes
     * the window unless a control on it (an open list, a menu) takes the key first.
     */
    public static Parent closable(Stage stage, Parent content) {
        Button close = new Button("Close");
        close.setId("close-window");
        close.setCancelButton(true);
        close.setOnAction(e -> stage.hide());
        HBox bar = new HBox(close);
        bar.setAlignment(Pos.CENTER_RIGHT);
        bar.setPadding(new Insets(6, 10, 6, 10));
        bar.getStyleClass().add("window-buttons");
        BorderPane root = new BorderPane(content);
        root.setBottom(bar);
        return root;
    }
}
