package com.bl1nk.task.agent;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** SQL for agents and their versions; every statement is scoped by tenant id. */
@Repository
class AgentRepository {

    private static final String SELECT_VERSION = """
            select v.agent_id, v.tenant_id, v.name, v.version, v.instructions, v.model, v.routing_policy,
                   v.knowledge_base_ids::text as kbs, v.allowed_tools::text as tools,
                   v.allowed_sub_agents::text as subs, v.max_steps, v.max_cost_usd, v.max_delegation_depth,
                   v.created_at
              from task.agent_versions v
            """;

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    AgentRepository(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insertAgent(UUID id, UUID tenantId, String name) {
        jdbc.sql("insert into task.agents (id, tenant_id, name, current_version) values (?, ?, ?, 1)")
                .params(id, tenantId, name)
                .update();
    }

    void insertVersion(UUID agentId, UUID tenantId, int version, AgentRequest r) {
        jdbc.sql("""
                        insert into task.agent_versions (agent_id, version, tenant_id, name, instructions, model,
                            routing_policy, knowledge_base_ids, allowed_tools, allowed_sub_agents, max_steps,
                            max_cost_usd, max_delegation_depth)
                        values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?)
                        """)
                .params(
                        agentId,
                        version,
                        tenantId,
                        r.name(),
                        r.instructions(),
                        r.model(),
                        r.routingPolicy(),
                        json.writeValueAsString(r.knowledgeBaseIdsOrEmpty()),
                        json.writeValueAsString(r.allowedToolsOrEmpty()),
                        json.writeValueAsString(r.allowedSubAgentsOrEmpty()),
                        r.maxStepsOrDefault(),
                        r.maxCostOrDefault(),
                        r.maxDepthOrDefault())
                .update();
    }

    /** Locks the live agent row and returns its current version. */
    Optional<Integer> lockCurrentVersion(UUID tenantId, UUID agentId) {
        return jdbc.sql(
                        "select current_version from task.agents where tenant_id = ? and id = ? and deleted_at is null for update")
                .params(tenantId, agentId)
                .query(Integer.class)
                .optional();
    }

    void bumpVersion(UUID tenantId, UUID agentId, int version, String name) {
        jdbc.sql(
                        "update task.agents set current_version = ?, name = ?, updated_at = now() where tenant_id = ? and id = ?")
                .params(version, name, tenantId, agentId)
                .update();
    }

    boolean softDelete(UUID tenantId, UUID agentId) {
        return jdbc.sql(
                                "update task.agents set deleted_at = now() where tenant_id = ? and id = ? and deleted_at is null")
                        .params(tenantId, agentId)
                        .update()
                > 0;
    }

    Optional<AgentDefinition> findCurrent(UUID tenantId, UUID agentId) {
        return jdbc.sql(SELECT_VERSION
                        + " join task.agents a on a.id = v.agent_id and a.current_version = v.version"
                        + " where a.tenant_id = ? and a.id = ? and a.deleted_at is null")
                .params(tenantId, agentId)
                .query(this::map)
                .optional();
    }

    Optional<AgentDefinition> findCurrentByName(UUID tenantId, String name) {
        return jdbc.sql(SELECT_VERSION
                        + " join task.agents a on a.id = v.agent_id and a.current_version = v.version"
                        + " where a.tenant_id = ? and a.name = ? and a.deleted_at is null")
                .params(tenantId, name)
                .query(this::map)
                .optional();
    }

    Optional<AgentDefinition> findVersion(UUID tenantId, UUID agentId, int version) {
        return jdbc.sql(SELECT_VERSION + " where v.tenant_id = ? and v.agent_id = ? and v.version = ?")
                .params(tenantId, agentId, version)
                .query(this::map)
                .optional();
    }

    /** A listed agent with the agent's own creation time, which orders the list. */
    record Listed(AgentDefinition agent, Instant sortAt) {}

    /** Live agents, newest first, after the keyset position {@code (createdBefore, idBefore)} when given. */
    List<Listed> list(UUID tenantId, Instant createdBefore, UUID idBefore, int limit) {
        String keyset = createdBefore == null ? "" : " and (a.created_at, a.id) < (?, ?)";
        var spec = jdbc.sql(SELECT_VERSION.replace("v.created_at\n", "v.created_at, a.created_at as sort_at\n")
                        + " join task.agents a on a.id = v.agent_id and a.current_version = v.version"
                        + " where a.tenant_id = ? and a.deleted_at is null" + keyset
                        + " order by a.created_at desc, a.id desc limit ?")
                .param(tenantId);
        if (createdBefore != null) {
            spec = spec.param(Timestamp.from(createdBefore)).param(idBefore);
        }
        return spec.param(limit)
                .query((rs, row) ->
                        new Listed(map(rs, row), rs.getTimestamp("sort_at").toInstant()))
                .list();
    }

    private AgentDefinition map(ResultSet rs, int row) throws SQLException {
        BigDecimal maxCost = rs.getBigDecimal("max_cost_usd");
        return new AgentDefinition(
                rs.getObject("agent_id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                rs.getString("name"),
                rs.getInt("version"),
                rs.getString("instructions"),
                rs.getString("model"),
                rs.getString("routing_policy"),
                json.readValue(rs.getString("kbs"), new TypeReference<List<UUID>>() {}),
                json.readValue(rs.getString("tools"), new TypeReference<List<String>>() {}),
                json.readValue(rs.getString("subs"), new TypeReference<List<String>>() {}),
                rs.getInt("max_steps"),
                maxCost,
                rs.getInt("max_delegation_depth"),
                rs.getTimestamp("created_at").toInstant());
    }
}
