package com.bl1nk.rag;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.testsupport.FeatureRuleFixture;
import com.bl1nk.testsupport.FeatureRules;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps the feature packages apart: no cycles, and the pure domain packages free of Spring and SQL. */
class RagStructureTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.bl1nk.rag");

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("com.bl1nk.rag.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void parsingAndChunkingStayFreeOfSpringAndPersistence() {
        noClasses()
                .that()
                .resideInAnyPackage("com.bl1nk.rag.parse..", "com.bl1nk.rag.chunk..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "java.sql..", "com.bl1nk.rag.document..")
                .check(CLASSES);
    }

    @Test
    void onlyIngestionWritesChunksAndNothingDependsOnControllers() {
        noClasses()
                .that()
                .resideOutsideOfPackage("com.bl1nk.rag.ingest..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.bl1nk.rag.ingest..")
                .check(CLASSES);
        noClasses()
                .that()
                .haveSimpleNameNotEndingWith("Controller")
                .should()
                .dependOnClassesThat(JavaClass.Predicates.resideInAPackage("com.bl1nk.rag..")
                        .and(JavaClass.Predicates.simpleNameEndingWith("Controller")))
                .check(CLASSES);
    }

    /**
     * Every feature package (each direct sub-package of the root, found rather than listed) keeps to the shared
     * feature rules: no cycles, no use of another feature's internals, repositories or controllers, config only wires,
     * clients used through their client type, the error catalogue a leaf.
     */
    @Test
    void everyFeatureKeepsToTheSharedFeatureRules() {
        List<String> failures = new ArrayList<>();
        for (ArchRule rule : FeatureRules.all("com.bl1nk.rag")) {
            failures.addAll(rule.evaluate(CLASSES).getFailureReport().getDetails());
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void eachSharedFeatureRuleFailsOnAFeatureThatReachesIntoAnother() {
        FeatureRuleFixture.assertEveryRuleCatchesItsViolation();
    }
}
