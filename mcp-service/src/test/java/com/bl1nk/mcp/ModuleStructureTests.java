package com.bl1nk.mcp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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
}
