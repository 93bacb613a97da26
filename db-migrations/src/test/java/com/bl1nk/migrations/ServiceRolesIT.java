package com.bl1nk.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What each service's own database role can and cannot do, on a freshly migrated database. */
class ServiceRolesIT {

    private static final ScratchDatabase DB = new ScratchDatabase("roles_it");
    private static final String USER = ScratchDatabase.USER;
    private static final String PASSWORD = ScratchDatabase.PASSWORD;
    private static final String SERVER = ScratchDatabase.SERVER;
    private static final String DATABASE = DB.name;
    private static final String URL = DB.url;

    @BeforeAll
    static void migrate() throws SQLException {
        DatabaseCreator.createIfMissing(URL, USER, PASSWORD);
        Migrator.migrate(URL, USER, PASSWORD);
        ServiceRoles.apply(URL, USER, PASSWORD, Map.of());
        // twice: idempotent
        ServiceRoles.apply(URL, USER, PASSWORD, Map.of());
    }

    @AfterAll
    static void drop() throws SQLException {
        DB.drop();
    }

    @Test
    void ragsRoleCannotReadTasksTablesOrAnyOtherSchema() {
        for (String table : new String[] {
            "task.tasks", "task.llm_providers", "billing.reservations", "identity.api_keys", "mcp.servers"
        }) {
            assertThatThrownBy(() -> run("rag", "select count(*) from " + table))
                    .as(table)
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied");
        }
    }

    @Test
    void eachRoleWorksTheRowsOfItsOwnSchema() throws SQLException {
        assertThat(single("rag", "select count(*) from rag.knowledge_bases")).isEqualTo("0");
        assertThat(single("task", "select count(*) from task.tasks")).isEqualTo("0");
        assertThat(single("billing", "select count(*) from billing.reservations"))
                .isEqualTo("0");
        assertThat(single("mcp", "select count(*) from mcp.servers")).isEqualTo("0");
        assertThat(single("gateway", "select count(*) from identity.tenants")).isEqualTo("0");
        UUID tenant = UUID.randomUUID();
        run(
                "gateway",
                "insert into identity.tenants (id, name, slug) values ('" + tenant + "', 'roles it', 'roles-it-"
                        + tenant.toString().substring(0, 8) + "')");
        run("gateway", "update identity.tenants set name = 'renamed' where id = '" + tenant + "'");
        run("gateway", "delete from identity.tenants where id = '" + tenant + "'");
    }

    @Test
    void noRoleCanChangeTheSchemaOrItsMigrationHistory() {
        assertThatThrownBy(() -> run("rag", "create table rag.smuggled (id int)"))
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> run("rag", "drop table rag.chunks")).hasMessageContaining("must be owner");
        assertThatThrownBy(() -> run("task", "alter table task.tasks add column x int"))
                .hasMessageContaining("must be owner");
        assertThatThrownBy(() -> run("billing", "delete from billing.flyway_schema_history"))
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> run("rag", "create schema smuggled")).hasMessageContaining("permission denied");
    }

    @Test
    void theAuditLogIsAppendOnlyForTheGateway() throws SQLException {
        UUID id = UUID.randomUUID();
        run(
                "gateway",
                "insert into identity.audit_events (id, event_id, tenant_id, actor, action, resource_type, outcome,"
                        + " occurred_at) values ('" + id + "', '" + UUID.randomUUID() + "', '" + UUID.randomUUID()
                        + "', 'key:x', 'test', 'thing', 'success', now())");
        assertThat(single("gateway", "select count(*) from identity.audit_events where id = '" + id + "'"))
                .isEqualTo("1");
        assertThatThrownBy(() -> run("gateway", "update identity.audit_events set action = 'rewritten'"))
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> run("gateway", "delete from identity.audit_events"))
                .hasMessageContaining("permission denied");
    }

    @Test
    void theReportsRoleOnlyReads() throws SQLException {
        assertThat(single("reports", "select count(*) from task.tasks")).isEqualTo("0");
        assertThat(single("reports", "select count(*) from billing.usage_records"))
                .isEqualTo("0");
        assertThatThrownBy(() -> run("reports", "delete from task.tasks")).hasMessageContaining("permission denied");
    }

    @Test
    void noServiceRoleIsPrivileged() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select rolname from pg_roles where rolname like 'bl1nk\\_%' and"
                        + " (rolsuper or rolcreaterole or rolcreatedb or rolbypassrls or rolreplication)")) {
            assertThat(rs.next()).as("a privileged bl1nk role").isFalse();
        }
    }

    private static void run(String workload, String statement) throws SQLException {
        try (Connection c = connect(workload);
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static String single(String workload, String query) throws SQLException {
        try (Connection c = connect(workload);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Connection connect(String workload) throws SQLException {
        String role = workload.equals("reports") ? ServiceRoles.REPORTS : ServiceRoles.roleOf(workload);
        return DriverManager.getConnection(URL, role, "");
    }
}
