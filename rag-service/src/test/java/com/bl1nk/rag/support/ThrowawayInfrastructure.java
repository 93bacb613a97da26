package com.bl1nk.rag.support;

import com.bl1nk.migrations.Migrator;
import com.bl1nk.mockllm.MockLlmConfig;
import com.bl1nk.mockllm.MockLlmServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Stand-in for test-support's {@code @Bl1nkIntegrationTest} (not yet published): one throwaway database (migrated
 * with the real db-migrations), one Redis key prefix, one identity secret and one mock-llm per test JVM.
 */
public final class ThrowawayInfrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String DATABASE = "rag_it_" + RUN;
    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    /** Identity secret of this run (≥ 32 bytes). */
    public static final String SECRET = "rag-it-secret-" + UUID.randomUUID() + UUID.randomUUID();
    /** Redis key prefix of this run. */
    public static final String KEY_PREFIX = "rag-it:" + RUN + ":";

    private static volatile MockLlmServer mockLlm;
    private static volatile boolean created;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        prepare();
        context.getEnvironment()
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "rag-it",
                        Map.of(
                                "spring.datasource.url",
                                url(),
                                "spring.datasource.username",
                                "postgres",
                                "bl1nk.redis.key-prefix",
                                KEY_PREFIX,
                                "bl1nk.identity.secret",
                                SECRET,
                                "bl1nk.rag.embedding.providers.mock.base-url",
                                mockLlm.baseUrl(),
                                "bl1nk.rag.embedding.providers.mock.read-timeout",
                                "5s")));
    }

    /** The in-process mock OpenAI-compatible provider. */
    public static MockLlmServer mockLlm() {
        prepare();
        return mockLlm;
    }

    /** JDBC URL of the throwaway database. */
    public static String url() {
        return SERVER + DATABASE;
    }

    private static synchronized void prepare() {
        if (created) {
            return;
        }
        // The shared Postgres may be briefly out of connections while others run; retry a few times.
        RuntimeException last = null;
        for (int attempt = 1; attempt <= 6 && !created; attempt++) {
            try {
                createDatabaseIfMissing();
                Migrator.migrate(url(), "postgres", "");
                created = true;
            } catch (RuntimeException e) {
                last = e;
                java.util.concurrent.locks.LockSupport.parkNanos(
                        java.time.Duration.ofSeconds(5L * attempt).toNanos());
            }
        }
        if (!created) {
            throw new IllegalStateException("cannot prepare the test database", last);
        }
        mockLlm = MockLlmServer.start(MockLlmConfig.defaults().port(0));
        Runtime.getRuntime().addShutdownHook(new Thread(ThrowawayInfrastructure::dropDatabase));
    }

    private static void createDatabaseIfMissing() {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
                Statement s = c.createStatement()) {
            var rs = s.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'");
            if (!rs.next()) {
                s.execute("create database " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database", e);
        }
    }

    private static void dropDatabase() {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + DATABASE + " with (force)");
        } catch (SQLException e) {
            // best effort: a leftover rag_it_* database is harmless
        }
    }
}
