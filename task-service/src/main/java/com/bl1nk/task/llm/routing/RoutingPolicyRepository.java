package com.bl1nk.task.llm.routing;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Routing policies in {@code task.routing_policies}; every statement is scoped by tenant id. */
@Repository
class RoutingPolicyRepository {

    private static final TypeReference<List<RoutingPolicy.ModelRef>> REFS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    RoutingPolicyRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(RoutingPolicy p) {
        jdbc.sql("""
                        insert into task.routing_policies
                          (id, tenant_id, name, strategy, models, required_capabilities, created_at, updated_at)
                        values (:id, :tenantId, :name, :strategy, cast(:models as jsonb), :caps, :createdAt, :updatedAt)
                        """)
                .param("id", p.id())
                .param("tenantId", p.tenantId())
                .param("name", p.name())
                .param("strategy", p.strategy().wireName())
                .param("models", json.writeValueAsString(p.models()))
                .param("caps", p.requiredCapabilities().toArray(String[]::new))
                .param("createdAt", Timestamp.from(p.createdAt()))
                .param("updatedAt", Timestamp.from(p.updatedAt()))
                .update();
    }

    boolean update(RoutingPolicy p) {
        return jdbc.sql("""
                        update task.routing_policies
                           set strategy = :strategy, models = cast(:models as jsonb), required_capabilities = :caps,
                               updated_at = :updatedAt
                         where tenant_id = :tenantId and id = :id
                        """)
                        .param("id", p.id())
                        .param("tenantId", p.tenantId())
                        .param("strategy", p.strategy().wireName())
                        .param("models", json.writeValueAsString(p.models()))
                        .param("caps", p.requiredCapabilities().toArray(String[]::new))
                        .param("updatedAt", Timestamp.from(p.updatedAt()))
                        .update()
                == 1;
    }

    boolean delete(UUID tenantId, UUID id) {
        return jdbc.sql("delete from task.routing_policies where tenant_id = :tenantId and id = :id")
                        .param("tenantId", tenantId)
                        .param("id", id)
                        .update()
                == 1;
    }

    Optional<RoutingPolicy> find(UUID tenantId, UUID id) {
        return jdbc.sql("select * from task.routing_policies where tenant_id = :tenantId and id = :id")
                .param("tenantId", tenantId)
                .param("id", id)
                .query(this::map)
                .optional();
    }

    Optional<RoutingPolicy> findByName(UUID tenantId, String name) {
        return jdbc.sql("select * from task.routing_policies where tenant_id = :tenantId and name = :name")
                .param("tenantId", tenantId)
                .param("name", name)
                .query(this::map)
                .optional();
    }

    List<RoutingPolicy> all(UUID tenantId) {
        return jdbc.sql("select * from task.routing_policies where tenant_id = :tenantId order by created_at, id")
                .param("tenantId", tenantId)
                .query(this::map)
                .list();
    }

    List<RoutingPolicy> page(UUID tenantId, Instant afterCreatedAt, UUID afterId, int limitPlusOne) {
        return jdbc.sql("""
                        select * from task.routing_policies
                         where tenant_id = :tenantId
                           and (cast(:afterCreatedAt as timestamptz) is null or (created_at, id) > (:afterCreatedAt, :afterId))
                         order by created_at, id
                         limit :limit
                        """)
                .param("tenantId", tenantId)
                .param("afterCreatedAt", afterCreatedAt == null ? null : Timestamp.from(afterCreatedAt))
                .param("afterId", afterId)
                .param("limit", limitPlusOne)
                .query(this::map)
                .list();
    }

    private RoutingPolicy map(ResultSet rs, int row) throws SQLException {
        Array caps = rs.getArray("required_capabilities");
        List<String> capabilities = new ArrayList<>();
        if (caps != null) {
            for (Object c : (Object[]) caps.getArray()) {
                capabilities.add((String) c);
            }
        }
        return new RoutingPolicy(
                rs.getObject("id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                rs.getString("name"),
                RoutingPolicy.Strategy.fromWire(rs.getString("strategy")),
                json.readValue(rs.getString("models"), REFS),
                capabilities,
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
