package com.bl1nk.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.bl1nk.common.audit.AuditOutbox;
import com.bl1nk.common.stream.StreamMessage;
import com.bl1nk.common.trace.Traceparent;
import com.bl1nk.contracts.audit.AuditRecorded;
import com.bl1nk.contracts.examples.ContractExamples;
import com.bl1nk.testsupport.CapturingStreamPublisher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.jdbc.core.JdbcTemplate;

/** The audit writer stores {@code bl1nk:audit} messages as the committed {@code AuditRecorded} example says they are. */
class AuditContractTests {

    private final AuditRepository repository = mock(AuditRepository.class);

    private static StreamMessage message(UUID eventId, AuditRecorded event) {
        Map<String, String> fields = AuditPublisher.AUDIT.encode(eventId, event.tenantId(), event, Instant.now());
        return StreamMessage.from(AuditPublisher.AUDIT.stream(), "1-0", fields, 1);
    }

    /** The trace the producer published in, which the writer stores with the event. */
    private static String traceId(StreamMessage message) {
        return Traceparent.parse(message.traceparent()).orElseThrow().traceId();
    }

    @Test
    void theCommittedExampleIsStoredFieldForFieldUnderItsEventId() {
        AuditRecorded example = AuditPublisher.AUDIT.decodePayload(ContractExamples.json(AuditRecorded.class));
        UUID eventId = UUID.randomUUID();
        when(repository.insertOnce(any(), any(), any(), any())).thenReturn(true);

        StreamMessage message = message(eventId, example);
        AuditWriter.write(repository, java.time.Clock.systemUTC(), message);

        ArgumentCaptor<AuditRecorded> stored = ArgumentCaptor.forClass(AuditRecorded.class);
        verify(repository).insertOnce(eq(eventId), stored.capture(), eq(traceId(message)), any());
        assertThat(stored.getValue()).isEqualTo(example);
        assertThat(stored.getValue().details()).containsEntry("reason", "gave up after 3 attempts");
    }

    @Test
    void whatTheGatewayPublishesTheWriterCompletesWithDefaults() {
        AuditRecorded minimal =
                new AuditRecorded(UUID.randomUUID(), null, "tenant.created", null, "t-1", null, null, Instant.now());
        when(repository.insertOnce(any(), any(), any(), any())).thenReturn(true);

        AuditWriter.write(repository, java.time.Clock.systemUTC(), message(UUID.randomUUID(), minimal));

        ArgumentCaptor<AuditRecorded> stored = ArgumentCaptor.forClass(AuditRecorded.class);
        verify(repository).insertOnce(any(), stored.capture(), any(), any());
        assertThat(stored.getValue().actor()).isEqualTo("unknown");
        assertThat(stored.getValue().resourceType()).isEqualTo("unknown");
        assertThat(stored.getValue().outcome()).isEqualTo(AuditRecorded.SUCCESS);
        assertThat(stored.getValue().details()).isEmpty();
    }

    @Test
    void whatThePublisherRecordsTheRelayedMessageCarriesAndTheWriterStores() {
        List<Object[]> inserts = new ArrayList<>();
        JdbcTemplate outboxTable = new JdbcTemplate() {
            @Override
            public int update(String sql, Object... args) {
                inserts.add(args);
                return 1;
            }
        };
        AuditRecorded event = AuditRecorded.success(
                UUID.randomUUID(), "key:k1", "api_key.created", "api_key", "k2", Map.of("role", "developer"));
        when(repository.insertOnce(any(), any(), any(), any())).thenReturn(true);

        new AuditPublisher(new AuditOutbox(outboxTable, "identity")).publish(event);
        Object[] row = inserts.getFirst();
        // what the outbox relay sends for that row
        CapturingStreamPublisher streams = new CapturingStreamPublisher();
        streams.publish(
                AuditPublisher.AUDIT,
                (UUID) row[0],
                (UUID) row[1],
                AuditPublisher.AUDIT.decodePayload((String) row[2]),
                0);
        StreamMessage published = streams.published().getFirst();
        AuditWriter.write(repository, java.time.Clock.systemUTC(), published);

        verify(repository).insertOnce(eq((UUID) row[0]), eq(event), eq(traceId(published)), any());
        assertThat(published.tenantId()).isEqualTo(event.tenantId());
    }

    @Test
    void aMessageOfAnotherTypeIsIgnored() {
        AuditRecorded example = AuditPublisher.AUDIT.decodePayload(ContractExamples.json(AuditRecorded.class));
        Map<String, String> fields =
                new HashMap<>(message(UUID.randomUUID(), example).fields());
        fields.put("type", "SomethingElse");

        AuditWriter.write(
                repository, java.time.Clock.systemUTC(), StreamMessage.from(AuditRecorded.STREAM, "1-1", fields, 1));

        verify(repository, never()).insertOnce(any(), any(), any(), any());
    }
}
