package com.bl1nk.task.llm;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Keeps the model layer's packages apart: providers know nothing of routing, routing nothing of the call engine, the
 * engine nothing of the HTTP API, the facade package nothing of its internals, and nothing in {@code llm} reaches into
 * the other task-service features or the shared wiring. (That no other feature reaches into {@code llm}'s subpackages
 * is {@code TaskStructureTests}' job.)
 */
class LlmStructureTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.bl1nk.task");

    @Test
    void llmSubpackagesFormLayers() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("api")
                .definedBy("com.bl1nk.task.llm")
                .layer("openai")
                .definedBy("com.bl1nk.task.llm.openai..")
                .layer("call")
                .definedBy("com.bl1nk.task.llm.call..")
                .layer("routing")
                .definedBy("com.bl1nk.task.llm.routing..")
                .layer("usage")
                .definedBy("com.bl1nk.task.llm.usage..")
                .layer("provider")
                .definedBy("com.bl1nk.task.llm.provider..")
                .layer("billingClient")
                .definedBy("com.bl1nk.task.client.billing..")
                .whereLayer("openai")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("call")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("routing")
                .mayOnlyBeAccessedByLayers("call", "openai")
                .whereLayer("usage")
                .mayOnlyBeAccessedByLayers("call")
                .whereLayer("provider")
                .mayOnlyBeAccessedByLayers("routing", "call", "openai")
                .whereLayer("billingClient")
                .mayOnlyBeAccessedByLayers("routing", "call")
                .check(CLASSES);
    }

    @Test
    void theFacadePackageKnowsNoneOfItsInternals() {
        noClasses()
                .that()
                .resideInAPackage("com.bl1nk.task.llm")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.bl1nk.task.llm.*..")
                .check(CLASSES);
    }

    @Test
    void modelLayerDoesNotDependOnOtherTaskFeatures() {
        noClasses()
                .that()
                .resideInAnyPackage("com.bl1nk.task.llm..", "com.bl1nk.task.client.billing..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "com.bl1nk.task.agent..",
                        "com.bl1nk.task.tasks..",
                        "com.bl1nk.task.loop..",
                        "com.bl1nk.task.queue..",
                        "com.bl1nk.task.events..",
                        "com.bl1nk.task.github..",
                        "com.bl1nk.task.config..")
                .check(CLASSES);
    }
}
