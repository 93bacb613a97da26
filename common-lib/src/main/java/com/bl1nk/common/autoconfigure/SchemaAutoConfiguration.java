package com.bl1nk.common.autoconfigure;

import com.bl1nk.common.schema.SchemaProperties;
import com.bl1nk.common.schema.SchemaVersionCheck;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/** Runs the {@link SchemaVersionCheck} at startup when {@code bl1nk.schema.name} is set. */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration")
@ConditionalOnClass(JdbcTemplate.class)
@ConditionalOnProperty(prefix = "bl1nk.schema", name = "name")
@EnableConfigurationProperties(SchemaProperties.class)
public class SchemaAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(JdbcTemplate.class)
    SchemaVersionCheck schemaVersionCheck(JdbcTemplate jdbc, SchemaProperties properties) {
        return new SchemaVersionCheck(jdbc, properties.name(), properties.minVersion());
    }
}
