package org.dancelens;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layer rules of shared/DESIGN.md, enforced. */
@AnalyzeClasses(packages = "org.dancelens", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule nothingOutsideUiUsesJavaFx = noClasses()
            .that().resideOutsideOfPackage("org.dancelens.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..")
            .because("core, video, cli and the other layers must run headless");

    @ArchTest
    static final ArchRule viewModelsUseOnlyFxPropertiesAndCollections = classes()
            .that().haveSimpleNameEndingWith("ViewModel")
            .should().onlyDependOnClassesThat(
                    JavaClass.Predicates.resideOutsideOfPackage("javafx..")
                            .or(JavaClass.Predicates.resideInAnyPackage("javafx.beans..", "javafx.collections..")))
            .because("view-models are tested without a toolkit: JavaFX properties and collections only, no controls");

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
    static final ArchRule coreImportsJdkOnly = classes()
            .that().resideInAPackage("org.dancelens.core..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.dancelens.core..")
            .because("core holds immutable domain values and interfaces only");

    @ArchTest
    static final ArchRule videoImportsOnlyCore = noClasses()
            .that().resideInAPackage("org.dancelens.video..")
            .should().dependOnClassesThat().resideInAnyPackage("org.dancelens.inference..", "org.dancelens.pose..",
                    "org.dancelens.classify..", "org.dancelens.explain..", "org.dancelens.analysis..", "org.dancelens.export..");

    @ArchTest
    static final ArchRule inferenceUsesOnlyCore = noClasses()
            .that().resideInAPackage("org.dancelens.inference..")
            .should().dependOnClassesThat().resideInAnyPackage("org.dancelens.video..", "org.dancelens.pose..", "org.dancelens.classify..",
                    "org.dancelens.convert..", "org.dancelens.explain..", "org.dancelens.analysis..", "org.dancelens.export..")
            .because("models and the ONNX graph toolkit sit on core alone; the importer and the explanations build on them");

    @ArchTest
    static final ArchRule convertUsesOnlyCoreAndInference = noClasses()
            .that().resideInAPackage("org.dancelens.convert..")
            .should().dependOnClassesThat().resideInAnyPackage("org.dancelens.video..", "org.dancelens.pose..", "org.dancelens.classify..",
                    "org.dancelens.explain..", "org.dancelens.analysis..", "org.dancelens.export..");

    @ArchTest
    static final ArchRule explainUsesOnlyCoreAndInference = noClasses()
            .that().resideInAPackage("org.dancelens.explain..")
            .should().dependOnClassesThat().resideInAnyPackage("org.dancelens.video..", "org.dancelens.pose..", "org.dancelens.classify..",
                    "org.dancelens.convert..", "org.dancelens.analysis..", "org.dancelens.export..");

    @ArchTest
    static final ArchRule classifyUsesOnlyCoreInferenceAndPose = noClasses()
            .that().resideInAPackage("org.dancelens.classify..")
            .should().dependOnClassesThat().resideInAnyPackage("org.dancelens.video..", "org.dancelens.convert..", "org.dancelens.explain..",
                    "org.dancelens.analysis..", "org.dancelens.export..")
            .because("classifiers see frames, poses and models, not files, stores or reports (shared/DESIGN.md)");

    @ArchTest
    static final ArchRule exportDoesNotRunModels = noClasses()
            .that().resideInAPackage("org.dancelens.export..")
            .should().dependOnClassesThat().resideInAnyPackage("org.dancelens.inference..", "org.dancelens.pose..", "org.dancelens.convert..")
            .because("exports write what the store and the jobs produced; they do not run models");
}
