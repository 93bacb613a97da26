package com.bl1nk.mcp.registry;

import com.bl1nk.common.idempotency.TenantLocks;
import com.bl1nk.common.web.Cursors;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code mcp.servers}; every statement is scoped by tenant id. */
@Repository
class ServerRepository {

    private static final String COLUMNS = "id, tenant_id, name, transport, url, command, args, credentials_ciphertext,"
            + " credential_header_names, enabled, status, last_error, server_info::text as server_info,"
            + " prompts::text as prompts, resources::text as resources, discovered_at, created_by, created_at,"
            + " updated_at";

    private final JdbcClient jdbc;

    ServerRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(ServerRow s) {
        jdbc.sql("insert into mcp.servers (id, tenant_id, name, transport, url, command, args, credentials_ciphertext,"
                        + " credential_header_names, enabled, status, last_error, server_info, prompts, resources,"
                        + " discovered_at, created_by, created_at, updated_at) values (:id, :tenantId, :name,"
                        + " :transport, :url, :command, :args::text[], :cipher, :headerNames::text[], :enabled, :status, :lastError,"
                        + " :serverInfo::jsonb, :prompts::jsonb, :resources::jsonb, :discoveredAt, :createdBy,"
                        + " :createdAt, :updatedAt)")
                .param("id", s.id())
                .param("tenantId", s.tenantId())
                .param("name", s.name())
                .param("transport", s.transport())
                .param("url", s.url())
                .param("command", s.command())
                .param("args", pgArray(s.args()))
                .param("cipher", s.credentialsCiphertext())
                .param("headerNames", pgArray(s.credentialHeaderNames()))
                .param("enabled", s.enabled())
                .param("status", s.status())
                .param("lastError", s.lastError())
                .param("serverInfo", s.serverInfo())
                .param("prompts", s.prompts())
                .param("resources", s.resources())
                .param("discoveredAt", ts(s.discoveredAt()))
                .param("createdBy", s.createdBy())
                .param("createdAt", ts(s.createdAt()))
                .param("updatedAt", ts(s.updatedAt()))
                .update();
    }

    /**
     * Serialises registrations of one tenant until the surrounding transaction ends, so the quota count and the
     * insert that follows it cannot interleave with another registration's.
     */
    void lockTenant(UUID tenantId) {
        TenantLocks.lock(jdbc, "bl1nk mcp servers", tenantId);
    }

    /** Servers the tenant has registered. */
    int count(UUID tenantId) {
        return jdbc.sql("select count(*) from mcp.servers where tenant_id = :tenantId")
                .param("tenantId", tenantId)
                .query(Integer.class)
                .single();
    }

    Optional<ServerRow> find(UUID tenantId, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from mcp.servers where tenant_id = :tenantId and id = :id")
                .param("tenantId", tenantId)
                .param("id", id)
                .query(ServerRepository::map)
                .optional();
    }

    boolean nameTaken(UUID tenantId, String name) {
        return jdbc.sql("select count(*) from mcp.servers where tenant_id = :tenantId and name = :name")
                        .param("tenantId", tenantId)
                        .param("name", name)
                        .query(Long.class)
                        .single()
                > 0;
    }

    List<ServerRow> page(UUID tenantId, Cursors.Cursor after, int limitPlusOne) {
        String sql = "select " + COLUMNS + " from mcp.servers where tenant_id = :tenantId"
                + (after == null ? "" : " and (created_at, id) < (:afterAt, :afterId)")
                + " order by created_at desc, id desc limit :limit";
        JdbcClient.StatementSpec spec =
                jdbc.sql(sql).param("tenantId", tenantId).param("limit", limitPlusOne);
        if (after != null) {
            spec = spec.param("afterAt", ts(after.createdAt())).param("afterId", after.id());
        }
        return spec.query(ServerRepository::map).list();
    }

    /** Enabled servers whose discovery is older than {@code before}, any tenant: only the background refresher. */
    List<ServerRow> dueForRefresh(Instant before, int limit) {
        return jdbc.sql("select " + COLUMNS + " from mcp.servers where enabled and (discovered_at is null"
                        + " or discovered_at < :before) order by discovered_at nulls first limit :limit")
                .param("before", ts(before))
                .param("limit", limit)
                .query(ServerRepository::map)
                .list();
    }

    void recordDiscovery(UUID tenantId, UUID id, String serverInfo, String prompts, String resources, Instant at) {
        jdbc.sql("update mcp.servers set status = 'ready', last_error = null, server_info = :info::jsonb,"
                        + " prompts = :prompts::jsonb, resources = :resources::jsonb, discovered_at = :at,"
                        + " updated_at = :at where tenant_id = :tenantId and id = :id")
                .param("info", serverInfo)
                .param("prompts", prompts)
                .param("resources", resources)
                .param("at", ts(at))
                .param("tenantId", tenantId)
                .param("id", id)
                .update();
    }

    void recordError(UUID tenantId, UUID id, String error, Instant at) {
        jdbc.sql("update mcp.servers set status = 'error', last_error = :error, discovered_at = :at"
                        + " where tenant_id = :tenantId and id = :id")
                .param("error", error.length() > 500 ? error.substring(0, 500) : error)
                .param("at", ts(at))
                .param("tenantId", tenantId)
                .param("id", id)
                .update();
    }

    int setEnabled(UUID tenantId, UUID id, boolean enabled, Instant at) {
        return jdbc.sql("update mcp.servers set enabled = :enabled, updated_at = :at"
                        + " where tenant_id = :tenantId and id = :id")
                .param("enabled", enabled)
                .param("at", ts(at))
                .param("tenantId", tenantId)
                .param("id", id)
                .update();
    }

    int delete(UUID tenantId, UUID id) {
        return jdbc.sql("delete from mcp.servers where tenant_id = :tenantId and id = :id")
                .param("tenantId", tenantId)
                .param("id", id)
                .update();
    }

    private static ServerRow map(ResultSet rs, int row) throws SQLException {
        return new ServerRow(
                rs.getObject("id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                rs.getString("name"),
                rs.getString("transport"),
                rs.getString("url"),
                rs.getString("command"),
                strings(rs.getArray("args")),
                rs.getString("credentials_ciphertext"),
                strings(rs.getArray("credential_header_names")),
                rs.getBoolean("enabled"),
                rs.getString("status"),
                rs.getString("last_error"),
                rs.getString("server_info"),
                rs.getString("prompts"),
                rs.getString("resources"),
                instant(rs.getTimestamp("discovered_at")),
                rs.getString("created_by"),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("updated_at")));
    }

    static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    /** A text[] literal, so arrays travel as one bound string parameter. */
    static String pgArray(List<String> values) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append('"')
                    .append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        }
        return out.append('}').toString();
    }

    static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
