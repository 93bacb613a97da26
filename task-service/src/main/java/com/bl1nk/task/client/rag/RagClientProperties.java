package com.bl1nk.task.client.rag;

import com.bl1nk.common.client.Downstream;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where rag-service is and how long to wait for it.
 *
 * @param baseUrl rag-service base URL (direct, not through the gateway)
 * @param topK chunks retrieved per task
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout response timeout of one query (the read timeout of its RestClient)
 */
@Validated
@ConfigurationProperties("bl1nk.task.clients.rag")
public record RagClientProperties(
        @DefaultValue("http://127.0.0.1:8082") String baseUrl,
        @DefaultValue("5") @Min(1) @Max(50) int topK,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("15s") Duration requestTimeout) {

    /** rag-service for common-lib's client factory: token audience and circuit breaker {@code rag}. */
    public Downstream downstream() {
        return new Downstream("rag", baseUrl, connectTimeout, requestTimeout);
    }
}
