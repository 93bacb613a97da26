package com.bl1nk.gateway.apikey;

import com.bl1nk.common.idempotency.TenantLocks;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code identity.api_keys}; every statement except the prefix lookup is scoped by tenant id. */
@Repository
class ApiKeyRepository {

    private static final String VIEW_COLUMNS =
            "id, tenant_id, name, prefix, roles, scopes, created_at, created_by, last_used_at, expires_at, revoked_at";

    private final JdbcClient jdbc;

    ApiKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The one lookup not scoped by tenant: authentication does not know the tenant yet, the prefix is unique. */
    Optional<StoredApiKey> findByPrefix(String prefix) {
        return jdbc.sql("""
                        select k.id, k.tenant_id, k.prefix, k.secret_hash, k.roles, k.scopes, k.rate_limit_per_minute,
                               k.expires_at, k.revoked_at, t.status = 'active' as tenant_active
                          from identity.api_keys k
                          join identity.tenants t on t.id = k.tenant_id
                         where k.prefix = :prefix
                        """)
                .param("prefix", prefix)
                .query((rs, n) -> new StoredApiKey(
                        rs.getObject("id", UUID.class),
                        rs.getObject("tenant_id", UUID.class),
                        rs.getString("prefix"),
                        rs.getString("secret_hash"),
                        strings(rs, "roles"),
                        strings(rs, "scopes"),
                        (Integer) rs.getObject("rate_limit_per_minute"),
                        instant(rs, "expires_at"),
                        instant(rs, "revoked_at"),
                        rs.getBoolean("tenant_active")))
                .optional();
    }

    boolean prefixExists(String prefix) {
        return jdbc.sql("select exists(select 1 from identity.api_keys where prefix = :prefix)")
                .param("prefix", prefix)
                .query(Boolean.class)
                .single();
    }

    /** Serialises key creation per tenant until the surrounding transaction ends (for the quota count). */
    void lockTenant(UUID tenantId) {
        TenantLocks.lock(jdbc, "bl1nk api keys", tenantId);
    }

    /** Keys of the tenant that can still authenticate. */
    int countActive(UUID tenantId) {
        return jdbc.sql("select count(*) from identity.api_keys where tenant_id = :tenant and revoked_at is null"
                        + " and (expires_at is null or expires_at > now())")
                .param("tenant", tenantId)
                .query(Integer.class)
                .single();
    }

    ApiKeyView insert(
            UUID id,
            UUID tenantId,
            String name,
            ApiKeyToken token,
            List<String> roles,
            List<String> scopes,
            Instant expiresAt,
            String createdBy) {
        return jdbc.sql("""
                        insert into identity.api_keys
                            (id, tenant_id, name, prefix, secret_hash, roles, scopes, expires_at, created_by)
                        values (:id, :tenantId, :name, :prefix, :secretHash, :roles, :scopes, :expiresAt, :createdBy)
                        returning %s
                        """.formatted(VIEW_COLUMNS))
                .param("id", id)
                .param("tenantId", tenantId)
                .param("name", name)
                .param("prefix", token.prefix())
                .param("secretHash", token.secretHash())
                .param("roles", roles.toArray(String[]::new))
                .param("scopes", scopes.toArray(String[]::new))
                .param("expiresAt", offset(expiresAt))
                .param("createdBy", createdBy)
                .query(ApiKeyRepository::view)
                .single();
    }

    /** One page of a tenant's keys, newest first, strictly after the cursor position when given. */
    List<ApiKeyView> list(UUID tenantId, Instant afterCreatedAt, UUID afterId, int limit) {
        String sql = "select " + VIEW_COLUMNS + " from identity.api_keys where tenant_id = :tenantId"
                + (afterId != null ? " and (created_at, id) < (:afterCreatedAt, :afterId)" : "")
                + " order by created_at desc, id desc limit :limit";
        JdbcClient.StatementSpec spec =
                jdbc.sql(sql).param("tenantId", tenantId).param("limit", limit);
        if (afterId != null) {
            spec = spec.param("afterCreatedAt", offset(afterCreatedAt)).param("afterId", afterId);
        }
        return spec.query(ApiKeyRepository::view).list();
    }

    Optional<ApiKeyView> find(UUID tenantId, UUID id) {
        return jdbc.sql("select " + VIEW_COLUMNS + " from identity.api_keys where tenant_id = :tenantId and id = :id")
                .param("tenantId", tenantId)
                .param("id", id)
                .query(ApiKeyRepository::view)
                .optional();
    }

    /** Sets {@code revoked_at} once; returns the key as now stored, empty when the tenant has no such key. */
    Optional<ApiKeyView> revoke(UUID tenantId, UUID id) {
        return jdbc.sql("""
                        update identity.api_keys set revoked_at = coalesce(revoked_at, now())
                         where tenant_id = :tenantId and id = :id
                        returning %s
                        """.formatted(VIEW_COLUMNS))
                .param("tenantId", tenantId)
                .param("id", id)
                .query(ApiKeyRepository::view)
                .optional();
    }

    /** Moves {@code last_used_at} forward only, so a late flush never hides a newer use. */
    void touchLastUsed(Map<UUID, Instant> uses) {
        for (Map.Entry<UUID, Instant> use : uses.entrySet()) {
            jdbc.sql("""
                            update identity.api_keys set last_used_at = :at
                             where id = :id and (last_used_at is null or last_used_at < :at)
                            """)
                    .param("id", use.getKey())
                    .param("at", offset(use.getValue()))
                    .update();
        }
    }

    static ApiKeyView view(ResultSet rs, int rowNum) throws SQLException {
        Instant expiresAt = instant(rs, "expires_at");
        Instant revokedAt = instant(rs, "revoked_at");
        String status = revokedAt != null
                ? "revoked"
                : (expiresAt != null && !Instant.now().isBefore(expiresAt) ? "expired" : "active");
        return new ApiKeyView(
                rs.getObject("id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                rs.getString("name"),
                rs.getString("prefix"),
                strings(rs, "roles"),
                strings(rs, "scopes"),
                status,
                instant(rs, "created_at"),
                rs.getString("created_by"),
                instant(rs, "last_used_at"),
                expiresAt,
                revokedAt);
    }

    private static List<String> strings(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        if (array == null) {
            return List.of();
        }
        try {
            return Arrays.asList((String[]) array.getArray());
        } finally {
            array.free();
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime offset(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
