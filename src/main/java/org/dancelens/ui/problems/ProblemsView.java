package org.dancelens.ui.problems;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.controlsfx.control.PopOver;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The status bar's problem indicator: an icon and the number of problems not yet looked at (nothing at all while
 * there are none); clicking it opens the list of recent problems (a ControlsFX pop-over), newest first, with Copy and Clear, and a footer
 * naming the log.
 */
public final class ProblemsView extends Button {
    private static final PseudoClass UNREAD = PseudoClass.getPseudoClass("unread");
    /** The list's width. */
    private static final double WIDTH = 480;
    /** The workbench's style sheet (a pop-over's scene does not have the window's). */
    private static final String CSS = ProblemsView.class.getResource("/org/dancelens/ui/dancelens.css").toExternalForm();

    private final ProblemsViewModel vm;
    private final VBox entries = new VBox();
    private final ScrollPane scroll = new ScrollPane();
    private PopOver popOver;

    public ProblemsView(ProblemsViewModel vm) {
        this.vm = vm;
        setId("problems-button");
        getStyleClass().addAll("icon-button", "problems-button");
        setGraphic(new FontIcon("mdi2a-alert-circle-outline"));
        setFocusTraversable(false);
        textProperty().bind(Bindings.when(vm.unreadProperty().greaterThan(0)).then(vm.unreadProperty().asString()).otherwise(""));
        visibleProperty().bind(vm.anyProperty());
        managedProperty().bind(visibleProperty());
        vm.unreadProperty().addListener((o, a, b) -> pseudoClassStateChanged(UNREAD, b.intValue() > 0));
        pseudoClassStateChanged(UNREAD, vm.unreadProperty().get() > 0);
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(Bindings.when(vm.unreadProperty().greaterThan(0))
                .then(Bindings.concat("Recent problems: ", vm.unreadProperty(), " new")).otherwise("Recent problems"));
        setTooltip(tip);
        setOnAction(e -> toggle());
        vm.problems().addListener((ListChangeListener<ProblemsViewModel.Problem>) c -> {
            if (popOver != null && popOver.isShowing()) {
                fill();
            }
        });
        vm.anyProperty().addListener((o, a, b) -> {
            if (!b && popOver != null) {
                popOver.hide(Duration.ZERO);
            }
        });
    }

    /** Opens the list (or closes it when open). */
    public void toggle() {
        if (popOver != null && popOver.isShowing()) {
            popOver.hide(Duration.ZERO);
            return;
        }
        if (popOver == null) {
            popOver = new PopOver(content());
            popOver.setArrowLocation(PopOver.ArrowLocation.BOTTOM_RIGHT); // above the indicator, at the window's right edge
            popOver.setDetachable(false);
            popOver.setHeaderAlwaysVisible(false);
            popOver.setAutoHide(true);
            popOver.setAnimated(false);
            popOver.setOnShown(e -> {
                vm.opened();
                scroll.requestFocus(); // keys scroll the list; Escape closes it
            });
            popOver.setOnHidden(e -> vm.closed());
        }
        fill();
        popOver.show(this, -2); // the arrow's tip just above the indicator, which stays visible
    }

    private Region content() {
        Label title = new Label("Recent problems");
        title.getStyleClass().add("panel-title");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button copy = new Button("Copy", new FontIcon("mdi2c-content-copy"));
        copy.setId("problems-copy");
        copy.setOnAction(e -> {
            ClipboardContent text = new ClipboardContent();
            text.putString(vm.copyText());
            Clipboard.getSystemClipboard().setContent(text);
        });
        Button clear = new Button("Clear", new FontIcon("mdi2d-delete-outline"));
        clear.setId("problems-clear");
        clear.setOnAction(e -> vm.clear());
        Button close = new Button("Close");
        close.setId("problems-close");
        close.setOnAction(e -> popOver.hide()); // Esc closes it too
        HBox header = new HBox(8, title, spacer, copy, clear, close);
        header.setAlignment(Pos.CENTER_LEFT);

        entries.getStyleClass().add("problems-entries");
        entries.setFillWidth(true);
        scroll.setContent(entries);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("white-scroll");

        Label footer = new Label(vm.footerText());
        footer.setId("problems-footer");
        footer.getStyleClass().add("field-hint");
        footer.setWrapText(true);

        VBox box = new VBox(8, header, scroll, footer);
        box.setId("problems-list");
        box.getStyleClass().add("problems-list");
        box.setPrefWidth(WIDTH);
        box.getStylesheets().add(CSS);
        return box;
    }

    /** The list's rows, newest first, from the view-model's list. */
    private void fill() {
        entries.getChildren().clear();
        for (ProblemsViewModel.Problem p : vm.problems()) {
            Label time = new Label(vm.timeText(p));
            time.getStyleClass().add("problem-time");
            Label about = new Label(vm.detailText(p));
            about.getStyleClass().add("problem-about");
            HBox top = new HBox(8, time, about);
            Label sentence = new Label(p.sentence());
            sentence.getStyleClass().add("problem-sentence");
            sentence.setWrapText(true);
            sentence.setMinHeight(Region.USE_PREF_SIZE);
            VBox row = new VBox(2, top, sentence);
            row.getStyleClass().add("problem-row");
            entries.getChildren().add(row);
        }
        // As tall as its rows with their sentences wrapped, up to about six of them; then it scrolls. Measured here,
        // as a scroll pane asks its content's height without a width (so wrapped text counts as one line); before the
        // list is first shown, the rows are not in a scene yet and are styled in one of their own to be measured.
        Scene measuring = null;
        if (entries.getScene() == null) {
            measuring = new Scene(new Group(entries));
            measuring.getStylesheets().add(CSS);
        }
        entries.applyCss();
        double h = entries.prefHeight(WIDTH - 42);
        if (measuring != null) {
            ((Group) measuring.getRoot()).getChildren().clear();
        }
        scroll.setPrefViewportHeight(Math.min(Math.max(h, 30), 340));
    }
}
