package com.bl1nk.mcp.registry;

import static com.bl1nk.mcp.registry.ServerRepository.instant;
import static com.bl1nk.mcp.registry.ServerRepository.pgArray;
import static com.bl1nk.mcp.registry.ServerRepository.strings;
import static com.bl1nk.mcp.registry.ServerRepository.ts;

import com.bl1nk.common.web.Cursors;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code mcp.tools}; every statement is scoped by tenant id. */
@Repository
class ToolRepository {

    private static final String SELECT = "select t.id, t.tenant_id, t.server_id, s.name as server_name,"
            + " s.enabled as server_enabled, t.name, t.qualified_name, t.title, t.description,"
            + " t.input_schema::text as input_schema, t.schema_hash, t.approval_state, t.approved_hash,"
            + " t.approved_by, t.approved_at, t.allowed_callers, t.removed_at, t.created_at, t.updated_at"
            + " from mcp.tools t join mcp.servers s on s.id = t.server_id and s.tenant_id = t.tenant_id";

    private static final String WITH_SERVER = SELECT.replace(
            " from mcp.tools t",
            ", s.transport as s_transport, s.url as s_url, s.command as s_command, s.args as s_args,"
                    + " s.credentials_ciphertext as s_cipher, s.updated_at as s_updated_at from mcp.tools t");

    private final JdbcClient jdbc;

    ToolRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<ToolRow> find(UUID tenantId, UUID id) {
        return jdbc.sql(SELECT + " where t.tenant_id = :tenantId and t.id = :id")
                .param("tenantId", tenantId)
                .param("id", id)
                .query(ToolRepository::map)
                .optional();
    }

    /** A tool with the server columns a call needs, in one round trip. */
    record ToolWithServer(ToolRow tool, ServerRow server) {}

    Optional<ToolWithServer> findWithServer(UUID tenantId, UUID id) {
        return jdbc.sql(WITH_SERVER + " where t.tenant_id = :tenantId and t.id = :id")
                .param("tenantId", tenantId)
                .param("id", id)
                .query(ToolRepository::mapWithServer)
                .optional();
    }

    Optional<ToolWithServer> findWithServerByQualifiedName(UUID tenantId, String qualifiedName) {
        return jdbc.sql(WITH_SERVER + " where t.tenant_id = :tenantId and t.qualified_name = :q")
                .param("tenantId", tenantId)
                .param("q", qualifiedName)
                .query(ToolRepository::mapWithServer)
                .optional();
    }

    List<ToolRow> forServer(UUID tenantId, UUID serverId) {
        return jdbc.sql(SELECT + " where t.tenant_id = :tenantId and t.server_id = :serverId order by t.name")
                .param("tenantId", tenantId)
                .param("serverId", serverId)
                .query(ToolRepository::map)
                .list();
    }

    List<ToolRow> page(UUID tenantId, UUID serverId, Cursors.Cursor after, int limitPlusOne) {
        String sql = SELECT + " where t.tenant_id = :tenantId and t.removed_at is null"
                + (serverId == null ? "" : " and t.server_id = :serverId")
                + (after == null ? "" : " and (t.created_at, t.id) < (:afterAt, :afterId)")
                + " order by t.created_at desc, t.id desc limit :limit";
        JdbcClient.StatementSpec spec =
                jdbc.sql(sql).param("tenantId", tenantId).param("limit", limitPlusOne);
        if (serverId != null) {
            spec = spec.param("serverId", serverId);
        }
        if (after != null) {
            spec = spec.param("afterAt", ts(after.createdAt())).param("afterId", after.id());
        }
        return spec.query(ToolRepository::map).list();
    }

    boolean qualifiedNameTaken(UUID tenantId, String qualifiedName) {
        return jdbc.sql("select count(*) from mcp.tools where tenant_id = :tenantId and qualified_name = :q")
                        .param("tenantId", tenantId)
                        .param("q", qualifiedName)
                        .query(Long.class)
                        .single()
                > 0;
    }

    void insert(ToolRow t) {
        jdbc.sql("insert into mcp.tools (id, tenant_id, server_id, name, qualified_name, title, description,"
                        + " input_schema, schema_hash, approval_state, approved_hash, approved_by, approved_at,"
                        + " allowed_callers, created_at, updated_at) values (:id, :tenantId, :serverId, :name, :q,"
                        + " :title, :description, :schema::jsonb, :hash, :state, :approvedHash, :approvedBy,"
                        + " :approvedAt, :callers::text[], :at, :at)")
                .param("id", t.id())
                .param("tenantId", t.tenantId())
                .param("serverId", t.serverId())
                .param("name", t.name())
                .param("q", t.qualifiedName())
                .param("title", t.title())
                .param("description", t.description())
                .param("schema", t.inputSchema())
                .param("hash", t.schemaHash())
                .param("state", t.approvalState())
                .param("approvedHash", t.approvedHash())
                .param("approvedBy", t.approvedBy())
                .param("approvedAt", ts(t.approvedAt()))
                .param("callers", pgArray(t.allowedCallers()))
                .param("at", ts(t.createdAt()))
                .update();
    }

    /** Stores what discovery saw now; approval fields are decided by the caller. */
    void updateDiscovered(
            UUID tenantId,
            UUID id,
            String title,
            String description,
            String schema,
            String hash,
            String state,
            Instant at) {
        jdbc.sql("update mcp.tools set title = :title, description = :description, input_schema = :schema::jsonb,"
                        + " schema_hash = :hash, approval_state = :state, removed_at = null, updated_at = :at"
                        + " where tenant_id = :tenantId and id = :id")
                .param("title", title)
                .param("description", description)
                .param("schema", schema)
                .param("hash", hash)
                .param("state", state)
                .param("at", ts(at))
                .param("tenantId", tenantId)
                .param("id", id)
                .update();
    }

    void markRemoved(UUID tenantId, UUID id, Instant at) {
        jdbc.sql("update mcp.tools set removed_at = :at, updated_at = :at where tenant_id = :tenantId and id = :id"
                        + " and removed_at is null")
                .param("at", ts(at))
                .param("tenantId", tenantId)
                .param("id", id)
                .update();
    }

    /** Approves exactly the hash the approver saw; 0 rows when it changed in the meantime. */
    int approve(UUID tenantId, UUID id, String hash, String approver, Instant at) {
        return jdbc.sql("update mcp.tools set approval_state = 'approved', approved_hash = schema_hash,"
                        + " approved_by = :approver, approved_at = :at, updated_at = :at"
                        + " where tenant_id = :tenantId and id = :id and schema_hash = :hash")
                .param("approver", approver)
                .param("at", ts(at))
                .param("tenantId", tenantId)
                .param("id", id)
                .param("hash", hash)
                .update();
    }

    int setAllowedCallers(UUID tenantId, UUID id, List<String> callers, Instant at) {
        return jdbc.sql("update mcp.tools set allowed_callers = :callers::text[], updated_at = :at"
                        + " where tenant_id = :tenantId and id = :id")
                .param("callers", pgArray(callers))
                .param("at", ts(at))
                .param("tenantId", tenantId)
                .param("id", id)
                .update();
    }

    private static ToolWithServer mapWithServer(ResultSet rs, int row) throws SQLException {
        ToolRow tool = map(rs, row);
        ServerRow server = new ServerRow(
                tool.serverId(),
                tool.tenantId(),
                tool.serverName(),
                rs.getString("s_transport"),
                rs.getString("s_url"),
                rs.getString("s_command"),
                strings(rs.getArray("s_args")),
                rs.getString("s_cipher"),
                List.of(),
                tool.serverEnabled(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                instant(rs.getTimestamp("s_updated_at")));
        return new ToolWithServer(tool, server);
    }

    private static ToolRow map(ResultSet rs, int row) throws SQLException {
        return new ToolRow(
                rs.getObject("id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                rs.getObject("server_id", UUID.class),
                rs.getString("server_name"),
                rs.getBoolean("server_enabled"),
                rs.getString("name"),
                rs.getString("qualified_name"),
                rs.getString("title"),
                rs.getString("description"),
                rs.getString("input_schema"),
                rs.getString("schema_hash"),
                rs.getString("approval_state"),
                rs.getString("approved_hash"),
                rs.getString("approved_by"),
                instant(rs.getTimestamp("approved_at")),
                strings(rs.getArray("allowed_callers")),
                instant(rs.getTimestamp("removed_at")),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("updated_at")));
    }
}
