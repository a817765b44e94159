package org.dancelens.ui.models;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/** The Models panel: the list of models and cards with problems, the selected card's details. Bindings only. */
public final class ModelsView extends BorderPane {
    private final VBox sections = new VBox(14);

    /** @param onAddModel opens the "Add ONNX model" form */
    public ModelsView(ModelsViewModel vm, Runnable onAddModel) {
        getStyleClass().add("models-panel");

        Label title = new Label("Models");
        title.getStyleClass().add("panel-title");
        ProgressIndicator scanning = new ProgressIndicator();
        scanning.setPrefSize(16, 16);
        scanning.visibleProperty().bind(vm.scanningProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button add = new Button("Add ONNX model…", new FontIcon("mdi2p-plus-box-outline"));
        add.setId("add-onnx-model");
        add.setOnAction(e -> onAddModel.run());
        Button folder = new Button("Add folder…", new FontIcon("mdi2f-folder-plus-outline"));
        folder.setId("add-model-folder");
        folder.setTooltip(new Tooltip("Also list the models (ONNX + card) in another folder; kept between sessions"));
        folder.setOnAction(e -> vm.addFolder());
        Button rescan = new Button("Rescan", new FontIcon("mdi2r-refresh"));
        rescan.setId("rescan-models");
        rescan.setOnAction(e -> vm.rescan());
        rescan.disableProperty().bind(vm.scanningProperty());
        HBox toolbar = new HBox(8, title, scanning, spacer, add, folder, rescan);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        toolbar.setPadding(new Insets(8, 12, 8, 12));
        toolbar.getStyleClass().add("transport");
        setTop(toolbar);

        ListView<ModelsViewModel.Item> list = new ListView<>(vm.items());
        list.setId("model-list");
        list.setCellFactory(v -> new ItemCell());
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.selectedProperty().set(b);
            }
        });
        vm.selectedProperty().addListener((o, a, b) -> {
            if (list.getSelectionModel().getSelectedItem() != b) {
                list.getSelectionModel().select(b);
            }
        });
        list.setMinWidth(250);
        list.setPrefWidth(340);
        Label empty = new Label();
        empty.textProperty().bind(vm.statusProperty());
        empty.setWrapText(true);
        empty.setPadding(new Insets(12));
        list.setPlaceholder(empty);

        Label detailsTitle = new Label();
        detailsTitle.setId("model-title");
        detailsTitle.getStyleClass().add("details-title");
        detailsTitle.textProperty().bind(vm.detailsTitleProperty());
        detailsTitle.setWrapText(true);
        Label detailsSubtitle = new Label();
        detailsSubtitle.getStyleClass().add("details-subtitle");
        detailsSubtitle.textProperty().bind(vm.detailsSubtitleProperty());
        VBox details = new VBox(4, detailsTitle, detailsSubtitle, sections);
        VBox.setMargin(sections, new Insets(10, 0, 0, 0));
        details.setPadding(new Insets(14, 18, 18, 18));
        details.getStyleClass().add("model-details");
        ScrollPane scroll = new ScrollPane(details);
        scroll.setFitToWidth(true);
        scroll.setId("model-details");
        scroll.getStyleClass().add("white-scroll");
        vm.details().addListener((ListChangeListener<ModelsViewModel.Section>) c -> render(vm));
        render(vm);

        SplitPane split = new SplitPane(list, scroll);
        split.setDividerPositions(0.35);
        SplitPane.setResizableWithParent(list, false);
        setCenter(split);

        Label status = new Label();
        status.setId("models-status");
        status.textProperty().bind(vm.statusProperty());
        Label folders = new Label();
        folders.textProperty().bind(vm.foldersTextProperty());
        folders.setTooltip(new Tooltip());
        folders.getTooltip().textProperty().bind(vm.foldersTextProperty());
        folders.setMinWidth(0);
        HBox.setHgrow(folders, Priority.ALWAYS);
        status.setMinWidth(Region.USE_PREF_SIZE);
        HBox bar = new HBox(16, status, folders);
        bar.getStyleClass().add("status-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 10, 4, 10));
        setBottom(bar);
    }

    private void render(ModelsViewModel vm) {
        sections.getChildren().clear();
        for (ModelsViewModel.Section s : vm.details()) {
            Label head = new Label(s.title());
            head.getStyleClass().add("section-title");
            GridPane grid = new GridPane();
            grid.setHgap(12);
            grid.setVgap(3);
            ColumnConstraints key = new ColumnConstraints();
            key.setMinWidth(110);
            key.setPrefWidth(110);
            ColumnConstraints value = new ColumnConstraints();
            value.setHgrow(Priority.ALWAYS);
            grid.getColumnConstraints().addAll(key, value);
            int row = 0;
            for (ModelsViewModel.Field f : s.fields()) {
                Label v = new Label(f.value());
                v.setWrapText(true);
                v.getStyleClass().add("field-value");
                if (f.label().isEmpty()) {
                    grid.add(v, 0, row++, 2, 1);
                } else {
                    Label k = new Label(f.label());
                    k.getStyleClass().add("field-label");
                    GridPane.setValignment(k, javafx.geometry.VPos.TOP);
                    grid.add(k, 0, row);
                    grid.add(v, 1, row++);
                }
            }
            sections.getChildren().add(new VBox(4, head, grid));
        }
    }

    private static final class ItemCell extends ListCell<ModelsViewModel.Item> {
        ItemCell() {
            setPrefWidth(0); // as wide as the list: long names are cut with an ellipsis, no horizontal scrolling
        }

        @Override
        protected void updateItem(ModelsViewModel.Item item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
                setText(null);
                setTooltip(null);
                return;
            }
            FontIcon icon = new FontIcon(item.ok() ? "mdi2c-cube-outline" : "mdi2a-alert-circle-outline");
            icon.getStyleClass().add(item.ok() ? "model-ok" : "model-problem");
            icon.setIconSize(18);
            Label title = new Label(item.title());
            title.getStyleClass().add("item-title");
            Label sub = new Label(item.subtitle());
            sub.getStyleClass().add(item.ok() ? "item-subtitle" : "item-problem");
            HBox box = new HBox(8, icon, new VBox(1, title, sub));
            box.setAlignment(Pos.CENTER_LEFT);
            setText(null);
            setGraphic(box);
            setTooltip(item.ok() ? null : new javafx.scene.control.Tooltip(item.problem().message()));
        }
    }
}
