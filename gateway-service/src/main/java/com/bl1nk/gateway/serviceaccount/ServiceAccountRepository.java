package com.bl1nk.gateway.serviceaccount;

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

/** SQL for {@code identity.service_accounts}; every statement is scoped by tenant id and skips deleted accounts. */
@Repository
class ServiceAccountRepository {

    private static final String COLUMNS =
            "id, tenant_id, name, description, created_at, created_by, updated_at, disabled_at";

    private final JdbcClient jdbc;

    ServiceAccountRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    ServiceAccountView insert(UUID id, UUID tenantId, String name, String description, String createdBy) {
        return jdbc.sql("""
                        insert into identity.service_accounts (id, tenant_id, name, description, created_by)
                        values (:id, :tenant, :name, :description, :createdBy)
                        returning %s
                        """.formatted(COLUMNS))
                .param("id", id)
                .param("tenant", tenantId)
                .param("name", name)
                .param("description", description)
                .param("createdBy", createdBy)
                .query(ServiceAccountRepository::view)
                .single();
    }

    Optional<ServiceAccountView> find(UUID tenantId, UUID id) {
        return jdbc.sql("select " + COLUMNS
                        + " from identity.service_accounts where tenant_id = :tenant and id = :id"
                        + " and deleted_at is null")
                .param("tenant", tenantId)
                .param("id", id)
                .query(ServiceAccountRepository::view)
                .optional();
    }

    /** One page, newest first, strictly after the cursor position when given. */
    List<ServiceAccountView> list(UUID tenantId, Instant afterCreatedAt, UUID afterId, int limit) {
        String sql = "select " + COLUMNS + " from identity.service_accounts where tenant_id = :tenant"
                + " and deleted_at is null"
                + (afterId != null ? " and (created_at, id) < (:afterCreatedAt, :afterId)" : "")
                + " order by created_at desc, id desc limit :limit";
        JdbcClient.StatementSpec spec = jdbc.sql(sql).param("tenant", tenantId).param("limit", limit);
        if (afterId != null) {
            spec = spec.param("afterCreatedAt", afterCreatedAt.atOffset(ZoneOffset.UTC))
                    .param("afterId", afterId);
        }
        return spec.query(ServiceAccountRepository::view).list();
    }

    /** Applies the changes that are not null; {@code disabled} sets or clears {@code disabled_at}. */
    Optional<ServiceAccountView> update(UUID tenantId, UUID id, String name, String description, Boolean disabled) {
        return jdbc.sql("""
                        update identity.service_accounts
                           set name = coalesce(:name, name),
                               description = coalesce(:description, description),
                               disabled_at = case when :disabled::boolean is null then disabled_at
                                                  when :disabled::boolean then coalesce(disabled_at, now())
                                                  else null end,
                               updated_at = now()
                         where tenant_id = :tenant and id = :id and deleted_at is null
                        returning %s
                        """.formatted(COLUMNS))
                .param("tenant", tenantId)
                .param("id", id)
                .param("name", name)
                .param("description", description)
                .param("disabled", disabled, java.sql.Types.BOOLEAN)
                .query(ServiceAccountRepository::view)
                .optional();
    }

    /** Marks it deleted (and disabled); its keys are revoked by the caller in the same transaction. */
    Optional<ServiceAccountView> markDeleted(UUID tenantId, UUID id) {
        return jdbc.sql("""
                        update identity.service_accounts
                           set deleted_at = now(), disabled_at = coalesce(disabled_at, now()), updated_at = now()
                         where tenant_id = :tenant and id = :id and deleted_at is null
                        returning %s
                        """.formatted(COLUMNS))
                .param("tenant", tenantId)
                .param("id", id)
                .query(ServiceAccountRepository::view)
                .optional();
    }

    private static ServiceAccountView view(ResultSet rs, int rowNum) throws SQLException {
        Instant disabledAt = instant(rs, "disabled_at");
        return new ServiceAccountView(
                rs.getObject("id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                rs.getString("name"),
                rs.getString("description"),
                disabledAt == null ? "active" : "disabled",
                instant(rs, "created_at"),
                rs.getString("created_by"),
                instant(rs, "updated_at"),
                disabledAt);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
