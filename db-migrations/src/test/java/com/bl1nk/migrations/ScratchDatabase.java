package com.bl1nk.migrations;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A database of its own on the local test Postgres (BL1NK_TEST_PG_*), for one test class; dropped afterwards. */
final class ScratchDatabase {

    static final String SERVER = System.getenv()
            .getOrDefault("BL1NK_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres")
            .replaceFirst("/[^/?]+(\\?.*)?$", "/");
    static final String USER = System.getenv().getOrDefault("BL1NK_TEST_PG_USER", "postgres");
    static final String PASSWORD = System.getenv().getOrDefault("BL1NK_TEST_PG_PASSWORD", "");

    final String name;
    final String url;

    ScratchDatabase(String label) {
        this.name = "bl1nk_" + label + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        this.url = SERVER + name;
    }

    void drop() throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + name + " with (force)");
        }
    }
}
