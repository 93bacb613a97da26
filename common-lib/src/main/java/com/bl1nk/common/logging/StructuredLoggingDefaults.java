package com.bl1nk.common.logging;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults every service to JSON (ECS) console logs, which include the MDC and therefore {@code traceId} and
 * {@code spanId} (not in {@code @SpringBootTest} contexts, to keep test output readable); added as the lowest-precedence property source so any service or environment setting wins. Opt out
 * with {@code bl1nk.logging.structured=false}.
 */
public class StructuredLoggingDefaults implements EnvironmentPostProcessor, Ordered {

    /** Name of the property source holding these defaults. */
    public static final String SOURCE_NAME = "bl1nkLoggingDefaults";

    /** Set by {@code @SpringBootTest} in the test's inlined properties. */
    private static final String SPRING_BOOT_TEST_MARKER =
            "org.springframework.boot.test.context.SpringBootTestContextBootstrapper";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty("bl1nk.logging.structured", Boolean.class, true)) {
            return;
        }
        if (environment.containsProperty(SPRING_BOOT_TEST_MARKER)) {
            // Keep test output readable; a test can still opt in by setting the Boot property itself.
            return;
        }
        if (environment.getPropertySources().contains(SOURCE_NAME)) {
            return;
        }
        environment
                .getPropertySources()
                .addLast(new MapPropertySource(SOURCE_NAME, Map.of("logging.structured.format.console", "ecs")));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
