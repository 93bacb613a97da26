package com.bl1nk.task.llm.call;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.contracts.usage.ModelCallMetered;
import com.bl1nk.task.llm.CallOutcome;
import com.bl1nk.task.llm.CallRequest;
import com.bl1nk.task.llm.ServedBy;
import com.bl1nk.task.llm.StreamSink;
import com.bl1nk.task.llm.Usage;
import com.bl1nk.task.llm.provider.CallTimeouts;
import com.bl1nk.task.llm.provider.ModelDefinition;
import com.bl1nk.task.llm.provider.ProviderClient;
import com.bl1nk.task.llm.provider.ProviderConfig;
import com.bl1nk.task.llm.provider.ProviderKind;
import com.bl1nk.task.llm.provider.TestProviderClients;
import com.bl1nk.task.llm.routing.ModelPrice;
import com.bl1nk.task.llm.routing.ModelTarget;
import com.bl1nk.task.llm.routing.ProviderHealth;
import com.bl1nk.task.llm.usage.TokenEstimator;
import com.bl1nk.task.llm.usage.UsageEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** A call engine wired to real loopback providers with recording fakes for sleeping, budget and usage. */
final class EngineFixture {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final UUID TENANT = UUID.fromString("aaaaaaaa-0000-4000-8000-00000000000a");

    final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    final List<ModelCallMetered> usage = Collections.synchronizedList(new ArrayList<>());
    final FakeBudget budget = new FakeBudget();
    final ProviderHealth health;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final ModelCallEngine engine;

    EngineFixture(int maxRetries, Duration firstByte, ProviderHealth.BreakerSettings breaker) {
        this.health = new ProviderHealth(breaker);
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        ProviderClient client = TestProviderClients.openAiCompatible(http, JSON);
        UsageEvents events = usage::add;
        this.engine = new ModelCallEngine(
                List.of(client),
                health,
                new RetrySettings(maxRetries, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5)),
                new CallTimeouts(firstByte, firstByte, Duration.ofSeconds(10)),
                sleeps::add,
                budget,
                events,
                new TokenEstimator(),
                JSON,
                Clock.systemUTC(),
                1000,
                meters);
    }

    EngineFixture() {
        this(2, Duration.ofSeconds(5), lenientBreaker());
    }

    static ProviderHealth.BreakerSettings lenientBreaker() {
        return new ProviderHealth.BreakerSettings(100, 100, 50, Duration.ofSeconds(30), 2);
    }

    static ModelTarget target(String providerName, String baseUrl, String model) {
        return target(
                providerName,
                baseUrl,
                model,
                new ModelPrice(new BigDecimal("1.00"), new BigDecimal("2.00"), null, 8000, true));
    }

    /** A candidate at {@code price} ({@code null}: billing knows no price). */
    static ModelTarget target(String providerName, String baseUrl, String model, ModelPrice price) {
        ProviderConfig provider = new ProviderConfig(
                "platform:" + providerName,
                providerName,
                ProviderKind.OPENAI_COMPATIBLE,
                null,
                null,
                baseUrl,
                "test-key",
                Map.of(),
                null,
                null,
                null,
                List.of(ModelDefinition.of(model)));
        return new ModelTarget(provider, ModelDefinition.of(model), price);
    }

    static ObjectNode chat(String userText, boolean stream) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", "test-model");
        body.putArray("messages").addObject().put("role", "user").put("content", userText);
        if (stream) {
            body.put("stream", true);
        }
        return body;
    }

    static Call call(ObjectNode body, ModelTarget... candidates) {
        return capped(null, body, candidates);
    }

    /** A call the task budget caps at {@code maxCostUsd}. */
    static Call capped(BigDecimal maxCostUsd, ObjectNode body, ModelTarget... candidates) {
        boolean wantsUsage = body.path("stream_options").path("include_usage").asBoolean(false);
        return new Call(
                new CallRequest(
                        TENANT,
                        null,
                        null,
                        null,
                        "trace-1",
                        body,
                        body.path("model").asString(),
                        wantsUsage,
                        maxCostUsd),
                List.of(candidates));
    }

    /** A request with the candidates routing would have chosen. */
    record Call(CallRequest request, List<ModelTarget> candidates) {}

    CallOutcome complete(Call call) {
        return engine.complete(call.request(), call.candidates());
    }

    CallOutcome stream(Call call, StreamSink sink) {
        return engine.stream(call.request(), call.candidates(), sink);
    }

    /** Records what the engine writes to a streaming client. */
    static final class RecordingSink implements StreamSink {
        final List<String> chunks = new ArrayList<>();
        final List<ObjectNode> errors = new ArrayList<>();
        ServedBy openedWith;
        int opens;
        boolean done;
        int failAfterChunks = -1;

        @Override
        public void open(ServedBy servedBy, BigDecimal maxCostUsd) {
            opens++;
            openedWith = servedBy;
        }

        @Override
        public void chunk(String json) throws IOException {
            if (failAfterChunks >= 0 && chunks.size() >= failAfterChunks) {
                throw new IOException("client went away");
            }
            chunks.add(json);
        }

        @Override
        public void error(ObjectNode error) {
            errors.add(error);
        }

        @Override
        public void done(Usage usage, BigDecimal costUsd) {
            done = true;
        }

        /** The assistant text of all content deltas, in order. */
        String text() {
            StringBuilder out = new StringBuilder();
            for (String c : chunks) {
                JSON.readTree(c).path("choices").forEach(ch -> {
                    if (ch.path("delta").path("content").isString()) {
                        out.append(ch.path("delta").path("content").asString());
                    }
                });
            }
            return out.toString();
        }

        /** Concatenated arguments of the first streamed tool call. */
        String toolArguments() {
            StringBuilder out = new StringBuilder();
            for (String c : chunks) {
                JSON.readTree(c)
                        .path("choices")
                        .forEach(ch -> ch.path("delta")
                                .path("tool_calls")
                                .forEach(tc -> out.append(
                                        tc.path("function").path("arguments").asString(""))));
            }
            return out.toString();
        }
    }

    /** Budget fake: records reservations, settles and releases; can refuse. */
    static final class FakeBudget implements BudgetGate {
        final List<BigDecimal> reserved = Collections.synchronizedList(new ArrayList<>());
        final List<BigDecimal> settled = Collections.synchronizedList(new ArrayList<>());
        final List<UUID> released = Collections.synchronizedList(new ArrayList<>());
        volatile boolean refuse;
        final Set<String> unpricedProviders = ConcurrentHashMap.newKeySet();

        @Override
        public UUID reserve(CallRequest call, String provider, String model, BigDecimal maxCostUsd) {
            if (refuse) {
                throw ApiException.paymentRequired("budget_exceeded", "Monthly budget of tenant exhausted");
            }
            if (unpricedProviders.contains(provider)) {
                throw ApiException.unprocessable(
                        "model_not_priced", "Model " + model + " of " + provider + " has no price");
            }
            reserved.add(maxCostUsd);
            return UUID.randomUUID();
        }

        @Override
        public void settle(UUID reservationId, BigDecimal actualCostUsd) {
            settled.add(actualCostUsd);
        }

        @Override
        public void release(UUID reservationId) {
            released.add(reservationId);
        }
    }

    static int status(ApiException e) {
        return e.getStatusCode().value();
    }

    static HttpStatus httpStatus(int code) {
        return HttpStatus.valueOf(code);
    }
}
