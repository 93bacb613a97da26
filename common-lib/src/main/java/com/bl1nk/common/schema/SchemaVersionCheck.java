package com.bl1nk.common.schema;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Fails startup when the service's schema is older than the code needs, with a message that says how to migrate,
 * instead of failing later on a missing column.
 */
public class SchemaVersionCheck implements InitializingBean {

    private static final Pattern SCHEMA_NAME = Pattern.compile("^[a-z_][a-z0-9_]{0,62}$");
    private static final Pattern VERSION = Pattern.compile("^\\d+([._]\\d+)*$");
    private static final Logger log = LoggerFactory.getLogger(SchemaVersionCheck.class);

    private static final String HOW_TO_MIGRATE = "run ./bl1nk up or java -jar db-migrations.jar";

    private final JdbcTemplate jdbc;
    private final String schema;
    private final String minVersion;

    public SchemaVersionCheck(JdbcTemplate jdbc, String schema, String minVersion) {
        if (schema == null || !SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("bl1nk.schema.name must be a lower-case schema name, got: " + schema);
        }
        if (minVersion != null && !VERSION.matcher(minVersion).matches()) {
            throw new IllegalArgumentException("bl1nk.schema.min-version must look like 3 or 3.1, got: " + minVersion);
        }
        this.jdbc = jdbc;
        this.schema = schema;
        this.minVersion = minVersion;
    }

    @Override
    public void afterPropertiesSet() {
        check();
    }

    /** Returns the current version, or throws {@link IllegalStateException} naming the fix. */
    public String check() {
        List<String> versions;
        try {
            versions = jdbc.queryForList(
                    "select version from " + schema + ".flyway_schema_history where success and version is not null",
                    String.class);
        } catch (DataAccessException e) {
            throw new IllegalStateException(
                    "Database schema '" + schema + "' is not migrated (no " + schema + ".flyway_schema_history table): "
                            + HOW_TO_MIGRATE,
                    e);
        }
        String current = versions.stream()
                .filter(Objects::nonNull)
                .max(SchemaVersionCheck::compare)
                .orElse(null);
        if (current == null) {
            throw new IllegalStateException(
                    "Database schema '" + schema + "' has no applied migrations: " + HOW_TO_MIGRATE);
        }
        if (minVersion != null && compare(current, minVersion) < 0) {
            throw new IllegalStateException("Database schema '" + schema + "' is at version " + current
                    + " but this service needs at least " + minVersion + ": " + HOW_TO_MIGRATE);
        }
        log.info("Database schema '{}' is at version {} (needs {})", schema, current, minVersion);
        return current;
    }

    /** Compares Flyway versions part by part numerically ({@code 10 > 9}, {@code 3.1 > 3}). */
    static int compare(String a, String b) {
        String[] pa = a.split("[._]");
        String[] pb = b.split("[._]");
        for (int i = 0; i < Math.max(pa.length, pb.length); i++) {
            BigInteger x = i < pa.length ? parse(pa[i]) : BigInteger.ZERO;
            BigInteger y = i < pb.length ? parse(pb[i]) : BigInteger.ZERO;
            int c = x.compareTo(y);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static BigInteger parse(String part) {
        try {
            return new BigInteger(part);
        } catch (NumberFormatException e) {
            return BigInteger.ZERO;
        }
    }
}
