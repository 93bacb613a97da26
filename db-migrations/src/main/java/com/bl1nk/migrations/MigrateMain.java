package com.bl1nk.migrations;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Command-line entry point: {@code java -jar db-migrations-exec.jar [--create-database] [--url U] [--user U]
 * [--password P] [--no-roles] [--redis host:port [--redis-prefix P]]} migrates every schema, grants each service's role its own schema
 * ({@link ServiceRoles}; passwords from {@code BL1NK_DB_PASSWORD_<WORKLOAD>}) and exits; environment variables fill what flags leave out.
 */
public final class MigrateMain {

    /** Held so the level sticks: Flyway's step-by-step INFO lines drown the one-line-per-schema summary. */
    private static final java.util.logging.Logger FLYWAY_LOG = java.util.logging.Logger.getLogger("org.flywaydb");

    private MigrateMain() {}

    public static void main(String[] args) {
        FLYWAY_LOG.setLevel(java.util.logging.Level.WARNING);
        Map<String, String> flags = parse(args);
        String url = flags.getOrDefault(
                "url", env("BL1NK_DB_URL", env("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:5432/bl1nk")));
        String user = flags.getOrDefault("user", env("BL1NK_DB_USER", env("SPRING_DATASOURCE_USERNAME", "postgres")));
        String password =
                flags.getOrDefault("password", env("BL1NK_DB_PASSWORD", env("SPRING_DATASOURCE_PASSWORD", "")));
        try {
            if (flags.containsKey("create-database")) {
                DatabaseCreator.createIfMissing(url, user, password).ifPresent(System.out::println);
            }
            for (String line : Migrator.migrate(url, user, password)) {
                System.out.println(line);
            }
            if (!flags.containsKey("no-roles")) {
                Map<String, String> passwords = new HashMap<>();
                for (String workload : ServiceRoles.SCHEMA_OF.keySet()) {
                    passwords.put(workload, env("BL1NK_DB_PASSWORD_" + workload.toUpperCase(Locale.ROOT), ""));
                }
                passwords.put("reports", env("BL1NK_DB_PASSWORD_REPORTS", ""));
                for (String line : ServiceRoles.apply(url, user, password, passwords)) {
                    System.out.println(line);
                }
            }
            if (flags.containsKey("redis")) {
                String[] hostPort = flags.get("redis").split(":", 2);
                Map<String, String> passwords = new HashMap<>();
                for (String workload : RedisUsers.rules().keySet()) {
                    passwords.put(workload, env("BL1NK_REDIS_PASSWORD_" + workload.toUpperCase(Locale.ROOT), ""));
                }
                for (String line : RedisUsers.apply(
                        hostPort[0],
                        hostPort.length > 1 ? Integer.parseInt(hostPort[1]) : 6379,
                        env("BL1NK_REDIS_ADMIN_PASSWORD", ""),
                        flags.getOrDefault("redis-prefix", ""),
                        passwords)) {
                    System.out.println("redis " + line);
                }
            }
        } catch (RuntimeException | SQLException | java.io.IOException e) {
            System.err.println("Migration of " + url + " failed: " + e.getMessage());
            System.err.println(
                    "Check that Postgres is reachable and has the pgvector extension (./bl1nk up sets both up).");
            System.exit(1);
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            String name = arg.substring(2);
            if (name.equals("create-database") || name.equals("no-roles")) {
                flags.put(name, "true");
            } else if (i + 1 < args.length) {
                flags.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
        }
        return flags;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    static {
        // Keep the driver registered when run from the fat jar.
        try {
            DriverManager.registerDriver(new org.postgresql.Driver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
