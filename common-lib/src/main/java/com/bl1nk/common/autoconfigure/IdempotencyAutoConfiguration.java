package com.bl1nk.common.autoconfigure;

import com.bl1nk.common.idempotency.IdempotencyProperties;
import com.bl1nk.common.idempotency.IdempotencyService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/** An {@link IdempotencyService} when the app has a JdbcTemplate and sets {@code bl1nk.idempotency.table}. */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
            "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration"
        })
@ConditionalOnClass(JdbcTemplate.class)
@ConditionalOnProperty(prefix = "bl1nk.idempotency", name = "table")
@EnableConfigurationProperties(IdempotencyProperties.class)
public class IdempotencyAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(JdbcTemplate.class)
    IdempotencyService idempotencyService(
            JdbcTemplate jdbc, ObjectProvider<JsonMapper> mapper, IdempotencyProperties properties) {
        return new IdempotencyService(
                jdbc,
                mapper.getIfAvailable(() -> JsonMapper.builder().build()),
                properties.table(),
                properties.retention(),
                properties.inFlightTimeout());
    }
}
