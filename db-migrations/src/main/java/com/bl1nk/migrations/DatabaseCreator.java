package com.bl1nk.migrations;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Creates the target database through the server's maintenance database, so a fresh server needs no psql. */
public final class DatabaseCreator {

    private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://[^/]+/)([A-Za-z0-9_]+)(\\?.*)?$");

    private DatabaseCreator() {}

    /** Returns a message when the database was created, empty when it already existed. */
    public static Optional<String> createIfMissing(String jdbcUrl, String user, String password) throws SQLException {
        Matcher matcher = URL.matcher(jdbcUrl);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(
                    "expected jdbc:postgresql://host:port/database with a plain database name, got " + jdbcUrl);
        }
        String database = matcher.group(2);
        String maintenanceUrl = matcher.group(1) + "postgres" + (matcher.group(3) == null ? "" : matcher.group(3));
        try (Connection connection = DriverManager.getConnection(maintenanceUrl, user, password)) {
            try (PreparedStatement exists =
                    connection.prepareStatement("select 1 from pg_database where datname = ?")) {
                exists.setString(1, database);
                try (ResultSet rows = exists.executeQuery()) {
                    if (rows.next()) {
                        return Optional.empty();
                    }
                }
            }
            try (Statement create = connection.createStatement()) {
                // the name matched [A-Za-z0-9_]+ above, so quoting it is safe
                create.execute("create database \"" + database + "\"");
            }
            return Optional.of("created database " + database);
        }
    }
}
