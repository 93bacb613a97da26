package com.bl1nk.gateway.support;

import com.bl1nk.migrations.DatabaseCreator;
import com.bl1nk.migrations.Migrator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A second throwaway database on the local Postgres (test-support gives each run one; bootstrap needs an empty one),
 * migrated with db-migrations and dropped when the JVM exits, so every test
 * run starts from an empty schema.
 */
public final class FreshDatabase {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String USER = "postgres";

    private final String name;

    private FreshDatabase(String name) {
        this.name = name;
    }

    /** Creates and migrates a new database named {@code <label>_<random>}. */
    public static FreshDatabase create(String label) {
        FreshDatabase db = new FreshDatabase(
                label + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        try {
            DatabaseCreator.createIfMissing(db.url(), USER, "");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + db.name + " on " + SERVER, e);
        }
        Migrator.migrate(db.url(), USER, "");
        Runtime.getRuntime().addShutdownHook(new Thread(db::drop, "drop-" + db.name));
        return db;
    }

    public String url() {
        return SERVER + name;
    }

    public String user() {
        return USER;
    }

    private void drop() {
        try (Connection connection = DriverManager.getConnection(SERVER + "postgres", USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute("drop database if exists \"" + name + "\" with (force)");
        } catch (SQLException e) {
            System.err.println("Could not drop test database " + name + ": " + e);
        }
    }
}
