package com.bl1nk.common.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bl1nk.contracts.audit.AuditRecorded;
import com.bl1nk.contracts.examples.ContractExamples;
import com.bl1nk.contracts.tasks.TaskQueued;
import com.bl1nk.contracts.usage.ModelCallMetered;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StreamCodecTests {

    private static final StreamCodec<ModelCallMetered> USAGE = StreamCodec.of(ModelCallMetered.class);
    private static final UUID TENANT = UUID.fromString("0b7c1a5e-3f4d-4e1a-9c2b-7a6d5e4f3a21");

    @Test
    void takesStreamTypeAndVersionFromTheContractRecord() {
        assertThat(USAGE.stream()).isEqualTo(ModelCallMetered.STREAM);
        assertThat(USAGE.type()).isEqualTo("ModelCallMetered");
        assertThat(USAGE.version()).isEqualTo(1);
        assertThat(StreamCodec.of(TaskQueued.class).stream()).isEqualTo("bl1nk:tasks");
    }

    @Test
    void whatAProducerEncodesTheConsumerDecodesToTheSameRecord() {
        ModelCallMetered event = USAGE.decodePayload(ContractExamples.json(ModelCallMetered.class));
        Instant at = Instant.parse("2026-01-02T03:04:06Z");

        Map<String, String> fields = USAGE.encode(event.eventId(), TENANT, event, at);
        StreamMessage message = StreamMessage.from(USAGE.stream(), "1-0", fields, 1);

        assertThat(message.eventId()).isEqualTo(event.eventId());
        assertThat(message.type()).isEqualTo("ModelCallMetered");
        assertThat(message.version()).isEqualTo(1);
        assertThat(message.tenantId()).isEqualTo(TENANT);
        assertThat(message.publishedAt()).isEqualTo(at);
        assertThat(USAGE.decode(message)).isEqualTo(event);
    }

    @Test
    void refusesAnotherTypeOrVersion() {
        AuditRecorded audit =
                StreamCodec.of(AuditRecorded.class).decodePayload(ContractExamples.json(AuditRecorded.class));
        Map<String, String> auditFields =
                StreamCodec.of(AuditRecorded.class).encode(UUID.randomUUID(), TENANT, audit, Instant.now());
        StreamMessage other = StreamMessage.from(USAGE.stream(), "1-0", auditFields, 1);

        assertThat(USAGE.matches(other)).isFalse();
        assertThatThrownBy(() -> USAGE.decode(other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AuditRecorded");

        ModelCallMetered event = USAGE.decodePayload(ContractExamples.json(ModelCallMetered.class));
        Map<String, String> v2 = new LinkedHashMap<>(USAGE.encode(event.eventId(), TENANT, event, Instant.now()));
        v2.put(StreamFields.VERSION, "2");
        assertThatThrownBy(() -> USAGE.decode(StreamMessage.from(USAGE.stream(), "1-0", v2, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 2");
    }

    @Test
    void aPayloadWithoutARequiredFieldIsAnIllegalArgumentNamingTheField() {
        String withoutTokens = ContractExamples.json(ModelCallMetered.class).replace("\"promptTokens\": 1200,", "");

        assertThatThrownBy(() -> USAGE.decodePayload(withoutTokens))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("promptTokens");
    }

    @Test
    void aNullTokenCountIsRefusedRatherThanReadAsZero() {
        String nullTokens = ContractExamples.json(ModelCallMetered.class)
                .replace("\"completionTokens\": ", "\"completionTokens\": null, \"ignored\": ");

        assertThatThrownBy(() -> USAGE.decodePayload(nullTokens))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("completionTokens");
    }

    @Test
    void aRecordWithoutStreamContractIsRefused() {
        assertThatThrownBy(() -> StreamCodec.of(Instant.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("@StreamContract");
    }
}
