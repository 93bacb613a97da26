package com.bl1nk.billing.usage;

import com.bl1nk.billing.money.Money;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Aggregations over the ledger, always scoped to one tenant; group keys come from a fixed list, never from input. */
@Component
class UsageQueries {

    /** The dimensions a report can group by, with the SQL expression of each (fixed, so no input reaches SQL). */
    enum GroupBy {
        DAY("to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD')"),
        MODEL("provider || '/' || model"),
        AGENT("coalesce(agent_id::text, 'none')"),
        KEY("coalesce(api_key_id::text, 'none')"),
        TASK("coalesce(task_id::text, 'none')");

        final String expression;

        GroupBy(String expression) {
            this.expression = expression;
        }

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static GroupBy fromWire(String value) {
            for (GroupBy g : values()) {
                if (g.wire().equals(value)) {
                    return g;
                }
            }
            return null;
        }
    }

    private static final String AGGREGATES = "count(*) as calls, coalesce(sum(prompt_tokens), 0) as prompt,"
            + " coalesce(sum(completion_tokens), 0) as completion, coalesce(sum(cached_tokens), 0) as cached,"
            + " coalesce(sum(cost_usd), 0) as cost, count(*) filter (where estimated) as estimated,"
            + " count(*) filter (where unpriced) as unpriced";

    private final JdbcClient jdbc;

    UsageQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    List<UsageReport.Row> grouped(UUID tenantId, GroupBy groupBy, Instant from, Instant to, int maxGroups) {
        return jdbc.sql("select " + groupBy.expression + " as k, " + AGGREGATES + " from billing.usage_records"
                        + " where tenant_id = :tenant and occurred_at >= :from and occurred_at < :to"
                        + " group by k order by k limit :limit")
                .param("tenant", tenantId)
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .param("limit", maxGroups)
                .query(UsageQueries::row)
                .list();
    }

    @Transactional(readOnly = true)
    UsageReport.Row totals(UUID tenantId, Instant from, Instant to) {
        return jdbc.sql("select 'total' as k, " + AGGREGATES + " from billing.usage_records"
                        + " where tenant_id = :tenant and occurred_at >= :from and occurred_at < :to")
                .param("tenant", tenantId)
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .query(UsageQueries::row)
                .single();
    }

    @Transactional(readOnly = true)
    List<UsageReport.Row> taskByModel(UUID tenantId, UUID taskId) {
        return jdbc.sql("select provider || '/' || model as k, " + AGGREGATES + " from billing.usage_records"
                        + " where tenant_id = :tenant and task_id = :task group by k order by k")
                .param("tenant", tenantId)
                .param("task", taskId)
                .query(UsageQueries::row)
                .list();
    }

    @Transactional(readOnly = true)
    List<UsageRecordResponse> records(UUID tenantId, UUID taskId, Instant afterAt, UUID afterId, int limit) {
        StringBuilder sql = new StringBuilder("select id, event_id, api_key_id, agent_id, task_id, reservation_id,"
                + " provider, model, kind, prompt_tokens, completion_tokens, cached_tokens, cost_usd, estimated,"
                + " unpriced, trace_id, occurred_at, recorded_at from billing.usage_records where tenant_id = :tenant");
        if (taskId != null) {
            sql.append(" and task_id = :task");
        }
        if (afterAt != null) {
            sql.append(" and (occurred_at, id) < (:afterAt, :afterId)");
        }
        sql.append(" order by occurred_at desc, id desc limit :limit");
        JdbcClient.StatementSpec spec =
                jdbc.sql(sql.toString()).param("tenant", tenantId).param("limit", limit);
        if (taskId != null) {
            spec = spec.param("task", taskId);
        }
        if (afterAt != null) {
            spec = spec.param("afterAt", Timestamp.from(afterAt)).param("afterId", afterId);
        }
        return spec.query((rs, n) -> new UsageRecordResponse(
                        rs.getObject("id", UUID.class),
                        rs.getObject("event_id", UUID.class),
                        rs.getObject("api_key_id", UUID.class),
                        rs.getObject("agent_id", UUID.class),
                        rs.getObject("task_id", UUID.class),
                        rs.getObject("reservation_id", UUID.class),
                        rs.getString("provider"),
                        rs.getString("model"),
                        rs.getString("kind"),
                        rs.getLong("prompt_tokens"),
                        rs.getLong("completion_tokens"),
                        rs.getLong("cached_tokens"),
                        Money.format(rs.getBigDecimal("cost_usd")),
                        rs.getBoolean("estimated"),
                        rs.getBoolean("unpriced"),
                        rs.getString("trace_id"),
                        rs.getTimestamp("occurred_at").toInstant(),
                        rs.getTimestamp("recorded_at").toInstant()))
                .list();
    }

    private static UsageReport.Row row(ResultSet rs, int n) throws SQLException {
        BigDecimal cost = rs.getBigDecimal("cost");
        return new UsageReport.Row(
                rs.getString("k"),
                rs.getLong("calls"),
                rs.getLong("prompt"),
                rs.getLong("completion"),
                rs.getLong("cached"),
                Money.format(cost),
                rs.getLong("estimated"),
                rs.getLong("unpriced"));
    }
}
