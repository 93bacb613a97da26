package com.bl1nk.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.testsupport.FeatureRuleFixture;
import com.bl1nk.testsupport.FeatureRules;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps the feature packages honest: no cycles, no reaching into another feature's internals or repositories. */
class ArchitectureTests {

    private static final String ROOT = "com.bl1nk.gateway";
    private static final List<String> FEATURES = List.of(
            "apikey",
            "audit",
            "auth",
            "bootstrap",
            "docs",
            "edge",
            "idempotency",
            "people",
            "ratelimit",
            "routing",
            "serviceaccount",
            "session",
            "sso",
            "tenant");

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void noFeatureReachesIntoAnotherFeaturesInternals() {
        for (String feature : FEATURES) {
            noClasses()
                    .that()
                    .resideOutsideOfPackage(ROOT + "." + feature + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage(ROOT + "." + feature + ".internal..")
                    .allowEmptyShould(true)
                    .check(CLASSES);
        }
    }

    @Test
    void repositoriesAreUsedOnlyInsideTheirFeature() {
        for (String feature : FEATURES) {
            noClasses()
                    .that()
                    .resideOutsideOfPackage(ROOT + "." + feature + "..")
                    .should()
                    .dependOnClassesThat(JavaClass.Predicates.simpleNameEndingWith("Repository")
                            .and(JavaClass.Predicates.resideInAPackage(ROOT + "." + feature + "..")))
                    .allowEmptyShould(true)
                    .check(CLASSES);
        }
    }

    @Test
    void sharedWebPlumbingDependsOnNoFeature() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".web..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(FEATURES.stream()
                        .map(feature -> ROOT + "." + feature + "..")
                        .toArray(String[]::new))
                .check(CLASSES);
    }

    @Test
    void controllersAreNotUsedByOtherCode() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .haveSimpleNameEndingWith("Controller")
                .allowEmptyShould(true)
                .check(CLASSES.that(DescribedPredicate.describe(
                        "not a controller", c -> !c.getSimpleName().endsWith("Controller"))));
    }

    /**
     * Every feature package (each direct sub-package of the root, found rather than listed) keeps to the shared
     * feature rules: no cycles, no use of another feature's internals, repositories or controllers, config only wires,
     * clients used through their client type, the error catalogue a leaf.
     */
    @Test
    void everyFeatureKeepsToTheSharedFeatureRules() {
        List<String> failures = new ArrayList<>();
        for (ArchRule rule : FeatureRules.all("com.bl1nk.gateway")) {
            failures.addAll(rule.evaluate(CLASSES).getFailureReport().getDetails());
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void eachSharedFeatureRuleFailsOnAFeatureThatReachesIntoAnother() {
        FeatureRuleFixture.assertEveryRuleCatchesItsViolation();
    }
}
