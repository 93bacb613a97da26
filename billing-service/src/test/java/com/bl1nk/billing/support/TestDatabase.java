package com.bl1nk.billing.support;

import com.bl1nk.migrations.DatabaseCreator;
import com.bl1nk.migrations.Migrator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * One throwaway database per test JVM, migrated with the real migrations and dropped at exit (stand-in until
 * test-support's {@code @Bl1nkIntegrationTest} is available).
 */
public final class TestDatabase {

    private static final String SERVER = System.getenv()
            .getOrDefault("BL1NK_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres")
            .replaceFirst("/[^/?]+(\\?.*)?$", "/");
    public static final String USER = System.getenv().getOrDefault("BL1NK_TEST_PG_USER", "postgres");
    public static final String PASSWORD = System.getenv().getOrDefault("BL1NK_TEST_PG_PASSWORD", "");
    public static final String NAME =
            "bl1nk_billing_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    public static final String URL = SERVER + NAME;

    private static boolean ready;

    private TestDatabase() {}

    /** Creates and migrates the database on first use. */
    public static synchronized String url() {
        if (!ready) {
            try {
                DatabaseCreator.createIfMissing(URL, USER, PASSWORD);
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot create the test database; is Postgres on 127.0.0.1:5432?", e);
            }
            Migrator.migrate(URL, USER, PASSWORD);
            Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::drop));
            ready = true;
        }
        return URL;
    }

    private static void drop() {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + NAME + " with (force)");
        } catch (SQLException ignored) {
            // best effort at JVM exit
        }
    }
}
