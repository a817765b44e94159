package org.dancelens.ui.player;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The bar under two videos in sync: each side's sync point (set to the frame it shows), the link toggle, the offset
 * between the sync points, mirror for either side, and superposition with its opacity. Bindings only.
 */
public final class SyncBar extends FlowPane {
    private final SyncViewModel vm;
    private final ToggleButton link = new ToggleButton("Linked", new FontIcon("mdi2l-link-variant"));
    private final CheckBox mirrorA = new CheckBox("Mirror A");
    private final CheckBox mirrorB = new CheckBox("Mirror B");
    private final ToggleButton superpose = new ToggleButton("Superpose", new FontIcon("mdi2l-layers-outline"));
    private final Slider opacity = new Slider(0, 1, 0.5);

    /**
     * @param clip the export of the two videos as one clip (its Clip… button, progress and cancel), or null for none
     */
    public SyncBar(SyncViewModel vm, org.dancelens.ui.compare.SyncClipViewModel clip) {
        super(8, 4);
        this.vm = vm;
        getStyleClass().add("sync-bar");
        setId("sync-bar");
        setAlignment(Pos.CENTER_LEFT);
        setPadding(new Insets(4, 10, 4, 10));
        Button setA = new Button("Set A sync here");
        setA.setId("sync-set-a");
        setA.setTooltip(new Tooltip("The frame the left video shows is its sync point (the same beat or movement as B's)"));
        setA.setOnAction(e -> vm.setSyncPointA());
        Button setB = new Button("Set B sync here");
        setB.setId("sync-set-b");
        setB.setTooltip(new Tooltip("The frame the right video shows is its sync point"));
        setB.setOnAction(e -> vm.setSyncPointB());
        Label a = new Label();
        a.textProperty().bind(vm.syncTextAProperty());
        a.setId("sync-a");
        Label b = new Label();
        b.textProperty().bind(vm.syncTextBProperty());
        b.setId("sync-b");
        Label offset = new Label();
        offset.textProperty().bind(vm.offsetTextProperty());
        offset.setId("sync-offset");
        link.setId("sync-link");
        link.setTooltip(new Tooltip("Linked: play, step, scrub and speed move both videos on one clock; unlink to move one alone"));
        link.selectedProperty().bindBidirectional(vm.linkedProperty());
        link.textProperty().bind(javafx.beans.binding.Bindings.when(link.selectedProperty()).then("Linked").otherwise("Unlinked"));
        mirrorA.setId("sync-mirror-a");
        mirrorA.selectedProperty().bindBidirectional(vm.playerA().mirroredProperty());
        mirrorB.setId("sync-mirror-b");
        mirrorB.selectedProperty().bindBidirectional(vm.playerB().mirroredProperty());
        superpose.setId("sync-superpose");
        superpose.setTooltip(new Tooltip("Draw B over A in one panel"));
        superpose.selectedProperty().bindBidirectional(vm.superposedProperty());
        opacity.setId("sync-opacity");
        opacity.setPrefWidth(110);
        opacity.setTooltip(new Tooltip("How opaque B is over A"));
        opacity.valueProperty().bindBidirectional(vm.opacityProperty());
        opacity.disableProperty().bind(superpose.selectedProperty().not());
        Label coverage = new Label();
        coverage.textProperty().bind(vm.coverageProperty());
        coverage.setId("sync-coverage");
        coverage.setStyle("-fx-text-fill: #a65e00;");
        getChildren().addAll(setA, a, link, setB, b, offset, new Separator(javafx.geometry.Orientation.VERTICAL), mirrorA, mirrorB, superpose,
                opacity, coverage);
        if (clip != null) {
            Button export = new Button("Clip…", new FontIcon("mdi2m-movie-open-outline"));
            export.setId("sync-export-clip");
            export.setTooltip(new Tooltip("Export the two videos as shown (side by side or superposed, mirrored, each with its skeletons) as one clip"));
            export.setOnAction(e -> clip.exportClip());
            export.disableProperty().bind(clip.runningProperty());
            javafx.scene.control.ProgressBar progress = new javafx.scene.control.ProgressBar();
            progress.setId("sync-export-progress");
            progress.setPrefWidth(90);
            progress.progressProperty().bind(clip.progressProperty());
            progress.visibleProperty().bind(clip.runningProperty());
            progress.managedProperty().bind(clip.runningProperty());
            Button cancel = new Button(null, new FontIcon("mdi2s-stop"));
            cancel.setId("sync-export-cancel");
            cancel.setTooltip(new Tooltip("Cancel the export: nothing is written"));
            cancel.setOnAction(e -> clip.cancel());
            cancel.visibleProperty().bind(clip.runningProperty());
            cancel.managedProperty().bind(clip.runningProperty());
            Label status = new Label();
            status.setId("sync-export-status");
            status.textProperty().bind(clip.statusProperty());
            getChildren().addAll(new Separator(javafx.geometry.Orientation.VERTICAL), export, progress, cancel, status);
        }
    }

    /** Taken off the window: lets go of the view-model's properties. */
    public void dispose() {
        link.selectedProperty().unbindBidirectional(vm.linkedProperty());
        mirrorA.selectedProperty().unbindBidirectional(vm.playerA().mirroredProperty());
        mirrorB.selectedProperty().unbindBidirectional(vm.playerB().mirroredProperty());
        superpose.selectedProperty().unbindBidirectional(vm.superposedProperty());
        opacity.valueProperty().unbindBidirectional(vm.opacityProperty());
    }
}
