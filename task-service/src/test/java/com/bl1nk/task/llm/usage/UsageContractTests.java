package com.bl1nk.task.llm.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.common.stream.StreamCodec;
import com.bl1nk.common.stream.StreamMessage;
import com.bl1nk.contracts.examples.ContractExamples;
import com.bl1nk.contracts.usage.ModelCallMetered;
import com.bl1nk.testsupport.CapturingStreamPublisher;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What task-service publishes on {@code bl1nk:usage} is what billing's decoding of the committed example reads. */
class UsageContractTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aPublishedChatCallDecodesOnTheConsumerSideWithEveryFieldOfTheExample() {
        CapturingStreamPublisher streams = new CapturingStreamPublisher();
        ModelCallMetered call = new ModelCallMetered(
                UUID.randomUUID(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                "mock-llm",
                "mock-gpt",
                1200,
                300,
                200L,
                false,
                840L,
                "0.0042",
                ModelCallMetered.CHAT,
                "0af7651916cd43dd8448eb211c80319c",
                Instant.parse("2026-01-02T03:04:05Z"));

        new RedisUsageEvents(streams).publish(call);

        StreamMessage message = streams.published().getFirst();
        assertThat(message.stream()).isEqualTo("bl1nk:usage");
        assertThat(message.eventId()).isEqualTo(call.eventId());
        assertThat(message.tenantId()).isEqualTo(call.tenantId());
        assertThat(StreamCodec.of(ModelCallMetered.class).decode(message)).isEqualTo(call);
        JsonNode example = JSON.readTree(ContractExamples.json(ModelCallMetered.class));
        assertThat(JSON.readTree(message.payloadJson()).propertyNames())
                .containsExactlyInAnyOrderElementsOf(example.propertyNames());
    }
}
