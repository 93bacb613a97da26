package com.bl1nk.billing.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import com.bl1nk.common.stream.StreamCodec;
import com.bl1nk.common.stream.StreamMessage;
import com.bl1nk.contracts.examples.ContractExamples;
import com.bl1nk.contracts.usage.ModelCallMetered;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** billing reads {@code bl1nk:usage} as the committed {@code ModelCallMetered} example says producers write it. */
class UsageContractTests {

    private final UsageRecorder recorder = mock(UsageRecorder.class);

    private static StreamMessage message(String payloadJson) {
        StreamCodec<ModelCallMetered> codec = StreamCodec.of(ModelCallMetered.class);
        ModelCallMetered event = codec.decodePayload(payloadJson);
        Map<String, String> fields = codec.encode(event.eventId(), event.tenantId(), event, Instant.now());
        return StreamMessage.from(codec.stream(), "1-0", Map.copyOf(fields), 1);
    }

    @Test
    void theCommittedExampleReachesTheRecorderFieldForField() {
        StreamMessage message = message(ContractExamples.json(ModelCallMetered.class));
        ModelCallMetered expected = StreamCodec.of(ModelCallMetered.class).decode(message);

        UsageConsumerConfiguration.handle(message, recorder);

        verify(recorder).record(eq(expected), eq(expected.tenantId()));
        assertThat(expected.promptTokens()).isEqualTo(1200);
        assertThat(expected.cachedTokens()).isEqualTo(200);
        assertThat(expected.reservationId()).isNotNull();
    }

    @Test
    void aMessageOfAnotherTypeOnTheUsageStreamIsRefusedBeforeRecording() {
        StreamMessage usage = message(ContractExamples.json(ModelCallMetered.class));
        Map<String, String> fields = new java.util.HashMap<>(usage.fields());
        fields.put("type", "SomethingElse");

        assertThatThrownBy(() -> UsageConsumerConfiguration.handle(
                        StreamMessage.from(usage.stream(), "1-1", fields, 1), recorder))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SomethingElse");
        verify(recorder, never()).record(any(), any());
    }
}
