package com.bl1nk.mcp.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.common.audit.AuditOutbox;
import com.bl1nk.contracts.audit.AuditRecorded;
import com.bl1nk.contracts.examples.ContractExamples;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/** mcp-service's audit events decode on the gateway's side like the committed {@code AuditRecorded} example. */
class AuditContractTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aRecordedActionIsWrittenToTheOutboxAsAnAuditRecorded() {
        Instant now = Instant.parse("2026-01-02T03:04:05Z");
        List<Object[]> inserts = new CopyOnWriteArrayList<>();
        JdbcTemplate jdbc = new JdbcTemplate() {
            @Override
            public int update(String sql, Object... args) {
                assertThat(sql).startsWith("insert into mcp.audit_outbox");
                inserts.add(args);
                return 1;
            }
        };
        AuditTrail trail = new AuditTrail(new AuditOutbox(jdbc, "mcp"), Clock.fixed(now, ZoneOffset.UTC));
        UUID tenant = UUID.randomUUID();

        trail.record(tenant, "key:k1", "mcp_tool.called", "mcp_tool", "t-1", "success", Map.of("outcome", "ok"));

        assertThat(inserts).hasSize(1);
        Object[] row = inserts.getFirst();
        assertThat(row[1]).isEqualTo(tenant);
        String payload = (String) row[2];
        assertThat(AuditOutbox.AUDIT.decodePayload(payload))
                .isEqualTo(new AuditRecorded(
                        tenant,
                        "key:k1",
                        "mcp_tool.called",
                        "mcp_tool",
                        "t-1",
                        "success",
                        Map.of("outcome", "ok"),
                        now));
        assertThat(JSON.readTree(payload).propertyNames())
                .containsExactlyInAnyOrderElementsOf(JSON.readTree(ContractExamples.json(AuditRecorded.class))
                        .propertyNames());
    }
}
