package com.bl1nk.task.llm.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.task.llm.provider.ModelDefinition;
import com.bl1nk.task.llm.provider.ProviderConfig;
import com.bl1nk.task.llm.provider.ProviderKind;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The routing summary {@code ./bl1nk up} prints when it leaves mock mode: where each model goes and its price. */
class RoutingSummaryTests {

    private static ProviderConfig provider(String name, String... models) {
        return new ProviderConfig(
                "platform:" + name,
                name,
                ProviderKind.OPENAI_COMPATIBLE,
                null,
                null,
                "https://example.test/v1",
                "sk-secret-not-shown",
                Map.of(),
                null,
                null,
                null,
                Arrays.stream(models).map(ModelDefinition::of).toList());
    }

    @Test
    void eachPlatformModelIsNamedWithItsProviderAndPriceOrHowToPriceIt() {
        List<ProviderConfig> platform =
                List.of(provider("openrouter", "openai/gpt-4o-mini"), provider("custom", "llama3.1", "qwen2.5"));

        List<String> lines = RoutingSummary.lines(
                platform,
                (p, m) -> m.equals("qwen2.5")
                        ? null
                        : new ModelPrice(new BigDecimal("0.150"), new BigDecimal("0.60"), null, null, null));

        assertThat(lines)
                .containsExactly(
                        "openai/gpt-4o-mini -> openrouter (openai_compatible), $0.15 in / $0.6 out per million tokens",
                        "llama3.1 -> custom (openai_compatible), $0.15 in / $0.6 out per million tokens",
                        "qwen2.5 -> custom (openai_compatible), NO PRICE: calls are refused with 422 model_not_priced"
                                + " until one is added (POST /api/v1/prices {\"scope\":\"platform\",\"provider\":"
                                + "\"custom\",\"model\":\"qwen2.5\",...})");
        assertThat(String.join("\n", lines)).doesNotContain("sk-secret-not-shown");
    }

    @Test
    void noPlatformProviderSaysOnlyTenantProvidersServe() {
        assertThat(RoutingSummary.lines(List.of(), (p, m) -> null))
                .containsExactly("no platform provider is configured; only tenant providers serve calls");
    }
}
