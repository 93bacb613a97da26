package com.bl1nk.task.llm.call;

import com.bl1nk.task.client.billing.BillingClient;
import com.bl1nk.task.client.billing.BillingClientProperties;
import com.bl1nk.task.llm.LlmProperties;
import com.bl1nk.task.llm.ModelCalls;
import com.bl1nk.task.llm.provider.CallTimeouts;
import com.bl1nk.task.llm.provider.ProviderClient;
import com.bl1nk.task.llm.routing.ProviderHealth;
import com.bl1nk.task.llm.routing.Router;
import com.bl1nk.task.llm.usage.TokenEstimator;
import com.bl1nk.task.llm.usage.UsageEvents;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Builds the call engine and the {@link ModelCalls} facade from {@link LlmProperties}, with billing as budget gate. */
@Configuration(proxyBeanMethods = false)
class CallConfiguration {

    @Bean(destroyMethod = "shutdown")
    ExecutorService llmBackgroundExecutor() {
        return Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("llm-bg-", 0).factory());
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

    @Bean
    ModelCalls modelCalls(Router router, ModelCallEngine engine) {
        return new RoutedModelCalls(router, engine);
    }
}
