package org.dancelens;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The layer rules of shared/DESIGN.md, enforced: every row of its package table (what each package may import of
 * the project's other packages; libraries are free), and the UI's rules (only the UI uses JavaFX; view-models and
 * the session state use only JavaFX properties and collections; views do not reach past their view-models).
 */
@AnalyzeClasses(packages = "org.dancelens", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** The project's packages (the rows of the design's table). */
    static final List<String> PACKAGES = List.of("core", "video", "inference", "convert", "pose", "classify", "explain", "movement", "compare",
            "render", "analysis", "export", "cli", "ui");

    /** One row of the table: a package and the project packages it may import. */
    record Row(String pkg, Set<String> mayImport, String why) {
        @Override
        public String toString() {
            return pkg + " may import " + (mayImport.isEmpty() ? "no other package" : String.join(", ", mayImport));
        }
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("core", Set.of(), "immutable domain values and interfaces"),
                new Row("video", Set.of("core"), "decoding knows frames, not models"),
                new Row("inference", Set.of("core"), "model runtime, cards, graph tools and image input serve every model kind alike"),
                new Row("convert", Set.of("core", "inference"), "importers produce ONNX with the inference graph toolkit"),
                new Row("pose", Set.of("core", "video", "inference"), "pose estimators, tracking, smoothing"),
                new Row("classify", Set.of("core", "inference", "pose", "movement"),
                        "classifiers see frames, poses and models, not files, stores or reports; skeleton models' movement features are "
                                + "the movement package's measures (array arithmetic, no FX), computed by the same code as kinematics"),
                new Row("explain", Set.of("core", "inference"), "CAMs work on any image model's graph"),
                new Row("movement", Set.of("core"), "kinematics and music from arrays"),
                new Row("compare", Set.of("core", "pose", "classify", "movement"), "agreement between runs"),
                new Row("render", Set.of("core"), "the one window-free way to draw over a frame"),
                new Row("analysis", Set.of("core", "video", "inference", "convert", "pose", "classify", "explain", "movement", "compare", "render"),
                        "jobs and the results store sit on every engine"),
                new Row("export", Set.of("core", "video", "render", "analysis", "classify", "compare", "movement"),
                        "exports write what the store and the jobs produced; they run no model"),
                new Row("cli", Set.of("core", "video", "inference", "convert", "pose", "classify", "explain", "movement", "compare", "render", "analysis",
                        "export"), "the command line is the same jobs without a window"),
                new Row("ui", Set.of("core", "video", "inference", "convert", "pose", "classify", "explain", "movement", "compare", "render", "analysis",
                        "export"), "the workbench sits on top"));
    }

    private static final JavaClasses CLASSES = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests()).importPackages("org.dancelens");

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachPackageImportsOnlyWhatItsRowAllows(Row row) {
        List<String> forbidden = new ArrayList<>();
        for (String p : PACKAGES) {
            if (!p.equals(row.pkg()) && !row.mayImport().contains(p)) {
                forbidden.add("org.dancelens." + p + "..");
            }
        }
        noClasses().that().resideInAPackage("org.dancelens." + row.pkg() + "..")
                .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                .because(row.why() + " (shared/DESIGN.md)")
                .allowEmptyShould(true) // movement and compare come in later releases
                .check(CLASSES);
    }

    @ArchTest
    static final ArchRule coreImportsJdkOnly = classes()
            .that().resideInAPackage("org.dancelens.core..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.dancelens.core..")
            .because("core holds immutable domain values and interfaces only");

    @ArchTest
    static final ArchRule nothingOutsideUiUsesJavaFx = noClasses()
            .that().resideOutsideOfPackage("org.dancelens.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..")
            .because("core, video, cli and the other layers must run headless");

    @ArchTest
    static final ArchRule nothingImportsUiOrCli = noClasses()
            .that().resideOutsideOfPackages("org.dancelens.ui..", "org.dancelens.cli..")
            .and().doNotHaveFullyQualifiedName("org.dancelens.Launcher")
            .should().dependOnClassesThat().resideInAnyPackage("org.dancelens.ui..", "org.dancelens.cli..")
            .because("the UI and the CLI sit on top; only the launcher knows both");

    @ArchTest
    static final ArchRule cliDoesNotUseUi = noClasses()
            .that().resideInAPackage("org.dancelens.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("org.dancelens.ui..");

    @ArchTest
    static final ArchRule uiDoesNotUseCli = noClasses()
            .that().resideInAPackage("org.dancelens.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("org.dancelens.cli..");

    @ArchTest
    static final ArchRule viewModelsUseOnlyFxPropertiesAndCollections = classes()
            .that().haveSimpleNameEndingWith("ViewModel")
            .or().resideInAPackage("org.dancelens.ui.session..")
            .or().haveSimpleName("BackgroundJob").or().haveSimpleName("ListenerScope").or().haveSimpleName("InstalledModels")
            .should().onlyDependOnClassesThat(
                    JavaClass.Predicates.resideOutsideOfPackage("javafx..")
                            .or(JavaClass.Predicates.resideInAnyPackage("javafx.beans..", "javafx.collections..")))
            .because("view-models and the video sessions are tested without a toolkit: JavaFX properties and collections only, no controls");

    @ArchTest
    static final ArchRule viewsTalkToViewModelsNotToEngines = noClasses()
            .that().resideInAPackage("org.dancelens.ui..")
            .and().haveSimpleNameEndingWith("View")
            .should().dependOnClassesThat().resideInAnyPackage("org.dancelens.video..", "org.dancelens.inference..", "org.dancelens.pose..",
                    "org.dancelens.explain..", "org.dancelens.convert..", "org.dancelens.export..", "org.dancelens.analysis")
            .because("views bind to their view-models and draw; decoding, models, jobs and files are the view-models' business"
                    + " (the store's records, in analysis.store, may be shown)");

    /** The one adapter for direct ONNX Runtime use, with its nested types (see its javadoc for why it exists). */
    static final String ORT_ADAPTER = "org\\.dancelens\\.inference\\.OrtRuntime(\\$.*)?";

    @ArchTest
    static final ArchRule onlyTheAdapterUsesOnnxRuntime = noClasses()
            .that().haveNameNotMatching(ORT_ADAPTER)
            .should().dependOnClassesThat().resideInAnyPackage("ai.onnxruntime..")
            .because("every model runs through DJL (OnnxModel); direct ONNX Runtime use is kept in one named adapter, OrtRuntime");

    /** A rule that cannot fail is worthless: a class that opens an ONNX Runtime session itself breaks it; the adapter does not. */
    @org.junit.jupiter.api.Test
    void theOnnxRuntimeRuleCatchesADirectUse() {
        JavaClasses offender = new ClassFileImporter().importClasses(UsesOnnxRuntimeDirectly.class);
        assertThat(onlyTheAdapterUsesOnnxRuntime.evaluate(offender).hasViolation()).isTrue();
        assertThat(onlyTheAdapterUsesOnnxRuntime.evaluate(offender).getFailureReport().getDetails())
                .anyMatch(d -> d.contains("UsesOnnxRuntimeDirectly") && d.contains("ai.onnxruntime"));
        JavaClasses adapter = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests()).importPackages("org.dancelens.inference");
        assertThat(adapter.stream().filter(c -> c.getName().startsWith("org.dancelens.inference.OrtRuntime"))
                .anyMatch(c -> c.getDirectDependenciesFromSelf().stream().anyMatch(d -> d.getTargetClass().getPackageName().startsWith("ai.onnxruntime"))))
                .as("the adapter does use ONNX Runtime (else the exemption is not exercised)").isTrue();
        assertThat(onlyTheAdapterUsesOnnxRuntime.evaluate(adapter).hasViolation()).isFalse();
    }

    /** What the rule forbids outside the adapter: a session of one's own. */
    static final class UsesOnnxRuntimeDirectly {
        ai.onnxruntime.OrtSession open(byte[] model) throws ai.onnxruntime.OrtException {
            return ai.onnxruntime.OrtEnvironment.getEnvironment().createSession(model);
        }
    }

    @ArchTest
    static final ArchRule onlyTheStoreSpeaksSql = noClasses()
            .that().resideOutsideOfPackage("org.dancelens.analysis.store..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.sqlite..")
            .because("results are read and written through the store's aggregates, one place for the schema");
}
