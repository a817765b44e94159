package org.dancelens.music;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The music package's analysis works on arrays: only {@link AudioDecoder} touches FFmpeg, and nothing in the package
 * uses another project package than core (shared/DESIGN.md puts music analysis with "core" only, audio coming in as
 * arrays), so the analysis can move into the design's {@code movement} package as it is.
 */
class MusicLayerTest {
    @Test
    void onlyTheDecoderUsesFfmpegAndTheAnalysisUsesOnlyCoreAndHipparchus() {
        JavaClasses music = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests()).importPackages("org.dancelens.music");
        classes().that().resideInAPackage("org.dancelens.music..")
                .and().doNotHaveFullyQualifiedName(AudioDecoder.class.getName())
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.dancelens.core..", "org.dancelens.music..",
                        "org.hipparchus..")
                .check(music);
        // the rule can fail: without the decoder's exemption, the decoder breaks it
        boolean decoderBreaksIt = classes().that().resideInAPackage("org.dancelens.music..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.dancelens.core..", "org.dancelens.music..",
                        "org.hipparchus..")
                .evaluate(music).getFailureReport().getDetails().stream().anyMatch(d -> d.contains("AudioDecoder") && d.contains("org.bytedeco"));
        org.assertj.core.api.Assertions.assertThat(decoderBreaksIt).isTrue();
        classes().that().haveFullyQualifiedName(AudioDecoder.class.getName())
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.dancelens.core..", "org.dancelens.music..",
                        "org.bytedeco..")
                .check(music);
    }
}
