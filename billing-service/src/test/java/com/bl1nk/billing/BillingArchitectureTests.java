package com.bl1nk.billing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.testsupport.FeatureRuleFixture;
import com.bl1nk.testsupport.FeatureRules;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;

/** Keeps the feature packages apart: no cycles, controllers package-private, money free of Spring and storage. */
class BillingArchitectureTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.bl1nk.billing");

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("com.bl1nk.billing.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void lowerFeaturesDoNotReachUpIntoHigherOnes() {
        noClasses()
                .that()
                .resideInAnyPackage("..billing.pricing..", "..billing.budget..", "..billing.money..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("..billing.reservation..", "..billing.usage..", "..billing.alert..")
                .check(CLASSES);
        noClasses()
                .that()
                .resideInAnyPackage("..billing.reservation..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("..billing.usage..", "..billing.alert..")
                .check(CLASSES);
    }

    @Test
    void moneyIsPureDomainCode() {
        noClasses()
                .that()
                .resideInAPackage("..billing.money..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "java.sql..")
                .check(CLASSES);
    }

    @Test
    void controllersAreNotPartOfAFeaturesApi() {
        classes()
                .that()
                .areAnnotatedWith(RestController.class)
                .should()
                .notBePublic()
                .check(CLASSES);
    }

    @Test
    void noFloatingPointMoney() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.lang.Double")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.lang.Float")
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
        for (ArchRule rule : FeatureRules.all("com.bl1nk.billing")) {
            failures.addAll(rule.evaluate(CLASSES).getFailureReport().getDetails());
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void eachSharedFeatureRuleFailsOnAFeatureThatReachesIntoAnother() {
        FeatureRuleFixture.assertEveryRuleCatchesItsViolation();
    }
}
