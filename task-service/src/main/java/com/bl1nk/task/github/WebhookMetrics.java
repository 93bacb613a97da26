package com.bl1nk.task.github;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Webhook deliveries by what became of them: on receipt (queued, duplicate, refused, ignored, rejected for a bad
 * signature or body) and at the end of their processing (replied on GitHub, or failed for good). Tagged by source and
 * outcome only, never by installation, repository or tenant.
 */
@Component
class WebhookMetrics {

    /** Outcome of a delivery that was refused before it was stored (bad signature, header or body). */
    static final String REJECTED = "rejected";

    private final MeterRegistry registry;

    WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (GithubWebhooks.Outcome outcome : GithubWebhooks.Outcome.values()) {
            received(outcome.name());
        }
        received(REJECTED);
        processed("replied");
        processed("failed");
    }

    void received(GithubWebhooks.Outcome outcome) {
        received(outcome.name()).increment();
    }

    void rejected() {
        received(REJECTED).increment();
    }

    void replied() {
        processed("replied").increment();
    }

    void failed() {
        processed("failed").increment();
    }

    private Counter received(String outcome) {
        return Counter.builder("bl1nk.webhook.deliveries")
                .description("Webhook deliveries received, by what the platform did with them")
                .tag("source", "github")
                .tag("outcome", outcome.toLowerCase(Locale.ROOT))
                .register(registry);
    }

    private Counter processed(String outcome) {
        return Counter.builder("bl1nk.webhook.processed")
                .description("Stored webhook deliveries whose processing ended: replied, or failed for good")
                .tag("source", "github")
                .tag("outcome", outcome)
                .register(registry);
    }
}
