package com.bl1nk.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MigratorIT {

    private static final String SERVER = System.getenv()
            .getOrDefault("BL1NK_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres")
            .replaceFirst("/[^/?]+(\\?.*)?$", "/");
    private static final String USER = System.getenv().getOrDefault("BL1NK_TEST_PG_USER", "postgres");
    private static final String PASSWORD = System.getenv().getOrDefault("BL1NK_TEST_PG_PASSWORD", "");
    private static final String DATABASE =
            "bl1nk_migrator_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final String URL = SERVER + DATABASE;

    @BeforeAll
    static void createDatabase() throws SQLException {
        assertThat(DatabaseCreator.createIfMissing(URL, USER, PASSWORD)).contains("created database " + DATABASE);
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + DATABASE + " with (force)");
        }
    }

    @Test
    void createsEverySchemaAndTheVectorExtensionAndIsIdempotent() throws SQLException {
        Migrator.migrate(URL, USER, PASSWORD);
        List<String> second = Migrator.migrate(URL, USER, PASSWORD);

        assertThat(second).allMatch(line -> line.contains(": 0 applied"));
        assertThat(query("select extname from pg_extension where extname = 'vector'"))
                .containsExactly("vector");
        assertThat(query("select schema_name from information_schema.schemata"))
                .contains("identity", "task", "rag", "mcp", "billing");
        assertThat(DatabaseCreator.createIfMissing(URL, USER, PASSWORD)).isEmpty();
    }

    @Test
    void refusesADatabaseUrlWithAnUnsafeName() {
        assertThatThrownBy(() -> DatabaseCreator.createIfMissing(SERVER + "x\";drop", USER, PASSWORD))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plain database name");
    }

    private static List<String> query(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
