package com.bl1nk.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Points a Spring test context at the throwaway database, the per-run Redis prefix and the fixed test secrets; used by
 * {@link Bl1nkIntegrationTest}. Its settings override application.yml, while properties set on the test annotation
 * still win.
 */
public class TestInfrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** Name of the property source this initializer adds. */
    public static final String SOURCE_NAME = "bl1nkTestInfrastructure";

    private static final String INLINED = "Inlined Test Properties";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        if (environment.getPropertySources().contains(SOURCE_NAME)) {
            return;
        }
        PropertySource<?> inlined = environment.getPropertySources().get(INLINED);
        Map<String, Object> props = new LinkedHashMap<>();
        properties().forEach((key, value) -> {
            if (inlined == null || !inlined.containsProperty(key)) {
                props.put(key, value);
            }
        });
        environment.getPropertySources().addFirst(new MapPropertySource(SOURCE_NAME, props));
    }

    /** The properties a test context gets (creates the database and checks Redis on first call). */
    public static Map<String, Object> properties() {
        TestDatabase db = TestDatabase.get();
        TestRedis redis = TestRedis.get();
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("spring.datasource.url", db.jdbcUrl());
        // Each app connects as its own least-privilege role (bl1nk_<workload>), as in production: a query into another
        // service's schema fails here exactly as it would there.
        props.put("spring.datasource.username", "bl1nk_${bl1nk.identity.service}");
        // for a test app that creates its own tables: spring.datasource.username=${bl1nk.test.admin-user}
        props.put("bl1nk.test.admin-user", db.user());
        props.put("spring.datasource.password", db.password());
        // The local Postgres (max_connections 100) is shared by every module's test runs: keep pools small.
        props.put("spring.datasource.hikari.maximum-pool-size", "5");
        props.put("spring.datasource.hikari.minimum-idle", "1");
        props.put("spring.flyway.enabled", "false");
        props.put("spring.data.redis.host", redis.host());
        props.put("spring.data.redis.port", Integer.toString(redis.port()));
        props.put("bl1nk.redis.key-prefix", redis.keyPrefix());
        TestKeys keys = TestKeys.get();
        // Each app signs with the test key of the workload its own application.yml names in bl1nk.identity.service.
        props.put("bl1nk.identity.signing-key-file", keys.directory() + "/${bl1nk.identity.service}.pem");
        props.put("bl1nk.identity.trusted-keys-dir", keys.trustedDirectory().toString());
        props.put("bl1nk.crypto.master-key", TestIdentities.MASTER_KEY);
        props.put("bl1nk.logging.structured", "false");
        // gauges read Postgres/Redis on every look, so a test sees a change at once
        props.put("bl1nk.metrics.sample-interval", "0s");
        return props;
    }
}
