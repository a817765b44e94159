package org.dancelens.ui.models;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.core.TaskRunner;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.ui.DialogService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Models panel: every installed model (the workbench's one list, read from the default model folders and the
 * folders the user added), cards that cannot be used with their problem, and the card of the selected model.
 */
public class ModelsViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(ModelsViewModel.class);

    /** One row of the list: a usable model ({@code entry}) or a card with a problem ({@code problem}). */
    public record Item(String id, String title, String subtitle, ModelRegistry.Entry entry, ModelRegistry.Problem problem) {
        public boolean ok() {
            return entry != null;
        }
    }

    /** One line of the details: a label and its value (an empty label: the value spans the line). */
    public record Field(String label, String value) {
    }

    /** A titled group of details (the model, one input, one output, labels, provenance, ...). */
    public record Section(String title, List<Field> fields) {
    }

    private final TaskRunner tasks;
    private final DialogService dialogs;
    private final InstalledModels installed;
    private final List<Path> defaultFolders;
    private final Path userFolder;
    private final ObservableList<String> extraFolders = FXCollections.observableArrayList();
    private final ObservableList<Item> items = FXCollections.observableArrayList();
    private final ObjectProperty<Item> selected = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper detailsTitle = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper detailsSubtitle = new ReadOnlyStringWrapper("");
    private final ObservableList<Section> details = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper foldersText = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper scanning = new ReadOnlyBooleanWrapper(false);
    private volatile List<Path> folderSnapshot;
    /** The model to select once the list shows it (after adding one). */
    private String pendingSelect;
    private int generation;

    /**
     * @param installed      the workbench's one list of installed models (this panel sets its folders)
     * @param defaultFolders the folders always read ({@link ModelRegistry#defaultFolders()})
     * @param userFolder     where added models are installed (read too)
     */
    public ModelsViewModel(TaskRunner tasks, DialogService dialogs, InstalledModels installed, List<Path> defaultFolders, Path userFolder) {
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.installed = installed;
        this.defaultFolders = List.copyOf(defaultFolders);
        this.userFolder = userFolder;
        updateFolders();
        extraFolders.addListener((ListChangeListener<String>) c -> updateFolders());
        selected.addListener((o, a, b) -> showDetails(b));
        installed.entries().addListener((ListChangeListener<ModelRegistry.Entry>) c -> show());
        installed.problems().addListener((ListChangeListener<ModelRegistry.Problem>) c -> show());
        show();
    }

    private void updateFolders() {
        // Absolute, so that "models" and $DANCELENS_MODELS naming the same folder are read once.
        Set<Path> all = new LinkedHashSet<>();
        defaultFolders.forEach(f -> all.add(f.toAbsolutePath().normalize()));
        all.add(userFolder.toAbsolutePath().normalize());
        extraFolders.forEach(f -> all.add(Path.of(f).toAbsolutePath().normalize()));
        folderSnapshot = List.copyOf(all);
        foldersText.set("Folders: " + String.join(" · ", folderSnapshot.stream().map(ModelsViewModel::shortPath).toList()));
    }

    static String shortPath(Path p) {
        String home = org.dancelens.core.UserFolders.home().toString();
        String s = p.toString();
        return home != null && !home.isEmpty() && s.startsWith(home + "/") ? "~" + s.substring(home.length()) : s;
    }

    /** The folders read now: the default ones, the user's model folder and the added ones. */
    public List<Path> folders() {
        return folderSnapshot;
    }

    /** Reads the folders again in the background, keeping the selection. */
    public void rescan() {
        Item sel = selected.get();
        rescan(sel == null ? null : sel.id());
    }

    /** Reads the folders again in the background, then selects the model {@code selectId} (or keeps the selection). */
    public void rescan(String selectId) {
        int gen = ++generation;
        List<Path> folders = folders();
        pendingSelect = selectId;
        scanning.set(true);
        status.set("Reading the model folders…");
        installed.catalog().setFolders(folders); // at once, so a read already under way cannot bring back the old folders
        tasks.submit("Reading model cards", ctx -> installed.catalog().refresh(), TaskRunner.Callbacks.of(reg -> {
            if (gen != generation) {
                return; // a newer scan is under way
            }
            scanning.set(false);
            show();
        }, e -> {
            if (gen != generation) {
                return;
            }
            scanning.set(false);
            status.set("The model folders could not be read.");
            dialogs.reportFailure("Model folders", LOG, "Reading the model folders", e);
        }));
    }

    /** The list as the installed models are now (whenever they change, e.g. a card copied into a folder). */
    private void show() {
        Item sel = selected.get();
        String selectId = pendingSelect != null ? pendingSelect : sel == null ? null : sel.id();
        List<Item> l = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (ModelRegistry.Entry e : installed.entries()) {
            ModelCard c = e.card();
            if (!seen.add(c.id())) {
                // The same id in two folders: the first folder wins everywhere else, so say so here.
                l.add(new Item(c.id() + "@" + e.cardFile(), c.id(), "hidden by another model with this id",
                        null, new ModelRegistry.Problem(e.cardFile(), "The model card " + e.cardFile().getFileName()
                        + " has the id " + c.id() + ", which a model in an earlier folder already uses; this one is not used.")));
                continue;
            }
            l.add(new Item(c.id(), c.name(), c.id() + " · " + c.task().label(), e, null));
        }
        for (ModelRegistry.Problem p : installed.problems()) {
            l.add(new Item(p.cardFile().toString(), p.cardFile().getFileName().toString(), "cannot be used", null, p));
        }
        items.setAll(l);
        long bad = l.stream().filter(i -> !i.ok()).count();
        long ok = l.size() - bad;
        status.set(ok == 0 && bad == 0 ? "No models found: add a folder, or add an ONNX model."
                : ok + (ok == 1 ? " model" : " models") + (bad == 0 ? "." : ", " + bad + (bad == 1 ? " card" : " cards") + " with a problem."));
        Item pick = l.stream().filter(i -> i.id().equals(selectId)).findFirst().orElse(l.isEmpty() ? null : l.get(0));
        if (pendingSelect != null && pick != null && pick.id().equals(pendingSelect)) {
            pendingSelect = null;
        }
        if (pick == selected.get()) {
            showDetails(pick);
        } else {
            selected.set(pick);
        }
    }

    /** Lets the user pick a folder of models; it is kept and scanned from now on. */
    public void addFolder() {
        dialogs.chooseFolder("Add a model folder").ifPresent(this::addFolder);
    }

    public void addFolder(Path folder) {
        Path f = folder.toAbsolutePath().normalize();
        if (!folders().contains(f) && !folders().contains(folder)) {
            extraFolders.add(f.toString());
        }
        rescan();
    }

    /** Stops scanning a folder the user added (the default folders stay). */
    public void removeFolder(Path folder) {
        extraFolders.remove(folder.toString());
        rescan();
    }

    /** Whether a usable model has this id already. */
    public boolean hasModel(String id) {
        return items.stream().anyMatch(i -> i.ok() && i.id().equals(id));
    }

    private void showDetails(Item item) {
        if (item == null) {
            detailsTitle.set("");
            detailsSubtitle.set("");
            details.clear();
            return;
        }
        if (!item.ok()) {
            detailsTitle.set(item.title());
            detailsSubtitle.set("This card cannot be used.");
            details.setAll(new Section("Problem", List.of(new Field("", item.problem().message()),
                    new Field("Card file", item.problem().cardFile().toAbsolutePath().toString()))));
            return;
        }
        ModelRegistry.Entry e = item.entry();
        ModelCard c = e.card();
        detailsTitle.set(c.name());
        detailsSubtitle.set(c.id() + " · " + c.task().label() + " · " + c.license());
        List<Section> s = new ArrayList<>();
        List<Field> model = new ArrayList<>();
        add(model, "Id", c.id());
        add(model, "Name", c.name());
        add(model, "Version", c.version());
        add(model, "Task", c.task().label());
        add(model, "Licence", c.license());
        add(model, "Description", c.description());
        add(model, "Card file", e.cardFile().toAbsolutePath().toString());
        s.add(new Section("Model", model));
        for (ModelCard.TensorSpec in : c.inputs()) {
            List<Field> f = new ArrayList<>();
            add(f, "Layout", in.layout());
            add(f, "Type", in.dtype());
            add(f, "Shape", in.shape() == null ? null : in.shape().toString());
            ModelCard.Preprocess p = in.preprocess();
            if (p != null) {
                add(f, "Resize", p.resize());
                add(f, "Colour order", p.colorOrder());
                add(f, "Scale", p.scale() == null ? null : scale(p.scale()));
                add(f, "Offset", p.offset() == null ? null : number(p.offset()));
                add(f, "Mean", p.mean() == null ? null : numbers(p.mean()));
                add(f, "Std", p.std() == null ? null : numbers(p.std()));
            }
            s.add(new Section("Input · " + in.name(), f));
        }
        for (ModelCard.OutputSpec out : c.outputs()) {
            List<Field> f = new ArrayList<>();
            add(f, "Shape", out.shape() == null ? null : out.shape().toString());
            add(f, "Decoding", out.decoding());
            add(f, "Description", out.description());
            s.add(new Section("Output · " + out.name(), f));
        }
        if (c.labels() != null && !c.labels().isEmpty()) {
            s.add(new Section("Labels (" + c.labels().size() + ")", List.of(new Field("", String.join(", ", c.labels())))));
        }
        if (c.keypoints() != null) {
            String joints;
            try {
                SkeletonSchema k = SkeletonSchema.byId(c.keypoints());
                joints = k.joints().size() + " joints: " + String.join(", ", k.joints());
            } catch (DanceLensException ex) {
                joints = "not a schema DanceLens knows (coco-17, blazepose-33)";
            }
            s.add(new Section("Keypoints", List.of(new Field("Schema", c.keypoints()), new Field("Joints", joints))));
        }
        List<Field> prov = new ArrayList<>();
        ModelCard.Provenance p = c.provenance();
        add(prov, "Source", p.source());
        add(prov, "Source sha256", p.sourceSha256());
        add(prov, "Converter", p.converter());
        add(prov, "ONNX file", e.onnxFile().toAbsolutePath().toString());
        add(prov, "sha256", p.onnxSha256() == null ? "not recorded in the card" : p.onnxSha256());
        s.add(new Section("Provenance", prov));
        if (c.options() != null && !c.options().isEmpty()) {
            List<Field> f = new ArrayList<>();
            for (Map.Entry<String, Object> o : c.options().entrySet()) {
                add(f, o.getKey(), String.valueOf(o.getValue()));
            }
            s.add(new Section("Options", f));
        }
        details.setAll(s);
    }

    private static void add(List<Field> fields, String label, String value) {
        if (value != null && !value.isBlank()) {
            fields.add(new Field(label, value.strip()));
        }
    }

    static String scale(double v) {
        return Math.abs(v * 255 - 1) < 1e-9 ? "1/255" : Math.abs(v * 127.5 - 1) < 1e-9 ? "1/127.5" : number(v);
    }

    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.6g", v).replaceAll("0+$", "");
    }

    private static String numbers(List<Double> l) {
        return String.join(", ", l.stream().map(ModelsViewModel::number).toList());
    }

    public ObservableList<Item> items() {
        return items;
    }

    public ObjectProperty<Item> selectedProperty() {
        return selected;
    }

    public ReadOnlyStringProperty detailsTitleProperty() {
        return detailsTitle.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty detailsSubtitleProperty() {
        return detailsSubtitle.getReadOnlyProperty();
    }

    public ObservableList<Section> details() {
        return details;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty foldersTextProperty() {
        return foldersText.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty scanningProperty() {
        return scanning.getReadOnlyProperty();
    }

    /** The folders the user added (kept between sessions by the window). */
    public ObservableList<String> extraFolders() {
        return extraFolders;
    }

    /** Where added models are installed. */
    public Path userFolder() {
        return userFolder;
    }
}
