package com.bl1nk.task.llm.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bl1nk.task.llm.LlmProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import tools.jackson.databind.json.JsonMapper;

/** Mock mode and platform providers from configuration. */
class ProviderDirectoryTests {

    private static LlmProperties properties(LlmProperties.Mode mode, List<LlmProperties.PlatformProvider> providers) {
        return new LlmProperties(
                mode,
                "http://127.0.0.1:8090/v1",
                List.of("mock-gpt", "mock-gpt-mini"),
                providers,
                new LlmProperties.Retry(2, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(10)),
                new LlmProperties.Breaker(20, 10, 50, Duration.ofSeconds(30), 2),
                new LlmProperties.Timeouts(
                        Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(300)),
                4096,
                Duration.ofSeconds(60),
                8_388_608);
    }

    private static ProviderDirectory directory(LlmProperties properties) {
        return directory(properties, Map.of());
    }

    private static ProviderDirectory directory(LlmProperties properties, Map<String, String> env) {
        // the repository is never reached in these cases: mock mode and platform providers need no database
        return new ProviderDirectory(
                properties,
                null,
                new DefaultListableBeanFactory().getBeanProvider(com.bl1nk.common.crypto.SecretBox.class),
                JsonMapper.builder().build(),
                env);
    }

    @Test
    void providerKeysInTheEnvironmentBecomePlatformProviders() {
        Map<String, String> env = Map.of(
                "OPENROUTER_API_KEY", "sk-or-1",
                "CLOUDFLARE_AI_GATEWAY_URL", "https://gateway.ai.cloudflare.com/v1/acct/gw/compat",
                "CLOUDFLARE_AI_GATEWAY_TOKEN", "cf-token",
                "AWS_BEDROCK_REGION", "us-west-2",
                "BL1NK_LLM_BASE_URL", "http://ollama.internal:11434/v1",
                "BL1NK_LLM_MODELS", "llama3.1, qwen2.5");

        List<ProviderConfig> platform = directory(properties(LlmProperties.Mode.PROVIDERS, List.of()), env)
                .platform();

        assertThat(platform)
                .extracting(ProviderConfig::name)
                .containsExactly("openrouter", "cloudflare", "bedrock", "custom");
        assertThat(platform.get(0).apiKey()).isEqualTo("sk-or-1");
        assertThat(platform.get(0).baseUrl()).isEqualTo("https://openrouter.ai/api/v1");
        assertThat(platform.get(1).headers()).containsEntry("cf-aig-authorization", "Bearer cf-token");
        assertThat(platform.get(2).kind()).isEqualTo(ProviderKind.BEDROCK);
        assertThat(platform.get(2).region()).isEqualTo("us-west-2");
        assertThat(platform.get(3).models()).extracting(ModelDefinition::id).containsExactly("llama3.1", "qwen2.5");
    }

    @Test
    void noKeysAndNoConfigurationMeansNoPlatformProviders() {
        assertThat(directory(properties(LlmProperties.Mode.PROVIDERS, List.of()), Map.of())
                        .platform())
                .isEmpty();
    }

    @Test
    void mockModeReplacesThePlatformProvidersWithMockLlm() {
        LlmProperties.PlatformProvider real = new LlmProperties.PlatformProvider(
                "openai",
                "openai_compatible",
                "https://api.openai.com/v1",
                "sk-x",
                Map.of(),
                null,
                null,
                null,
                List.of(new LlmProperties.Model("gpt-4o-mini", null, null, null)));
        ProviderDirectory directory = directory(properties(LlmProperties.Mode.MOCK, List.of(real)));

        // tenant providers still come first in mock mode (MockModeTenantProviderIT): only the platform's are replaced
        List<ProviderConfig> providers = directory.platform();

        assertThat(directory.mockMode()).isTrue();
        assertThat(providers).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo(ProviderDirectory.MOCK_PROVIDER);
            assertThat(p.baseUrl()).isEqualTo("http://127.0.0.1:8090/v1");
            assertThat(p.kind()).isEqualTo(ProviderKind.MOCK);
            assertThat(p.models()).extracting(ModelDefinition::id).containsExactly("mock-gpt", "mock-gpt-mini");
        });
    }

    @Test
    void platformProvidersComeFromConfiguration() {
        LlmProperties.PlatformProvider bedrock = new LlmProperties.PlatformProvider(
                "bedrock",
                "bedrock",
                null,
                null,
                Map.of(),
                "eu-central-1",
                "",
                "",
                List.of(new LlmProperties.Model(
                        "claude-haiku", "anthropic.claude-3-haiku-20240307-v1:0", 200000, true)));
        ProviderDirectory directory = directory(properties(LlmProperties.Mode.PROVIDERS, List.of(bedrock)));

        ProviderConfig p = directory.platform().getFirst();

        assertThat(p.key()).isEqualTo("platform:bedrock");
        assertThat(p.kind()).isEqualTo(ProviderKind.BEDROCK);
        assertThat(p.awsAccessKeyId())
                .as("blank keys mean the default credentials chain")
                .isNull();
        assertThat(p.model("claude-haiku").upstreamId()).isEqualTo("anthropic.claude-3-haiku-20240307-v1:0");
        assertThat(p.tenantOwned()).isFalse();
    }

    @Test
    void unknownProviderKindFailsAtStartWithTheSettingsName() {
        LlmProperties.PlatformProvider odd = new LlmProperties.PlatformProvider(
                "odd", "telegraph", "https://x.example/v1", null, Map.of(), null, null, null, List.of());

        assertThatThrownBy(() -> directory(properties(LlmProperties.Mode.PROVIDERS, List.of(odd))))
                .hasMessageContaining("bl1nk.task.llm.providers[odd].kind");
    }
}
