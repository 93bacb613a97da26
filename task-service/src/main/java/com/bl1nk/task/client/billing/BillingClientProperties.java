package com.bl1nk.task.client.billing;

import com.bl1nk.common.client.Downstream;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where billing-service is and how long to wait for it.
 *
 * @param enabled whether calls reserve budget (off only for benchmarks and isolated development)
 * @param baseUrl billing-service root URL (no path)
 * @param connectTimeout TCP connect limit
 * @param readTimeout response limit
 */
@Validated
@ConfigurationProperties("bl1nk.task.clients.billing")
public record BillingClientProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("http://127.0.0.1:8084") @NotBlank String baseUrl,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("5s") Duration readTimeout) {

    /** billing-service for common-lib's client factory: token audience and circuit breaker {@code billing}. */
    public Downstream downstream() {
        return new Downstream("billing", baseUrl, connectTimeout, readTimeout);
    }
}
