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

    /**
     * What a new key carries.
     *
     * @param ownerUserId owning user or {@code null}
     * @param serviceAccountId owning service account or {@code null}
     * @param allowedModels model allowlist or {@code null} for every model
     */
    record NewKey(
            String name,
            List<String> roles,
            List<String> scopes,
            Instant expiresAt,
            UUID ownerUserId,
            UUID serviceAccountId,
            List<String> allowedModels) {}

    private static final String VIEW_COLUMNS = "id, tenant_id, name, prefix, roles, scopes, created_at, created_by,"
            + " last_used_at, last_used_ip, expires_at, revoked_at, owner_user_id, service_account_id, allowed_models,"
            + " rotated_at, replaced_by";

    private final JdbcClient jdbc;

    ApiKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The one lookup not scoped by tenant: authentication does not know the tenant yet, the prefix is unique. */
    Optional<StoredApiKey> findByPrefix(String prefix) {
        return jdbc.sql("""
                        select k.id, k.tenant_id, k.prefix, k.secret_hash, k.roles, k.scopes, k.rate_limit_per_minute,
                               k.expires_at, k.revoked_at, t.status = 'active' as tenant_active,
                               k.owner_user_id, k.service_account_id, k.allowed_models,
                               (sa.disabled_at is not null or sa.deleted_at is not null) as owner_disabled
                          from identity.api_keys k
                          join identity.tenants t on t.id = k.tenant_id
                          left join identity.service_accounts sa on sa.id = k.service_account_id
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
                        rs.getBoolean("tenant_active"),
                        rs.getObject("owner_user_id", UUID.class),
                        rs.getObject("service_account_id", UUID.class),
                        rs.getBoolean("owner_disabled"),
                        nullableStrings(rs, "allowed_models")))
                .optional();
    }

    /**
     * The role of an active user in an active membership of the tenant, or empty when the user left the tenant or is
     * disabled: two primary-key lookups, run on every use of a user-owned key so no cache outlives a membership.
     */
    Optional<String> activeMemberRole(UUID tenantId, UUID userId) {
        return jdbc.sql("""
                        select m.role from identity.memberships m
                          join identity.users u on u.id = m.user_id
                         where m.tenant_id = :tenant and m.user_id = :user and u.status = 'active'
                        """)
                .param("tenant", tenantId)
                .param("user", userId)
                .query(String.class)
                .optional();
    }

    /** The state of a service account of the tenant: empty when missing or deleted, else whether it is enabled. */
    Optional<Boolean> serviceAccountEnabled(UUID tenantId, UUID serviceAccountId) {
        return jdbc.sql("""
                        select disabled_at is null from identity.service_accounts
                         where tenant_id = :tenant and id = :id and deleted_at is null
                        """)
                .param("tenant", tenantId)
                .param("id", serviceAccountId)
                .query(Boolean.class)
                .optional();
    }

    /** Whether a service account owns an unrevoked key with role owner. */
    boolean serviceAccountHoldsOwnerKey(UUID tenantId, UUID serviceAccountId) {
        return jdbc.sql("select exists (select 1 from identity.api_keys where tenant_id = :tenant"
                        + " and service_account_id = :sa and revoked_at is null and 'owner' = any(roles))")
                .param("tenant", tenantId)
                .param("sa", serviceAccountId)
                .query(Boolean.class)
                .single();
    }

    /** Prefixes of every key a service account owns (for eviction when it is disabled). */
    List<String> prefixesOfServiceAccount(UUID tenantId, UUID serviceAccountId) {
        return jdbc.sql("select prefix from identity.api_keys where tenant_id = :tenant and service_account_id = :sa")
                .param("tenant", tenantId)
                .param("sa", serviceAccountId)
                .query(String.class)
                .list();
    }

    /** Revokes every unrevoked key a service account owns; returns their ids and prefixes. */
    List<ApiKeyView> revokeAllOfServiceAccount(UUID tenantId, UUID serviceAccountId) {
        return jdbc.sql("""
                        update identity.api_keys set revoked_at = now()
                         where tenant_id = :tenant and service_account_id = :sa and revoked_at is null
                        returning %s
                        """.formatted(VIEW_COLUMNS))
                .param("tenant", tenantId)
                .param("sa", serviceAccountId)
                .query(ApiKeyRepository::view)
                .list();
    }

    /** Locks a key's row until the transaction ends (one rotation at a time). */
    Optional<ApiKeyView> findForUpdate(UUID tenantId, UUID id) {
        return jdbc.sql("select " + VIEW_COLUMNS
                        + " from identity.api_keys where tenant_id = :tenantId and id = :id for update")
                .param("tenantId", tenantId)
                .param("id", id)
                .query(ApiKeyRepository::view)
                .optional();
    }

    /**
     * Marks a key rotated, replaced by {@code replacedBy}, working until {@code deadline} (or its own expiry, if
     * sooner); empty when it was revoked or rotated meanwhile.
     */
    Optional<ApiKeyView> markRotated(UUID tenantId, UUID id, UUID replacedBy, Instant deadline) {
        return jdbc.sql("""
                        update identity.api_keys
                           set rotated_at = now(), replaced_by = :replacedBy,
                               expires_at = least(coalesce(expires_at, :deadline), :deadline)
                         where tenant_id = :tenantId and id = :id and revoked_at is null and rotated_at is null
                        returning %s
                        """.formatted(VIEW_COLUMNS))
                .param("tenantId", tenantId)
                .param("id", id)
                .param("replacedBy", replacedBy)
                .param("deadline", offset(deadline))
                .query(ApiKeyRepository::view)
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

    ApiKeyView insert(UUID id, UUID tenantId, NewKey key, ApiKeyToken token, String createdBy) {
        return jdbc.sql("""
                        insert into identity.api_keys
                            (id, tenant_id, name, prefix, secret_hash, roles, scopes, expires_at, created_by,
                             owner_user_id, service_account_id, allowed_models)
                        values (:id, :tenantId, :name, :prefix, :secretHash, :roles, :scopes, :expiresAt, :createdBy,
                                :ownerUserId, :serviceAccountId, :allowedModels)
                        returning %s
                        """.formatted(VIEW_COLUMNS))
                .param("id", id)
                .param("tenantId", tenantId)
                .param("name", key.name())
                .param("prefix", token.prefix())
                .param("secretHash", token.secretHash())
                .param("roles", key.roles().toArray(String[]::new))
                .param("scopes", key.scopes().toArray(String[]::new))
                .param("expiresAt", offset(key.expiresAt()))
                .param("createdBy", createdBy)
                .param("ownerUserId", key.ownerUserId())
                .param("serviceAccountId", key.serviceAccountId())
                .param(
                        "allowedModels",
                        key.allowedModels() == null ? null : key.allowedModels().toArray(String[]::new),
                        java.sql.Types.ARRAY)
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

    /**
     * Moves {@code last_used_at} (and the address of that use) forward only, so a late flush never hides a newer use,
     * and at most once per {@code minInterval} per key, so gateways flushing the same busy key write it once.
     */
    void touchLastUsed(Map<UUID, ApiKeyUsageRecorder.Use> uses, java.time.Duration minInterval) {
        for (Map.Entry<UUID, ApiKeyUsageRecorder.Use> use : uses.entrySet()) {
            jdbc.sql("""
                            update identity.api_keys set last_used_at = :at, last_used_ip = :ip
                             where id = :id
                               and (last_used_at is null or last_used_at <= :at - make_interval(secs => :minSeconds))
                            """)
                    .param("id", use.getKey())
                    .param("at", offset(use.getValue().at()))
                    .param("ip", use.getValue().ip())
                    .param("minSeconds", (double) minInterval.toMillis() / 1000.0)
                    .update();
        }
    }

    static ApiKeyView view(ResultSet rs, int rowNum) throws SQLException {
        Instant expiresAt = instant(rs, "expires_at");
        Instant revokedAt = instant(rs, "revoked_at");
        Instant rotatedAt = instant(rs, "rotated_at");
        String status = revokedAt != null
                ? "revoked"
                : (expiresAt != null && !Instant.now().isBefore(expiresAt))
                        ? "expired"
                        : rotatedAt != null ? "rotated" : "active";
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
                rs.getString("last_used_ip"),
                expiresAt,
                revokedAt,
                rs.getObject("owner_user_id", UUID.class),
                rs.getObject("service_account_id", UUID.class),
                nullableStrings(rs, "allowed_models"),
                rotatedAt,
                rs.getObject("replaced_by", UUID.class));
    }

    private static List<String> nullableStrings(ResultSet rs, String column) throws SQLException {
        return rs.getArray(column) == null ? null : strings(rs, column);
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
