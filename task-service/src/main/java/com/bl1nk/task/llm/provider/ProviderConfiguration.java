package com.bl1nk.task.llm.provider;

import com.bl1nk.common.net.UrlGuard;
import com.bl1nk.task.llm.LlmProperties;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the provider clients (OpenAI-compatible on the JDK client, Bedrock on the AWS SDK) with the connect timeout
 * from {@link LlmProperties}; tenant-configured URLs go through the {@link UrlGuard}, platform ones are trusted.
 */
@Configuration(proxyBeanMethods = false)
class ProviderConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ProviderConfiguration.class);

    @Bean
    OpenAiCompatibleClient openAiCompatibleClient(
            LlmProperties properties, UrlGuard urlGuard, JsonMapper json, Clock clock) {
        HttpClient trusted = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.timeouts().connect())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpClient guarded = urlGuard.httpClientBuilder(properties.timeouts().connect())
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new OpenAiCompatibleClient(trusted, guarded, json, clock);
    }

    @Bean(destroyMethod = "close")
    BedrockConverseClient bedrockConverseClient(LlmProperties properties, UrlGuard urlGuard, JsonMapper json) {
        return new BedrockConverseClient(urlGuard, json, properties.timeouts().connect());
    }

    /** Says at startup where model calls go, so nobody wonders why answers look canned. */
    @Bean
    ApplicationRunner llmModeBanner(ProviderDirectory directory, LlmProperties properties) {
        return args -> {
            if (directory.mockMode()) {
                log.info(
                        "LLM mode: mock (BL1NK_LLM_MODE=mock): every model call goes to mock-llm at {}; set a provider"
                                + " key (e.g. OPENROUTER_API_KEY) and BL1NK_LLM_MODE=providers for real models",
                        properties.mockBaseUrl());
            } else if (directory.platform().isEmpty()) {
                log.warn("LLM mode: providers, but no platform provider is configured: set OPENROUTER_API_KEY,"
                        + " OPENAI_API_KEY, CLOUDFLARE_AI_GATEWAY_URL, AWS_BEDROCK_REGION or BL1NK_LLM_BASE_URL (or"
                        + " bl1nk.task.llm.providers), or BL1NK_LLM_MODE=mock; only tenant providers will serve calls");
            } else {
                List<String> names = directory.platform().stream()
                        .map(ProviderConfig::toString)
                        .toList();
                log.info("LLM mode: providers; platform providers: {} (tenants may add their own)", names);
            }
        };
    }
}
