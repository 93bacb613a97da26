package com.bl1nk.gateway.sso;

import com.bl1nk.common.idempotency.TenantLocks;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for the people side of a login: {@code identity.sso_identities} (SSO's own) and the users and memberships of
 * V002 that a login creates or updates. Call inside the login's transaction.
 */
@Repository
class SsoAccountRepository {

    /** A user as a login sees it. */
    record User(UUID id, String email, String status) {}

    private final JdbcClient jdbc;

    SsoAccountRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Serialises membership changes of one tenant with the members API (its last owner is protected under it). */
    void lockMemberships(UUID tenantId) {
        TenantLocks.lock(jdbc, "bl1nk members", tenantId); // the same lock as the members API
    }

    Optional<User> linkedUser(String issuer, String subject) {
        return jdbc.sql("""
                        select u.id, u.email, u.status from identity.sso_identities s
                          join identity.users u on u.id = s.user_id
                         where s.issuer = :issuer and s.subject = :subject
                        """)
                .param("issuer", issuer)
                .param("subject", subject)
                .query((rs, n) ->
                        new User(rs.getObject("id", UUID.class), rs.getString("email"), rs.getString("status")))
                .optional();
    }

    Optional<User> userByEmail(String email) {
        return jdbc.sql("select id, email, status from identity.users where email = :email")
                .param("email", email)
                .query((rs, n) ->
                        new User(rs.getObject("id", UUID.class), rs.getString("email"), rs.getString("status")))
                .optional();
    }

    void insertUser(UUID id, String email, String displayName) {
        jdbc.sql("insert into identity.users (id, email, display_name) values (:id, :email, :name)")
                .param("id", id)
                .param("email", email)
                .param("name", displayName)
                .update();
    }

    void link(String issuer, String subject, UUID userId, String email) {
        jdbc.sql("""
                        insert into identity.sso_identities (issuer, subject, user_id, email)
                        values (:issuer, :subject, :user, :email)
                        """)
                .param("issuer", issuer)
                .param("subject", subject)
                .param("user", userId)
                .param("email", email)
                .update();
    }

    void touch(String issuer, String subject, String email) {
        jdbc.sql("""
                        update identity.sso_identities set last_login_at = now(), email = :email
                         where issuer = :issuer and subject = :subject
                        """)
                .param("issuer", issuer)
                .param("subject", subject)
                .param("email", email)
                .update();
    }

    Optional<String> role(UUID tenantId, UUID userId) {
        return jdbc.sql("select role from identity.memberships where tenant_id = :tenant and user_id = :user")
                .param("tenant", tenantId)
                .param("user", userId)
                .query(String.class)
                .optional();
    }

    int owners(UUID tenantId) {
        return jdbc.sql("select count(*) from identity.memberships where tenant_id = :tenant and role = 'owner'")
                .param("tenant", tenantId)
                .query(Integer.class)
                .single();
    }

    void insertMembership(UUID tenantId, UUID userId, String role, String createdBy) {
        jdbc.sql("""
                        insert into identity.memberships (tenant_id, user_id, role, created_by)
                        values (:tenant, :user, :role, :createdBy)
                        """)
                .param("tenant", tenantId)
                .param("user", userId)
                .param("role", role)
                .param("createdBy", createdBy)
                .update();
    }

    void updateRole(UUID tenantId, UUID userId, String role) {
        jdbc.sql("update identity.memberships set role = :role where tenant_id = :tenant and user_id = :user")
                .param("tenant", tenantId)
                .param("user", userId)
                .param("role", role)
                .update();
    }
}
