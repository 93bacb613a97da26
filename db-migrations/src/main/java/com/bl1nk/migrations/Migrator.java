package com.bl1nk.migrations;

import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Migrates every bl1nk schema, each with its own Flyway history, so services can add migrations
 * without coordinating version numbers across schemas.
 */
public final class Migrator {

    /** The platform run (extensions) comes first; then one run per service schema. */
    public static final List<String> SCHEMAS = List.of("identity", "task", "rag", "mcp", "billing");

    private static final String PLATFORM = "platform";

    private Migrator() {}

    /** Applies all pending migrations and returns one line per schema describing what happened. */
    public static List<String> migrate(String jdbcUrl, String user, String password) {
        List<String> report = new ArrayList<>();
        report.add(describe(
                PLATFORM,
                flyway(jdbcUrl, user, password, PLATFORM, "public", "flyway_platform_history")
                        .migrate()));
        for (String schema : SCHEMAS) {
            MigrateResult result = flyway(jdbcUrl, user, password, schema, schema, "flyway_schema_history")
                    .migrate();
            report.add(describe(schema, result));
        }
        return report;
    }

    private static Flyway flyway(
            String jdbcUrl, String user, String password, String folder, String schema, String historyTable) {
        return Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .locations("classpath:db/migration/" + folder)
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .table(historyTable)
                .failOnMissingLocations(false)
                .validateMigrationNaming(true)
                .connectRetries(5)
                .load();
    }

    private static String describe(String schema, MigrateResult result) {
        String version = result.targetSchemaVersion != null
                ? result.targetSchemaVersion
                : (result.initialSchemaVersion != null ? result.initialSchemaVersion : "empty");
        return "%s: %d applied, now at version %s".formatted(schema, result.migrationsExecuted, version);
    }
}
