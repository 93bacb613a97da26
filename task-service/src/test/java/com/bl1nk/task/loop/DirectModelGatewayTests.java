package com.bl1nk.task.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class DirectModelGatewayTests {

    private final DirectModelGateway gateway = new DirectModelGateway(
            new ModelGatewayProperties(
                    "direct",
                    "http://127.0.0.1:9/v1",
                    "",
                    "mock-gpt",
                    new BigDecimal("0.50"),
                    new BigDecimal("1.50"),
                    1024,
                    Duration.ofMillis(200),
                    Duration.ofSeconds(1)),
            JsonMapper.builder().build());

    @Test
    void refusesACallTheBudgetLeftCannotPayForBeforeSendingAnything() {
        ModelCall call = new ModelCall(
                UUID.randomUUID(),
                null,
                UUID.randomUUID(),
                UUID.randomUUID(),
                null,
                null,
                List.of(ChatMessage.system("x".repeat(3000)), ChatMessage.user("hi")),
                List.of(),
                new BigDecimal("0.0000001"));
        assertThatThrownBy(() -> gateway.call(call, d -> {}))
                .isInstanceOf(ModelCallException.class)
                .satisfies(e -> assertThat(((ModelCallException) e).code()).isEqualTo("budget_exhausted"));
    }

    @Test
    void estimatesPromptTokensOnTheHighSide() {
        int estimate = DirectModelGateway.estimatePromptTokens(
                List.of(ChatMessage.user("one two three four five six seven eight nine ten")), List.of());
        assertThat(estimate).isGreaterThanOrEqualTo(10);
    }

    @Test
    void reportsAnUnreachableEndpointAsTransient() {
        ModelCall call = new ModelCall(
                UUID.randomUUID(),
                null,
                UUID.randomUUID(),
                UUID.randomUUID(),
                null,
                null,
                List.of(ChatMessage.user("hi")),
                List.of(),
                BigDecimal.ONE);
        assertThatThrownBy(() -> gateway.call(call, d -> {}))
                .isInstanceOf(ModelCallException.class)
                .satisfies(
                        e -> assertThat(((ModelCallException) e).isTransient()).isTrue());
    }
}
