package com.bl1nk.task.llm.routing;

import com.bl1nk.task.client.billing.BillingClient;
import com.bl1nk.task.client.billing.BillingClientProperties;
import com.bl1nk.task.llm.LlmProperties;
import com.bl1nk.task.llm.provider.ProviderDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the live provider health (breaker thresholds from {@link LlmProperties}), billing's cached price book and the
 * routing summary logged at start.
 */
@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

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
    RoutingSummary routingSummary(ProviderDirectory directory, PriceBook prices) {
        return new RoutingSummary(directory, prices);
    }
}
