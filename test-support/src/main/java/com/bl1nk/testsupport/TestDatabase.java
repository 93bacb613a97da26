package com.bl1nk.testsupport;

import com.bl1nk.migrations.Migrator;
import com.bl1nk.migrations.ServiceRoles;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * One throwaway, fully migrated database per test JVM on the local Postgres, so integration tests run against the real
 * schema without touching anyone else's data; dropped when the JVM exits (leftovers older than 6 hours are dropped
 * too).
 *
 * <p>Admin connection: {@code BL1NK_TEST_PG_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/postgres}),
 * {@code BL1NK_TEST_PG_USER} (default {@code postgres}), {@code BL1NK_TEST_PG_PASSWORD} (default empty).
 */
public final class TestDatabase {

    /** Environment variable with the admin JDBC URL. */
    public static final String URL_ENV = "BL1NK_TEST_PG_URL";

    public static final String USER_ENV = "BL1NK_TEST_PG_USER";
    public static final String PASSWORD_ENV = "BL1NK_TEST_PG_PASSWORD";

    private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final Pattern NAME = Pattern.compile("^bl1nk_it_(\\d{14})_[a-z0-9]+$");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final Duration LEFTOVER_AGE = Duration.ofHours(6);
    private static final String FIX = "Run `./bl1nk test` (it starts Postgres and installs pgvector), or point "
            + URL_ENV + " at a Postgres 15+ with the pgvector extension available.";

    private static volatile TestDatabase instance;

    private final String name;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final List<String> migrationReport;
    private HikariDataSource pool;

    private TestDatabase(String name, String jdbcUrl, String user, String password, List<String> report) {
        this.name = name;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.migrationReport = List.copyOf(report);
    }

    /** The database of this JVM, created and migrated on first use. */
    public static TestDatabase get() {
        TestDatabase db = instance;
        if (db == null) {
            synchronized (TestDatabase.class) {
                db = instance;
                if (db == null) {
                    db = create();
                    instance = db;
                }
            }
        }
        return db;
    }

    private static TestDatabase create() {
        String adminUrl = env(URL_ENV, DEFAULT_URL);
        String user = env(USER_ENV, "postgres");
        String password = env(PASSWORD_ENV, "");
        String name = "bl1nk_it_" + LocalDateTime.now(ZoneOffset.UTC).format(STAMP) + "_" + randomSuffix();
        try (Connection admin = connect(adminUrl, user, password);
                Statement st = admin.createStatement()) {
            try (ResultSet rs = st.executeQuery("select 1 from pg_available_extensions where name = 'vector'")) {
                if (!rs.next()) {
                    throw new IllegalStateException(
                            "The Postgres at " + adminUrl + " has no `vector` extension available. " + FIX);
                }
            }
            dropLeftovers(st);
            st.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Postgres is not reachable at " + adminUrl + " as " + user + " (" + e.getMessage() + "). " + FIX,
                    e);
        }
        String url = databaseUrl(adminUrl, name);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> drop(adminUrl, user, password, name)));
        List<String> report;
        try {
            report = new java.util.ArrayList<>(Migrator.migrate(url, user, password));
            report.addAll(ServiceRoles.apply(url, user, password, java.util.Map.of()));
        } catch (RuntimeException | java.sql.SQLException e) {
            throw new IllegalStateException("Migrating the test database " + name + " failed: " + e.getMessage(), e);
        }
        System.out.println("TestDatabase: created and migrated " + name + " " + report);
        return new TestDatabase(name, url, user, password, report);
    }

    /** The database name ({@code bl1nk_it_<yyyymmddhhmmss>_<random>}). */
    public String name() {
        return name;
    }

    /** JDBC URL of the throwaway database. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** What the migration run applied, one line per schema. */
    public List<String> migrationReport() {
        return migrationReport;
    }

    /**
     * A small shared connection pool (at most 8 connections) for test code that talks to the database directly; the
     * Postgres is shared by everyone's test runs, so tests must not open a connection per thread.
     */
    public synchronized DataSource dataSource() {
        if (pool == null) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(jdbcUrl);
            config.setUsername(user);
            config.setPassword(password);
            config.setMaximumPoolSize(8);
            config.setMinimumIdle(0);
            config.setPoolName("bl1nk-test-db");
            pool = new HikariDataSource(config);
        }
        return pool;
    }

    /** A new connection to the throwaway database. */
    public Connection connect() throws SQLException {
        return connect(jdbcUrl, user, password);
    }

    static String databaseUrl(String adminUrl, String database) {
        int q = adminUrl.indexOf('?');
        String base = q < 0 ? adminUrl : adminUrl.substring(0, q);
        String params = q < 0 ? "" : adminUrl.substring(q);
        int slash = base.lastIndexOf('/');
        if (slash < "jdbc:postgresql://".length()) {
            return base + "/" + database + params;
        }
        return base.substring(0, slash + 1) + database + params;
    }

    private static void dropLeftovers(Statement st) throws SQLException {
        List<String> old = new ArrayList<>();
        LocalDateTime cutoff = LocalDateTime.now(ZoneOffset.UTC).minus(LEFTOVER_AGE);
        try (ResultSet rs = st.executeQuery("select datname from pg_database where datname like 'bl1nk_it_%'")) {
            while (rs.next()) {
                String db = rs.getString(1);
                Matcher m = NAME.matcher(db);
                if (m.matches() && LocalDateTime.parse(m.group(1), STAMP).isBefore(cutoff)) {
                    old.add(db);
                }
            }
        }
        for (String db : old) {
            try {
                st.execute("drop database if exists " + db + " with (force)");
            } catch (SQLException ignored) {
                // another run may be dropping it right now
            }
        }
    }

    /** Drops the database at JVM exit; retried because the shared server may briefly refuse new connections. */
    private static void drop(String adminUrl, String user, String password, String name) {
        SQLException last = null;
        for (int attempt = 1; attempt <= 5; attempt++) {
            try (Connection admin = connect(adminUrl, user, password);
                    Statement st = admin.createStatement()) {
                st.execute("drop database if exists " + name + " with (force)");
                System.out.println("TestDatabase: dropped " + name);
                return;
            } catch (SQLException e) {
                last = e;
                try {
                    Thread.sleep(500L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        String message =
                "Could not drop test database " + name + ": " + (last == null ? "interrupted" : last.getMessage());
        System.err.println(message);
        try {
            java.nio.file.Files.writeString(
                    java.nio.file.Path.of("target", "bl1nk-test-database-drop.log"),
                    message + System.lineSeparator(),
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException | RuntimeException ignored) {
            // best effort: leftovers are dropped by a later run after 6 hours
        }
    }

    private static Connection connect(String url, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (!password.isEmpty()) {
            props.setProperty("password", password);
        }
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(url, props);
    }

    private static String randomSuffix() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            value = System.getProperty(name);
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
