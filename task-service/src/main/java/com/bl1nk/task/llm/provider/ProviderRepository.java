package com.bl1nk.task.llm.provider;

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

/** Tenant providers in {@code task.llm_providers}; every statement is scoped by tenant id. */
@Repository
class ProviderRepository {

    private static final TypeReference<List<ModelDefinition>> MODELS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ProviderRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(ProviderRecord p) {
        jdbc.sql("""
                        insert into task.llm_providers
                          (id, tenant_id, name, kind, base_url, region, credentials_enc, header_names, models, enabled,
                           created_at, updated_at)
                        values (:id, :tenantId, :name, :kind, :baseUrl, :region, :credentials, :headerNames,
                                cast(:models as jsonb), :enabled, :createdAt, :updatedAt)
                        """)
                .param("id", p.id())
                .param("tenantId", p.tenantId())
                .param("name", p.name())
                .param("kind", p.kind().wireName())
                .param("baseUrl", p.baseUrl())
                .param("region", p.region())
                .param("credentials", p.credentialsEnc())
                .param("headerNames", p.headerNames().toArray(String[]::new))
                .param("models", json.writeValueAsString(p.models()))
                .param("enabled", p.enabled())
                .param("createdAt", Timestamp.from(p.createdAt()))
                .param("updatedAt", Timestamp.from(p.updatedAt()))
                .update();
    }

    /** Updates everything but id, tenant, kind and creation time; false when no such row for the tenant. */
    boolean update(ProviderRecord p) {
        return jdbc.sql("""
                        update task.llm_providers
                           set name = :name, base_url = :baseUrl, region = :region, credentials_enc = :credentials,
                               header_names = :headerNames, models = cast(:models as jsonb), enabled = :enabled,
                               updated_at = :updatedAt
                         where tenant_id = :tenantId and id = :id
                        """)
                        .param("id", p.id())
                        .param("tenantId", p.tenantId())
                        .param("name", p.name())
                        .param("baseUrl", p.baseUrl())
                        .param("region", p.region())
                        .param("credentials", p.credentialsEnc())
                        .param("headerNames", p.headerNames().toArray(String[]::new))
                        .param("models", json.writeValueAsString(p.models()))
                        .param("enabled", p.enabled())
                        .param("updatedAt", Timestamp.from(p.updatedAt()))
                        .update()
                == 1;
    }

    boolean delete(UUID tenantId, UUID id) {
        return jdbc.sql("delete from task.llm_providers where tenant_id = :tenantId and id = :id")
                        .param("tenantId", tenantId)
                        .param("id", id)
                        .update()
                == 1;
    }

    Optional<ProviderRecord> find(UUID tenantId, UUID id) {
        return jdbc.sql("select * from task.llm_providers where tenant_id = :tenantId and id = :id")
                .param("tenantId", tenantId)
                .param("id", id)
                .query(this::map)
                .optional();
    }

    boolean nameTaken(UUID tenantId, String name, UUID exceptId) {
        return jdbc.sql("""
                        select count(*) from task.llm_providers
                         where tenant_id = :tenantId and name = :name and (cast(:exceptId as uuid) is null or id <> :exceptId)
                        """)
                        .param("tenantId", tenantId)
                        .param("name", name)
                        .param("exceptId", exceptId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** A page in (created_at, id) order after the given position, fetching {@code limit + 1} rows. */
    List<ProviderRecord> page(UUID tenantId, Instant afterCreatedAt, UUID afterId, int limitPlusOne) {
        return jdbc.sql("""
                        select * from task.llm_providers
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

    List<ProviderRecord> enabled(UUID tenantId) {
        return jdbc.sql(
                        "select * from task.llm_providers where tenant_id = :tenantId and enabled order by created_at, id")
                .param("tenantId", tenantId)
                .query(this::map)
                .list();
    }

    private ProviderRecord map(ResultSet rs, int row) throws SQLException {
        Array names = rs.getArray("header_names");
        List<String> headerNames = new ArrayList<>();
        if (names != null) {
            for (Object n : (Object[]) names.getArray()) {
                headerNames.add((String) n);
            }
        }
        return new ProviderRecord(
                rs.getObject("id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                rs.getString("name"),
                ProviderKind.fromWire(rs.getString("kind")),
                rs.getString("base_url"),
                rs.getString("region"),
                rs.getString("credentials_enc"),
                headerNames,
                json.readValue(rs.getString("models"), MODELS),
                rs.getBoolean("enabled"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
