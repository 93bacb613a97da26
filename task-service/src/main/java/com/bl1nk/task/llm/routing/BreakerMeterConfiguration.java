package com.bl1nk.task.llm.routing;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps tenant-owned providers' circuit breakers out of the exported metrics: their breaker names carry the tenant id
 * and the tenant's provider id ({@code tenant:<tenantId>:<providerId>|<model>}), which would leak tenants into
 * platform dashboards and grow the series without bound. Platform providers' breakers stay visible.
 */
@Configuration(proxyBeanMethods = false)
class BreakerMeterConfiguration {

    @Bean
    MeterFilter tenantBreakersAreNotExported() {
        return new MeterFilter() {
            @Override
            public MeterFilterReply accept(Meter.Id id) {
                String name = id.getTag("name");
                return id.getName().startsWith("resilience4j.circuitbreaker")
                                && name != null
                                && name.startsWith("tenant:")
                        ? MeterFilterReply.DENY
                        : MeterFilterReply.NEUTRAL;
            }
        };
    }
}
