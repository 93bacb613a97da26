package com.bl1nk.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bl1nk.common.schema.SchemaVersionCheck;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

class ThrowawayDatabaseIT {

    private final TestDatabase db = TestDatabase.get();
    private final JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());

    @Test
    void createsAThrowawayDatabaseNamedForTheRun() {
        assertThat(db.name()).matches("bl1nk_it_\\d{14}_[a-z0-9]{8}");
        assertThat(jdbc.queryForObject("select current_database()", String.class))
                .isEqualTo(db.name());
        assertThat(TestDatabase.get()).isSameAs(db);
    }

    @Test
    void migratesEverySchemaWithPgvector() {
        assertThat(jdbc.queryForList("select nspname from pg_namespace", String.class))
                .contains("identity", "task", "rag", "mcp", "billing");
        assertThat(jdbc.queryForObject("select count(*) from pg_extension where extname = 'vector'", Integer.class))
                .isEqualTo(1);
        assertThat(db.migrationReport()).hasSizeGreaterThanOrEqualTo(6);
    }

    @Test
    void schemaVersionCheckPassesForAMigratedSchema() {
        assertThat(new SchemaVersionCheck(jdbc, "identity", "1").check()).isNotBlank();
    }

    @Test
    void schemaVersionCheckFailsWithTheFixWhenTooOld() {
        assertThatThrownBy(() -> new SchemaVersionCheck(jdbc, "identity", "99999").check())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least 99999")
                .hasMessageContaining("./bl1nk up")
                .hasMessageContaining("java -jar db-migrations.jar");
    }

    @Test
    void schemaVersionCheckFailsWhenTheSchemaWasNeverMigrated() {
        assertThatThrownBy(() -> new SchemaVersionCheck(jdbc, "nothing_here", "1").check())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not migrated");
    }

    @Test
    void jdbcUrlReplacesTheDatabaseOfTheAdminUrl() {
        assertThat(TestDatabase.databaseUrl("jdbc:postgresql://127.0.0.1:5432/postgres", "x"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/x");
        assertThat(TestDatabase.databaseUrl("jdbc:postgresql://h:1/postgres?sslmode=disable", "x"))
                .isEqualTo("jdbc:postgresql://h:1/x?sslmode=disable");
    }

    @Test
    void redisPrefixIsPerRun() {
        assertThat(TestRedis.get().keyPrefix()).matches("bl1nk-it-[0-9a-f]{12}:");
    }
}
