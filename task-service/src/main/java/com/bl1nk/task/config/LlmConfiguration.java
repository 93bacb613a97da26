package com.bl1nk.task.config;

import com.bl1nk.common.crypto.SecretBox;
import com.bl1nk.common.net.NetGuardProperties;
import com.bl1nk.common.net.UrlGuard;
import com.bl1nk.common.stream.StreamPublisher;
import com.bl1nk.task.client.billing.BillingClient;
import com.bl1nk.task.client.billing.BillingClientProperties;
import com.bl1nk.task.llm.LlmProperties;
import com.bl1nk.task.llm.call.BillingBudgetGate;
import com.bl1nk.task.llm.call.BudgetGate;
import com.bl1nk.task.llm.call.ModelCallEngine;
import com.bl1nk.task.llm.call.RetrySettings;
import com.bl1nk.task.llm.call.Sleeper;
import com.bl1nk.task.llm.provider.BedrockConverseClient;
import com.bl1nk.task.llm.provider.CallTimeouts;
import com.bl1nk.task.llm.provider.OpenAiCompatibleClient;
import com.bl1nk.task.llm.provider.ProviderClient;
import com.bl1nk.task.llm.provider.ProviderConfig;
import com.bl1nk.task.llm.provider.ProviderDirectory;
import com.bl1nk.task.llm.routing.PriceBook;
import com.bl1nk.task.llm.routing.ProviderHealth;
import com.bl1nk.task.llm.usage.RedisUsageEvents;
import com.bl1nk.task.llm.usage.TokenEstimator;
import com.bl1nk.task.llm.usage.UsageEvents;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/** Builds the model layer from {@link LlmProperties}: provider clients, health, billing gate, usage, call engine. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({LlmProperties.class, BillingClientProperties.class, NetGuardProperties.class})
class LlmConfiguration {

    private static final Logger log = LoggerFactory.getLogger(LlmConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean
    UrlGuard urlGuard(NetGuardProperties properties) {
        return new UrlGuard(properties);
    }

    /**
     * The secret box from {@code BL1NK_MASTER_KEY} (what {@code ./bl1nk up} exports); without it, common-lib's
     * {@code bl1nk.crypto.master-key} applies, and without either, tenant provider credentials are refused with 503.
     */
    @Bean
    @ConditionalOnProperty("BL1NK_MASTER_KEY")
    @ConditionalOnMissingBean
    SecretBox environmentSecretBox(Environment environment) {
        return SecretBox.fromBase64("k1", environment.getProperty("BL1NK_MASTER_KEY"), Map.of());
    }

    @Bean(destroyMethod = "shutdown")
    ExecutorService llmBackgroundExecutor() {
        return Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("llm-bg-", 0).factory());
    }

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

    @Bean
    ProviderHealth providerHealth(LlmProperties properties, MeterRegistry meters) {
        LlmProperties.Breaker b = properties.breaker();
        ProviderHealth health = new ProviderHealth(new ProviderHealth.BreakerSettings(
                b.slidingWindowSize(),
                b.minimumNumberOfCalls(),
                b.failureRateThreshold(),
                b.waitInOpenState(),
                b.permittedCallsInHalfOpenState()));
        health.bindMetrics(meters);
        return health;
    }

    @Bean
    PriceBook priceBook(BillingClient billing, BillingClientProperties billingProperties, LlmProperties properties) {
        return new PriceBook(billing, properties.priceCacheTtl(), billingProperties.enabled());
    }

    @Bean
    BudgetGate budgetGate(
            BillingClient billing, BillingClientProperties properties, ExecutorService llmBackgroundExecutor) {
        return properties.enabled()
                ? new BillingBudgetGate(billing, llmBackgroundExecutor)
                : BillingBudgetGate.disabled();
    }

    @Bean
    @ConditionalOnMissingBean
    UsageEvents usageEvents(StreamPublisher publisher) {
        return new RedisUsageEvents(publisher);
    }

    @Bean
    TokenEstimator tokenEstimator() {
        return new TokenEstimator();
    }

    @Bean
    @ConditionalOnMissingBean
    Sleeper sleeper() {
        return Sleeper.system();
    }

    @Bean
    ModelCallEngine modelCallEngine(
            List<ProviderClient> clients,
            ProviderHealth health,
            LlmProperties properties,
            Sleeper sleeper,
            BudgetGate budget,
            UsageEvents usage,
            TokenEstimator tokens,
            JsonMapper json,
            Clock clock,
            MeterRegistry meters) {
        LlmProperties.Retry r = properties.retry();
        LlmProperties.Timeouts t = properties.timeouts();
        return new ModelCallEngine(
                clients,
                health,
                new RetrySettings(r.maxRetries(), r.initialBackoff(), r.maxBackoff(), r.maxRetryAfter()),
                new CallTimeouts(t.firstByte(), t.streamIdle(), t.total()),
                sleeper,
                budget,
                usage,
                tokens,
                json,
                clock,
                properties.defaultMaxOutputTokens(),
                meters);
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
