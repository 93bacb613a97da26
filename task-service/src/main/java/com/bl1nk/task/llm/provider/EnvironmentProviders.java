package com.bl1nk.task.llm.provider;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Platform providers from the well-known environment variables {@code ./bl1nk up} looks at (OPENROUTER_API_KEY,
 * OPENAI_API_KEY, CLOUDFLARE_AI_GATEWAY_URL, AWS_BEDROCK_REGION, BL1NK_LLM_BASE_URL), used when no
 * {@code bl1nk.task.llm.providers} are configured, so a key in the environment is all a real provider needs.
 */
final class EnvironmentProviders {

    private EnvironmentProviders() {}

    static List<ProviderConfig> from(Map<String, String> env) {
        List<ProviderConfig> providers = new ArrayList<>();
        String openrouter = value(env, "OPENROUTER_API_KEY");
        if (openrouter != null) {
            providers.add(openAi(
                    "openrouter",
                    or(value(env, "OPENROUTER_BASE_URL"), "https://openrouter.ai/api/v1"),
                    openrouter,
                    Map.of("X-Title", "bl1nk"),
                    models(env, "OPENROUTER_MODELS", "openai/gpt-4o-mini,anthropic/claude-3.5-haiku")));
        }
        String openai = value(env, "OPENAI_API_KEY");
        if (openai != null) {
            providers.add(openAi(
                    "openai",
                    or(value(env, "OPENAI_BASE_URL"), "https://api.openai.com/v1"),
                    openai,
                    Map.of(),
                    models(env, "OPENAI_MODELS", "gpt-4o-mini,gpt-4o")));
        }
        String cloudflare = value(env, "CLOUDFLARE_AI_GATEWAY_URL");
        if (cloudflare != null) {
            String gatewayToken = value(env, "CLOUDFLARE_AI_GATEWAY_TOKEN");
            providers.add(openAi(
                    "cloudflare",
                    cloudflare,
                    value(env, "CLOUDFLARE_API_TOKEN"),
                    gatewayToken == null ? Map.of() : Map.of("cf-aig-authorization", "Bearer " + gatewayToken),
                    models(env, "CLOUDFLARE_MODELS", "openai/gpt-4o-mini")));
        }
        String region = value(env, "AWS_BEDROCK_REGION");
        if (region != null) {
            providers.add(new ProviderConfig(
                    "platform:bedrock",
                    "bedrock",
                    ProviderKind.BEDROCK,
                    null,
                    null,
                    value(env, "AWS_BEDROCK_ENDPOINT"),
                    null,
                    Map.of(),
                    region,
                    null,
                    null,
                    models(env, "BEDROCK_MODELS", "anthropic.claude-3-5-haiku-20241022-v1:0")));
        }
        String custom = value(env, "BL1NK_LLM_BASE_URL");
        if (custom != null) {
            providers.add(openAi(
                    "custom",
                    custom,
                    value(env, "BL1NK_LLM_API_KEY"),
                    Map.of(),
                    models(env, "BL1NK_LLM_MODELS", "llama3.1")));
        }
        return List.copyOf(providers);
    }

    private static ProviderConfig openAi(
            String name, String baseUrl, String apiKey, Map<String, String> headers, List<ModelDefinition> models) {
        return new ProviderConfig(
                "platform:" + name,
                name,
                ProviderKind.OPENAI_COMPATIBLE,
                null,
                null,
                baseUrl,
                apiKey,
                headers,
                null,
                null,
                null,
                models);
    }

    private static List<ModelDefinition> models(Map<String, String> env, String variable, String defaults) {
        return Arrays.stream(or(value(env, variable), defaults).split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(ModelDefinition::of)
                .toList();
    }

    private static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static String or(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
