package com.bl1nk.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Evaluates {@link FeatureRules} on the broken miniature service in {@code archfixture}, to prove each can fail. */
public final class FeatureRuleFixture {

    /** The root package of the broken miniature service. */
    public static final String ROOT = "com.bl1nk.testsupport.archfixture";

    private FeatureRuleFixture() {}

    /** Each rule's description and the violations it reports on the fixture (an empty list: the rule cannot fail). */
    public static Map<String, List<String>> violations() {
        JavaClasses fixture = new ClassFileImporter().importPackages(ROOT);
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (ArchRule rule : FeatureRules.all(ROOT)) {
            EvaluationResult result = rule.evaluate(fixture);
            out.put(rule.getDescription(), result.getFailureReport().getDetails());
        }
        return out;
    }

    /** Fails unless every rule finds the fixture's violation of it, and the client rule spares the client type. */
    public static void assertEveryRuleCatchesItsViolation() {
        Map<String, List<String>> violations = violations();
        assertThat(violations).hasSize(FeatureRules.all(ROOT).size());
        violations.forEach((rule, details) -> assertThat(details)
                .as("the rule '%s' finds nothing in the broken fixture", rule)
                .isNotEmpty());
        assertThat(String.join(
                        "\n", violations.values().stream().flatMap(List::stream).toList()))
                .contains("Secret", "AlphaRepository", "AlphaController", "Wiring", "Helper", "FixtureErrors");
        String clientRule =
                FeatureRules.clientsAreUsedThroughTheirClientType(ROOT).getDescription();
        assertThat(violations.get(clientRule))
                .isNotEmpty()
                .allSatisfy(
                        v -> assertThat(v).contains("Helper").doesNotContain("DownClient.ask", "DownClient$Answer"));
    }
}
