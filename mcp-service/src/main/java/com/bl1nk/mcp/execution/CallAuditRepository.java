package com.bl1nk.mcp.execution;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Writes one {@code mcp.tool_calls} row per call attempt that reached a known tool. */
@Repository
class CallAuditRepository {

    /** One audited call. */
    record CallRecord(
            UUID id,
            UUID tenantId,
            UUID toolId,
            UUID serverId,
            String qualifiedName,
            String caller,
            String agentId,
            String taskId,
            String outcome,
            String errorCode,
            long durationMs,
            long outputBytes,
            boolean truncated,
            String argumentShapeJson,
            String traceId,
            Instant startedAt) {}

    private final JdbcClient jdbc;
    private final boolean synchronousCommit;

    CallAuditRepository(JdbcClient jdbc, ExecutionProperties properties) {
        this.jdbc = jdbc;
        this.synchronousCommit = properties.auditSynchronousCommit();
    }

    /**
     * Inserts the row; unless configured otherwise the commit does not wait for the WAL flush (the row is visible at
     * once and survives everything but a Postgres crash in the following fraction of a second).
     */
    void insert(CallRecord r) {
        // one round trip either way: set_config(..., true) lasts for this statement's own transaction
        String values = " :id, :tenantId, :toolId, :serverId, :q, :caller, :agentId, :taskId, :outcome, :errorCode,"
                + " :duration, :bytes, :truncated, :shape::jsonb, :traceId, :startedAt";
        String sql = "insert into mcp.tool_calls (id, tenant_id, tool_id, server_id, qualified_name, caller, agent_id,"
                + " task_id, outcome, error_code, duration_ms, output_bytes, truncated, argument_shape, trace_id,"
                + " started_at) "
                + (synchronousCommit
                        ? "values (" + values + ")"
                        : "select" + values + " from (select set_config('synchronous_commit', 'off', true)) as cfg");
        jdbc.sql(sql)
                .param("id", r.id())
                .param("tenantId", r.tenantId())
                .param("toolId", r.toolId())
                .param("serverId", r.serverId())
                .param("q", r.qualifiedName())
                .param("caller", r.caller())
                .param("agentId", r.agentId())
                .param("taskId", r.taskId())
                .param("outcome", r.outcome())
                .param("errorCode", r.errorCode())
                .param("duration", r.durationMs())
                .param("bytes", r.outputBytes())
                .param("truncated", r.truncated())
                .param("shape", r.argumentShapeJson())
                .param("traceId", r.traceId())
                .param("startedAt", Timestamp.from(r.startedAt()))
                .update();
    }

    long countForTool(UUID tenantId, UUID toolId) {
        return jdbc.sql("select count(*) from mcp.tool_calls where tenant_id = :tenantId and tool_id = :toolId")
                .param("tenantId", tenantId)
                .param("toolId", toolId)
                .query(Long.class)
                .single();
    }
}
