package com.bl1nk.task;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.task.structurefixture.ReachesIntoLlmInternals;
import com.bl1nk.task.structurefixture.UsesOnlyFacades;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Keeps task-service's features apart. A feature is a package right under {@code com.bl1nk.task} (agent, tasks,
 * events, queue, loop, llm, github, config) or one downstream client ({@code client.billing}, {@code client.rag},
 * {@code client.mcp}); its top-level package is its API and everything below it (subpackages, {@code .internal}) is
 * its own. The rules are written on package names, not class names, so they hold while features are restructured.
 */
class TaskStructureTests {

    private static final String ROOT = "com.bl1nk.task";

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    /** Another feature's subpackages are its internals: only its top-level package may be used from outside. */
    static final ArchRule NO_FEATURE_REACHES_INTO_ANOTHERS_INTERNALS = classes()
            .should(useOnlyTheTopLevelPackageOfOtherFeatures())
            .because("a feature's subpackages (e.g. llm.call, llm.routing, any .internal) are its internals");

    @Test
    void noFeatureReachesIntoAnotherFeaturesInternals() {
        NO_FEATURE_REACHES_INTO_ANOTHERS_INTERNALS.check(CLASSES);
    }

    @Test
    void featuresAreFreeOfCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void configOnlyWiresAndNothingDependsOnIt() {
        noClasses()
                .that()
                .resideOutsideOfPackage(ROOT + ".config..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ROOT + ".config..")
                .check(CLASSES);
    }

    @Test
    void downstreamClientsKnowNoOtherFeature() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".client..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        ROOT + ".agent..",
                        ROOT + ".tasks..",
                        ROOT + ".events..",
                        ROOT + ".queue..",
                        ROOT + ".loop..",
                        ROOT + ".llm..",
                        ROOT + ".github..",
                        ROOT + ".config..")
                .check(CLASSES);
    }

    @Test
    void theInternalsRuleFailsForAFeatureThatUsesLlmInternals() {
        JavaClasses bad = new ClassFileImporter().importClasses(ReachesIntoLlmInternals.class);

        EvaluationResult result = NO_FEATURE_REACHES_INTO_ANOTHERS_INTERNALS.evaluate(bad);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anySatisfy(line -> assertThat(line)
                        .contains(ReachesIntoLlmInternals.class.getName())
                        .contains("com.bl1nk.task.llm.routing.ModelTarget"))
                .anySatisfy(line -> assertThat(line).contains("com.bl1nk.task.llm.provider.ProviderKind"));
    }

    @Test
    void theInternalsRuleAcceptsAFeatureThatUsesOnlyFacades() {
        JavaClasses good = new ClassFileImporter().importClasses(UsesOnlyFacades.class);

        EvaluationResult result = NO_FEATURE_REACHES_INTO_ANOTHERS_INTERNALS.evaluate(good);

        assertThat(result.getFailureReport().getDetails()).isEmpty();
    }

    @Test
    void featureOfAPackageIsItsFirstSegmentOrItsDownstreamClient() {
        assertThat(feature(ROOT + ".llm.call")).contains("llm");
        assertThat(feature(ROOT + ".loop")).contains("loop");
        assertThat(feature(ROOT + ".client.billing")).contains("client.billing");
        assertThat(feature(ROOT + ".client.rag.internal")).contains("client.rag");
        assertThat(feature(ROOT)).isEmpty();
        assertThat(feature("com.bl1nk.common.error")).isEmpty();
    }

    private static ArchCondition<JavaClass> useOnlyTheTopLevelPackageOfOtherFeatures() {
        return new ArchCondition<>("use only the top-level package of other features") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                Optional<String> own = feature(origin.getPackageName());
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    String target =
                            dependency.getTargetClass().getBaseComponentType().getPackageName();
                    Optional<String> other = feature(target);
                    if (other.isPresent() && !other.equals(own) && !target.equals(ROOT + "." + other.get())) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                }
            }
        };
    }

    /** {@code llm} for {@code com.bl1nk.task.llm.call}, {@code client.rag} for {@code com.bl1nk.task.client.rag}. */
    static Optional<String> feature(String packageName) {
        if (!packageName.startsWith(ROOT + ".")) {
            return Optional.empty();
        }
        String[] segments = packageName.substring(ROOT.length() + 1).split("\\.");
        if (segments[0].equals("client") && segments.length > 1) {
            return Optional.of("client." + segments[1]);
        }
        return Optional.of(segments[0]);
    }
}
