package com.bl1nk.billing.config;

import com.bl1nk.billing.alert.AlertProperties;
import com.bl1nk.billing.pricing.PricingProperties;
import com.bl1nk.billing.reservation.ReservationProperties;
import com.bl1nk.billing.usage.UsageProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Beans every billing feature shares; the schedulers (sweeper, alert dispatcher) run because of this class. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties({
    ReservationProperties.class,
    UsageProperties.class,
    AlertProperties.class,
    PricingProperties.class
})
class BillingConfiguration {}
