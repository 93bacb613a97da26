package com.bl1nk.gateway.people;

import com.bl1nk.common.idempotency.TenantLocks;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code identity.users} and {@code identity.memberships}; member statements are scoped by tenant id. */
@Repository
class UserRepository {

    private static final String USER_COLUMNS = "id, email, display_name, status, platform_admin, password_hash";
    private static final String MEMBER_COLUMNS =
            "u.id, u.email, u.display_name, u.status, m.role, m.created_at, m.created_by";

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<UserAccount> findByEmail(String email) {
        return jdbc.sql("select " + USER_COLUMNS + " from identity.users where email = :email")
                .param("email", email)
                .query(UserRepository::account)
                .optional();
    }

    Optional<UserAccount> findById(UUID id) {
        return jdbc.sql("select " + USER_COLUMNS + " from identity.users where id = :id")
                .param("id", id)
                .query(UserRepository::account)
                .optional();
    }

    boolean anyExists() {
        return jdbc.sql("select exists(select 1 from identity.users)")
                .query(Boolean.class)
                .single();
    }

    void insert(UUID id, String email, String displayName, String passwordHash, boolean platformAdmin) {
        jdbc.sql("""
                        insert into identity.users
                            (id, email, display_name, platform_admin, password_hash, password_changed_at)
                        values (:id, :email, :displayName, :platformAdmin, :passwordHash,
                                case when :passwordHash::text is null then null else now() end)
                        """)
                .param("id", id)
                .param("email", email)
                .param("displayName", displayName)
                .param("platformAdmin", platformAdmin)
                .param("passwordHash", passwordHash)
                .update();
    }

    void setPassword(UUID userId, String passwordHash) {
        jdbc.sql("""
                        update identity.users set password_hash = :hash, password_changed_at = now(), updated_at = now()
                         where id = :id
                        """).param("id", userId).param("hash", passwordHash).update();
    }

    SessionAccess access(UUID userId, UUID tenantId) {
        return jdbc.sql("""
                        select u.status = 'active' as user_active, u.platform_admin, m.role,
                               coalesce(t.status = 'active', false) as tenant_active
                          from identity.users u
                          left join identity.memberships m on m.user_id = u.id and m.tenant_id = :tenant
                          left join identity.tenants t on t.id = m.tenant_id
                         where u.id = :user
                        """)
                .param("user", userId)
                .param("tenant", tenantId)
                .query((rs, n) -> new SessionAccess(
                        rs.getBoolean("user_active"),
                        rs.getBoolean("platform_admin"),
                        rs.getString("role"),
                        rs.getBoolean("tenant_active")))
                .optional()
                .orElse(new SessionAccess(false, false, null, false));
    }

    /** The tenants of a user, oldest membership first. */
    List<TenantMembership> tenantsOf(UUID userId) {
        return jdbc.sql("""
                        select t.id, t.slug, t.name, m.role, t.status = 'active' as active, m.created_at
                          from identity.memberships m
                          join identity.tenants t on t.id = m.tenant_id
                         where m.user_id = :user
                         order by m.created_at, t.id
                        """)
                .param("user", userId)
                .query((rs, n) -> new TenantMembership(
                        rs.getObject("id", UUID.class),
                        rs.getString("slug"),
                        rs.getString("name"),
                        rs.getString("role"),
                        rs.getBoolean("active"),
                        instant(rs, "created_at")))
                .list();
    }

    /** Serialises membership changes of one tenant until the transaction ends (for the last-owner rule). */
    void lockMembers(UUID tenantId) {
        TenantLocks.lock(jdbc, "bl1nk members", tenantId);
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

    Optional<MemberView> findMember(UUID tenantId, UUID userId) {
        return jdbc.sql("select " + MEMBER_COLUMNS + """
                         from identity.memberships m join identity.users u on u.id = m.user_id
                         where m.tenant_id = :tenant and m.user_id = :user
                        """)
                .param("tenant", tenantId)
                .param("user", userId)
                .query(UserRepository::member)
                .optional();
    }

    boolean isMemberByEmail(UUID tenantId, String email) {
        return jdbc.sql("""
                        select exists(select 1 from identity.memberships m join identity.users u on u.id = m.user_id
                                       where m.tenant_id = :tenant and u.email = :email)
                        """)
                .param("tenant", tenantId)
                .param("email", email)
                .query(Boolean.class)
                .single();
    }

    /** One page of a tenant's members, oldest first, strictly after the cursor position when given. */
    List<MemberView> listMembers(UUID tenantId, Instant afterCreatedAt, UUID afterId, int limit) {
        String sql = "select " + MEMBER_COLUMNS
                + " from identity.memberships m join identity.users u on u.id = m.user_id where m.tenant_id = :tenant"
                + (afterId != null ? " and (m.created_at, u.id) > (:afterCreatedAt, :afterId)" : "")
                + " order by m.created_at, u.id limit :limit";
        JdbcClient.StatementSpec spec = jdbc.sql(sql).param("tenant", tenantId).param("limit", limit);
        if (afterId != null) {
            spec = spec.param("afterCreatedAt", afterCreatedAt.atOffset(ZoneOffset.UTC))
                    .param("afterId", afterId);
        }
        return spec.query(UserRepository::member).list();
    }

    int countOwners(UUID tenantId) {
        return jdbc.sql("select count(*) from identity.memberships where tenant_id = :tenant and role = 'owner'")
                .param("tenant", tenantId)
                .query(Integer.class)
                .single();
    }

    void updateRole(UUID tenantId, UUID userId, String role) {
        jdbc.sql("update identity.memberships set role = :role where tenant_id = :tenant and user_id = :user")
                .param("tenant", tenantId)
                .param("user", userId)
                .param("role", role)
                .update();
    }

    void deleteMembership(UUID tenantId, UUID userId) {
        jdbc.sql("delete from identity.memberships where tenant_id = :tenant and user_id = :user")
                .param("tenant", tenantId)
                .param("user", userId)
                .update();
    }

    private static UserAccount account(ResultSet rs, int rowNum) throws SQLException {
        return new UserAccount(
                rs.getObject("id", UUID.class),
                rs.getString("email"),
                rs.getString("display_name"),
                "active".equals(rs.getString("status")),
                rs.getBoolean("platform_admin"),
                rs.getString("password_hash"));
    }

    private static MemberView member(ResultSet rs, int rowNum) throws SQLException {
        return new MemberView(
                rs.getObject("id", UUID.class),
                rs.getString("email"),
                rs.getString("display_name"),
                rs.getString("role"),
                rs.getString("status"),
                instant(rs, "created_at"),
                rs.getString("created_by"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
