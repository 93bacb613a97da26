package com.bl1nk.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class StructuredLoggingDefaultsTests {

    private final StructuredLoggingDefaults defaults = new StructuredLoggingDefaults();

    @Test
    void defaultsToEcsJsonConsoleLogs() {
        StandardEnvironment env = new StandardEnvironment();
        defaults.postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("logging.structured.format.console")).isEqualTo("ecs");
    }

    @Test
    void anExplicitSettingWins() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources()
                .addFirst(new MapPropertySource("app", Map.of("logging.structured.format.console", "logstash")));
        defaults.postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("logging.structured.format.console")).isEqualTo("logstash");
    }

    @Test
    void canBeSwitchedOffAndStaysOffInSpringBootTests() {
        StandardEnvironment off = new StandardEnvironment();
        off.getPropertySources().addFirst(new MapPropertySource("app", Map.of("bl1nk.logging.structured", "false")));
        defaults.postProcessEnvironment(off, new SpringApplication());
        assertThat(off.getProperty("logging.structured.format.console")).isNull();

        StandardEnvironment test = new StandardEnvironment();
        test.getPropertySources()
                .addFirst(new MapPropertySource(
                        "Inlined Test Properties",
                        Map.of("org.springframework.boot.test.context.SpringBootTestContextBootstrapper", "true")));
        defaults.postProcessEnvironment(test, new SpringApplication());
        assertThat(test.getProperty("logging.structured.format.console")).isNull();
    }
}
