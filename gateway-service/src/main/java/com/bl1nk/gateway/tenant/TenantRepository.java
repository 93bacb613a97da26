package com.bl1nk.gateway.tenant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code identity.tenants}. */
@Repository
class TenantRepository {

    private final JdbcClient jdbc;

    TenantRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    TenantView insert(UUID id, String slug, String name) {
        return jdbc.sql("""
                        insert into identity.tenants (id, slug, name) values (:id, :slug, :name)
                        returning id, slug, name, status, created_at
                        """)
                .param("id", id)
                .param("slug", slug)
                .param("name", name)
                .query(TenantRepository::view)
                .single();
    }

    Optional<TenantView> find(UUID id) {
        return jdbc.sql("select id, slug, name, status, created_at from identity.tenants where id = :id")
                .param("id", id)
                .query(TenantRepository::view)
                .optional();
    }

    Optional<TenantView> findBySlug(String slug) {
        return jdbc.sql("select id, slug, name, status, created_at from identity.tenants where slug = :slug")
                .param("slug", slug)
                .query(TenantRepository::view)
                .optional();
    }

    boolean slugExists(String slug) {
        return jdbc.sql("select exists(select 1 from identity.tenants where slug = :slug)")
                .param("slug", slug)
                .query(Boolean.class)
                .single();
    }

    boolean anyExists() {
        return jdbc.sql("select exists(select 1 from identity.tenants)")
                .query(Boolean.class)
                .single();
    }

    private static TenantView view(ResultSet rs, int rowNum) throws SQLException {
        return new TenantView(
                rs.getObject("id", UUID.class),
                rs.getString("slug"),
                rs.getString("name"),
                rs.getString("status"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
