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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MigratorIT {

    private static final ScratchDatabase DB = new ScratchDatabase("migrator_it");
    private static final String USER = ScratchDatabase.USER;
    private static final String PASSWORD = ScratchDatabase.PASSWORD;
    private static final String SERVER = ScratchDatabase.SERVER;
    private static final String DATABASE = DB.name;
    private static final String URL = DB.url;

    @BeforeAll
    static void createDatabase() throws SQLException {
        assertThat(DatabaseCreator.createIfMissing(URL, USER, PASSWORD)).contains("created database " + DATABASE);
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        DB.drop();
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
