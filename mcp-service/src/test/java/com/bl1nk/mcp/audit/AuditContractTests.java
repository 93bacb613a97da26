package com.bl1nk.mcp.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.common.stream.StreamCodec;
import com.bl1nk.common.stream.StreamMessage;
import com.bl1nk.common.stream.StreamPublisher;
import com.bl1nk.contracts.audit.AuditRecorded;
import com.bl1nk.contracts.examples.ContractExamples;
import com.bl1nk.testsupport.CapturingStreamPublisher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import tools.jackson.databind.json.JsonMapper;

/** mcp-service's audit events decode on the gateway's side like the committed {@code AuditRecorded} example. */
class AuditContractTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aRecordedActionReachesTheAuditStreamAsAnAuditRecorded() {
        Instant now = Instant.parse("2026-01-02T03:04:05Z");
        CapturingStreamPublisher streams = new CapturingStreamPublisher(Clock.fixed(now, ZoneOffset.UTC));
        AuditTrail trail = new AuditTrail(
                new StaticListableBeanFactory(Map.of("streams", streams)).getBeanProvider(StreamPublisher.class),
                Clock.fixed(now, ZoneOffset.UTC));
        UUID tenant = UUID.randomUUID();

        try {
            trail.record(tenant, "key:k1", "mcp_tool.called", "mcp_tool", "t-1", "success", Map.of("outcome", "ok"));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !streams.published().isEmpty());
        } finally {
            trail.destroy();
        }

        StreamMessage message = streams.published().getFirst();
        AuditRecorded read = StreamCodec.of(AuditRecorded.class).decode(message);
        assertThat(read)
                .isEqualTo(new AuditRecorded(
                        tenant,
                        "key:k1",
                        "mcp_tool.called",
                        "mcp_tool",
                        "t-1",
                        "success",
                        Map.of("outcome", "ok"),
                        now));
        assertThat(message.tenantId()).isEqualTo(tenant);
        assertThat(JSON.readTree(message.payloadJson()).propertyNames())
                .containsExactlyInAnyOrderElementsOf(JSON.readTree(ContractExamples.json(AuditRecorded.class))
                        .propertyNames());
    }
}
