package com.bl1nk.migrations;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One Postgres role per service, allowed to read and write the rows of its own schema and nothing else: no other
 * schema, no DDL (the migrating role owns every table), no changing its Flyway history, and for the gateway no rewriting
 * of the audit log (insert and read only). Plus {@value #REPORTS}, which may only read. Idempotent: run after every
 * migration, so tables added later are covered too.
 */
public final class ServiceRoles {

    /** Workload → the schema it owns the rows of. */
    public static final Map<String, String> SCHEMA_OF = orderedSchemas();

    /** Read-only role for reports across every schema. */
    public static final String REPORTS = "bl1nk_reports";

    private static final Pattern SAFE_PASSWORD = Pattern.compile("[A-Za-z0-9+/=_.~-]{16,200}");

    private ServiceRoles() {}

    /** {@code bl1nk_<workload>}. */
    public static String roleOf(String workload) {
        return "bl1nk_" + workload;
    }

    /**
     * Creates or updates the roles and their grants.
     *
     * @param passwords workload (or {@code reports}) → login password; a role without one can only log in where the
     *     server trusts the connection (local development)
     */
    public static List<String> apply(String jdbcUrl, String user, String password, Map<String, String> passwords)
            throws SQLException {
        List<String> report = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
                Statement sql = connection.createStatement()) {
            connection.setAutoCommit(false);
            for (Map.Entry<String, String> entry : SCHEMA_OF.entrySet()) {
                String role = roleOf(entry.getKey());
                String schema = entry.getValue();
                ensureRole(sql, role, passwords.get(entry.getKey()));
                sql.execute("revoke all on schema " + schema + " from public");
                sql.execute("grant usage on schema " + schema + " to " + role);
                sql.execute("grant select, insert, update, delete on all tables in schema " + schema + " to " + role);
                sql.execute("grant usage, select, update on all sequences in schema " + schema + " to " + role);
                sql.execute("alter default privileges in schema " + schema
                        + " grant select, insert, update, delete on tables to " + role);
                sql.execute("alter default privileges in schema " + schema
                        + " grant usage, select, update on sequences to " + role);
                // the service checks its schema version on start but never writes its migration history
                sql.execute(
                        "revoke insert, update, delete, truncate on " + schema + ".flyway_schema_history from " + role);
                report.add(role + ": rows of schema " + schema + " only");
            }
            // the audit log is append-only for the service that writes it
            sql.execute("revoke update, delete, truncate on identity.audit_events from " + roleOf("gateway"));
            sql.execute("revoke update, delete, truncate on identity.audit_checkpoints from " + roleOf("gateway"));
            ensureRole(sql, REPORTS, passwords.get("reports"));
            for (String schema : SCHEMA_OF.values()) {
                sql.execute("grant usage on schema " + schema + " to " + REPORTS);
                sql.execute("grant select on all tables in schema " + schema + " to " + REPORTS);
                sql.execute("alter default privileges in schema " + schema + " grant select on tables to " + REPORTS);
            }
            report.add(REPORTS + ": read-only, every schema");
            connection.commit();
        }
        return report;
    }

    private static void ensureRole(Statement sql, String role, String password) throws SQLException {
        sql.execute("do $$ begin if not exists (select from pg_roles where rolname = '" + role + "') then create role "
                + role + "; end if; exception when duplicate_object then null; end $$");
        StringBuilder alter = new StringBuilder("alter role ")
                .append(role)
                .append(" login nosuperuser nocreatedb nocreaterole noreplication nobypassrls");
        if (password != null && !password.isBlank()) {
            if (!SAFE_PASSWORD.matcher(password).matches()) {
                throw new IllegalArgumentException("the database password for " + role
                        + " must be 16 to 200 characters of letters, digits and + / = _ . ~ -");
            }
            alter.append(" password '").append(password).append('\'');
        }
        sql.execute(alter.toString());
    }

    private static Map<String, String> orderedSchemas() {
        Map<String, String> schemas = new LinkedHashMap<>();
        schemas.put("gateway", "identity");
        schemas.put("task", "task");
        schemas.put("rag", "rag");
        schemas.put("mcp", "mcp");
        schemas.put("billing", "billing");
        return java.util.Collections.unmodifiableMap(schemas);
    }
}
