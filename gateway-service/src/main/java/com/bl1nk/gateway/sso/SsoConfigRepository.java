package com.bl1nk.gateway.sso;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for {@code identity.sso_providers}. */
@Repository
class SsoConfigRepository {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<TreeMap<String, String>> MAPPING = new TypeReference<>() {};

    private static final String COLUMNS = """
            tenant_id, issuer, client_id, client_secret_encrypted, token_auth_method, scopes, groups_claim,
            role_mapping::text as role_mapping, default_role, jit_users, sso_only, enabled, updated_at, updated_by""";

    /**
     * One stored row.
     *
     * @param secretEncrypted the encrypted client secret, or null
     */
    record Row(
            UUID tenantId,
            String issuer,
            String clientId,
            String secretEncrypted,
            String tokenAuthMethod,
            List<String> scopes,
            String groupsClaim,
            Map<String, String> roleMapping,
            String defaultRole,
            boolean jitUsers,
            boolean ssoOnly,
            boolean enabled,
            Instant updatedAt,
            String updatedBy) {}

    private final JdbcClient jdbc;

    SsoConfigRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Row> find(UUID tenantId) {
        return jdbc.sql("select " + COLUMNS + " from identity.sso_providers where tenant_id = :tenant")
                .param("tenant", tenantId)
                .query(SsoConfigRepository::row)
                .optional();
    }

    /** Inserts or replaces the tenant's provider; returns it as stored. */
    Row upsert(Row row) {
        return jdbc.sql("""
                        insert into identity.sso_providers
                            (tenant_id, issuer, client_id, client_secret_encrypted, token_auth_method, scopes,
                             groups_claim, role_mapping, default_role, jit_users, sso_only, enabled, updated_by)
                        values (:tenant, :issuer, :clientId, :secret, :method, :scopes, :groupsClaim,
                                cast(:mapping as jsonb), :defaultRole, :jit, :ssoOnly, :enabled, :updatedBy)
                        on conflict (tenant_id) do update set
                            issuer = excluded.issuer, client_id = excluded.client_id,
                            client_secret_encrypted = excluded.client_secret_encrypted,
                            token_auth_method = excluded.token_auth_method, scopes = excluded.scopes,
                            groups_claim = excluded.groups_claim, role_mapping = excluded.role_mapping,
                            default_role = excluded.default_role, jit_users = excluded.jit_users,
                            sso_only = excluded.sso_only, enabled = excluded.enabled,
                            updated_by = excluded.updated_by, updated_at = now()
                        returning %s
                        """.formatted(COLUMNS))
                .param("tenant", row.tenantId())
                .param("issuer", row.issuer())
                .param("clientId", row.clientId())
                .param("secret", row.secretEncrypted())
                .param("method", row.tokenAuthMethod())
                .param("scopes", row.scopes().toArray(String[]::new))
                .param("groupsClaim", row.groupsClaim())
                .param("mapping", JSON.writeValueAsString(new TreeMap<>(row.roleMapping())))
                .param("defaultRole", row.defaultRole())
                .param("jit", row.jitUsers())
                .param("ssoOnly", row.ssoOnly())
                .param("enabled", row.enabled())
                .param("updatedBy", row.updatedBy())
                .query(SsoConfigRepository::row)
                .single();
    }

    boolean delete(UUID tenantId) {
        return jdbc.sql("delete from identity.sso_providers where tenant_id = :tenant")
                        .param("tenant", tenantId)
                        .update()
                > 0;
    }

    /** Whether the user is a member of a tenant whose enabled provider is "SSO only". */
    boolean memberOfSsoOnlyTenant(UUID userId) {
        return jdbc.sql("""
                        select exists(
                            select 1 from identity.memberships m
                              join identity.sso_providers p on p.tenant_id = m.tenant_id
                             where m.user_id = :user and p.sso_only and p.enabled)
                        """).param("user", userId).query(Boolean.class).single();
    }

    /** Whether the tenant's enabled provider is "SSO only". */
    boolean tenantIsSsoOnly(UUID tenantId) {
        return jdbc.sql("select exists(select 1 from identity.sso_providers where tenant_id = :tenant and sso_only"
                        + " and enabled)")
                .param("tenant", tenantId)
                .query(Boolean.class)
                .single();
    }

    private static Row row(ResultSet rs, int rowNum) throws SQLException {
        return new Row(
                rs.getObject("tenant_id", UUID.class),
                rs.getString("issuer"),
                rs.getString("client_id"),
                rs.getString("client_secret_encrypted"),
                rs.getString("token_auth_method"),
                strings(rs.getArray("scopes")),
                rs.getString("groups_claim"),
                JSON.readValue(rs.getString("role_mapping"), MAPPING),
                rs.getString("default_role"),
                rs.getBoolean("jit_users"),
                rs.getBoolean("sso_only"),
                rs.getBoolean("enabled"),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                rs.getString("updated_by"));
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        try {
            return Arrays.asList((String[]) array.getArray());
        } finally {
            array.free();
        }
    }
}
