package com.bl1nk.mcp;

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

/** Keeps mcp-service's feature packages apart: no cycles, and the low-level packages know nothing above them. */
class ModuleStructureTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.bl1nk.mcp");

    @Test
    void featurePackagesAreFreeOfCycles() {
        slices().matching("com.bl1nk.mcp.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void connectionLayerKnowsNothingAboutTenantsToolsOrTheEndpoint() {
        noClasses()
                .that()
                .resideInAPackage("com.bl1nk.mcp.connect..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "com.bl1nk.mcp.registry..",
                        "com.bl1nk.mcp.execution..",
                        "com.bl1nk.mcp.endpoint..",
                        "com.bl1nk.mcp.client..")
                .check(CLASSES);
    }

    @Test
    void downstreamClientsAndOwnEndpointStayOutOfTheRegistry() {
        noClasses()
                .that()
                .resideInAnyPackage("com.bl1nk.mcp.client..", "com.bl1nk.mcp.endpoint..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.bl1nk.mcp.registry..", "com.bl1nk.mcp.execution..", "com.bl1nk.mcp.connect..")
                .check(CLASSES);
    }

    @Test
    void registryDoesNotReachIntoExecution() {
        noClasses()
                .that()
                .resideInAPackage("com.bl1nk.mcp.registry..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.bl1nk.mcp.execution..", "com.bl1nk.mcp.endpoint..")
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
        for (ArchRule rule : FeatureRules.all("com.bl1nk.mcp")) {
            failures.addAll(rule.evaluate(CLASSES).getFailureReport().getDetails());
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void eachSharedFeatureRuleFailsOnAFeatureThatReachesIntoAnother() {
        FeatureRuleFixture.assertEveryRuleCatchesItsViolation();
    }
}
