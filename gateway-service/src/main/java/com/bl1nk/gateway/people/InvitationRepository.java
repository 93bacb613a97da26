package com.bl1nk.gateway.people;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code identity.invitations} and {@code identity.one_time_links}; listing is scoped by tenant id. */
@Repository
class InvitationRepository {

    private static final String COLUMNS =
            "id, tenant_id, email, role, created_by, created_at, expires_at, accepted_at, revoked_at";

    private final JdbcClient jdbc;

    InvitationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    InvitationView insert(
            UUID tenantId, String email, String role, String tokenHash, String createdBy, Instant expires) {
        return jdbc.sql("""
                        insert into identity.invitations (id, tenant_id, email, role, token_hash, created_by, expires_at)
                        values (:id, :tenant, :email, :role, :tokenHash, :createdBy, :expiresAt)
                        returning %s
                        """.formatted(COLUMNS))
                .param("id", UUID.randomUUID())
                .param("tenant", tenantId)
                .param("email", email)
                .param("role", role)
                .param("tokenHash", tokenHash)
                .param("createdBy", createdBy)
                .param("expiresAt", expires.atOffset(ZoneOffset.UTC))
                .query(this::view)
                .single();
    }

    /** The invitation of a token, locked for the rest of the transaction so it is accepted at most once. */
    Optional<InvitationView> lockByTokenHash(String tokenHash) {
        return jdbc.sql("select " + COLUMNS + " from identity.invitations where token_hash = :hash for update")
                .param("hash", tokenHash)
                .query(this::view)
                .optional();
    }

    Optional<InvitationView> find(UUID tenantId, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from identity.invitations where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId)
                .param("id", id)
                .query(this::view)
                .optional();
    }

    List<InvitationView> list(UUID tenantId, Instant afterCreatedAt, UUID afterId, int limit) {
        String sql = "select " + COLUMNS + " from identity.invitations where tenant_id = :tenant"
                + (afterId != null ? " and (created_at, id) < (:afterCreatedAt, :afterId)" : "")
                + " order by created_at desc, id desc limit :limit";
        JdbcClient.StatementSpec spec = jdbc.sql(sql).param("tenant", tenantId).param("limit", limit);
        if (afterId != null) {
            spec = spec.param("afterCreatedAt", afterCreatedAt.atOffset(ZoneOffset.UTC))
                    .param("afterId", afterId);
        }
        return spec.query(this::view).list();
    }

    void markAccepted(UUID id, UUID userId) {
        jdbc.sql("update identity.invitations set accepted_at = now(), accepted_by = :user where id = :id")
                .param("id", id)
                .param("user", userId)
                .update();
    }

    /** Revokes a pending invitation; false when it was not pending. */
    boolean revoke(UUID tenantId, UUID id) {
        return jdbc.sql("""
                        update identity.invitations set revoked_at = now()
                         where tenant_id = :tenant and id = :id and accepted_at is null and revoked_at is null
                        """).param("tenant", tenantId).param("id", id).update() == 1;
    }

    void insertLink(String purpose, UUID tenantId, UUID userId, String tokenHash, String createdBy, Instant expires) {
        jdbc.sql("""
                        insert into identity.one_time_links
                            (id, purpose, tenant_id, user_id, token_hash, created_by, expires_at)
                        values (:id, :purpose, :tenant, :user, :tokenHash, :createdBy, :expiresAt)
                        """)
                .param("id", UUID.randomUUID())
                .param("purpose", purpose)
                .param("tenant", tenantId)
                .param("user", userId)
                .param("tokenHash", tokenHash)
                .param("createdBy", createdBy)
                .param("expiresAt", expires.atOffset(ZoneOffset.UTC))
                .update();
    }

    /** A one-time link of {@code purpose}, locked for the rest of the transaction. */
    Optional<OneTimeLink> lockLink(String purpose, String tokenHash) {
        return jdbc.sql("""
                        select id, tenant_id, user_id, expires_at, used_at from identity.one_time_links
                         where purpose = :purpose and token_hash = :hash for update
                        """)
                .param("purpose", purpose)
                .param("hash", tokenHash)
                .query((rs, n) -> new OneTimeLink(
                        rs.getObject("id", UUID.class),
                        rs.getObject("tenant_id", UUID.class),
                        rs.getObject("user_id", UUID.class),
                        UserRepository.instant(rs, "expires_at"),
                        UserRepository.instant(rs, "used_at")))
                .optional();
    }

    void markLinkUsed(UUID id) {
        jdbc.sql("update identity.one_time_links set used_at = now() where id = :id")
                .param("id", id)
                .update();
    }

    /** Ends every unused link of {@code purpose} for one user (a password reset ends the user's other reset links). */
    void expireUnusedLinksOf(String purpose, UUID userId) {
        jdbc.sql("""
                        update identity.one_time_links set expires_at = least(expires_at, now())
                         where purpose = :purpose and user_id = :userId and used_at is null
                        """).param("purpose", purpose).param("userId", userId).update();
    }

    /** Ends every unused link of {@code purpose} (a fresh first-user link replaces the older ones). */
    void expireUnusedLinks(String purpose) {
        jdbc.sql("""
                        update identity.one_time_links set expires_at = least(expires_at, now())
                         where purpose = :purpose and used_at is null
                        """).param("purpose", purpose).update();
    }

    private InvitationView view(ResultSet rs, int rowNum) throws SQLException {
        Instant expiresAt = UserRepository.instant(rs, "expires_at");
        Instant acceptedAt = UserRepository.instant(rs, "accepted_at");
        Instant revokedAt = UserRepository.instant(rs, "revoked_at");
        String status = acceptedAt != null
                ? "accepted"
                : revokedAt != null ? "revoked" : !Instant.now().isBefore(expiresAt) ? "expired" : "pending";
        return new InvitationView(
                rs.getObject("id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                rs.getString("email"),
                rs.getString("role"),
                status,
                rs.getString("created_by"),
                UserRepository.instant(rs, "created_at"),
                expiresAt,
                acceptedAt);
    }

    /** A one-time link row. */
    record OneTimeLink(UUID id, UUID tenantId, UUID userId, Instant expiresAt, Instant usedAt) {}
}
