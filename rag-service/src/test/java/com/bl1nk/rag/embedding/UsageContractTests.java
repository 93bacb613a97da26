package com.bl1nk.rag.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.common.stream.StreamCodec;
import com.bl1nk.common.stream.StreamMessage;
import com.bl1nk.contracts.examples.ContractExamples;
import com.bl1nk.contracts.usage.ModelCallMetered;
import com.bl1nk.testsupport.CapturingStreamPublisher;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** rag-service's embedding usage is a {@code ModelCallMetered} billing reads like the committed example. */
class UsageContractTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aPublishedEmbeddingCallDecodesOnTheConsumerSideAsAnEmbeddingOfTheTenant() {
        CapturingStreamPublisher streams = new CapturingStreamPublisher();
        MeteringContext metering = new MeteringContext(UUID.randomUUID(), UUID.randomUUID());
        ModelCallMetered call = EmbeddingService.metered(
                metering, new EmbeddingSpec("openai", "text-embedding-3-small", 1536), 42, true, 17);

        new RedisUsagePublisher(streams).publish(call);

        StreamMessage message = streams.published().getFirst();
        ModelCallMetered read = StreamCodec.of(ModelCallMetered.class).decode(message);
        assertThat(read).isEqualTo(call);
        assertThat(read.kind()).isEqualTo(ModelCallMetered.EMBEDDING);
        assertThat(read.tenantId()).isEqualTo(metering.tenantId()).isEqualTo(message.tenantId());
        assertThat(read.promptTokens()).isEqualTo(42);
        JsonNode example = JSON.readTree(ContractExamples.json(ModelCallMetered.class));
        assertThat(JSON.readTree(message.payloadJson()).propertyNames()).isSubsetOf(example.propertyNames());
    }
}
