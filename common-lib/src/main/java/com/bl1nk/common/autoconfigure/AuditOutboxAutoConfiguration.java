package com.bl1nk.common.autoconfigure;

import com.bl1nk.common.audit.AuditOutbox;
import com.bl1nk.common.audit.AuditOutboxProperties;
import com.bl1nk.common.audit.AuditOutboxRelay;
import com.bl1nk.common.schema.SchemaProperties;
import com.bl1nk.common.stream.StreamPublisher;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The service's {@link AuditOutbox} in its own schema ({@code bl1nk.schema.name}) and the relay that empties it. */
@AutoConfiguration(
        after = {StreamAutoConfiguration.class, SchemaAutoConfiguration.class},
        afterName = {
            "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
            "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration"
        })
@ConditionalOnClass({JdbcTemplate.class, TransactionTemplate.class})
@ConditionalOnProperty(prefix = "bl1nk.schema", name = "name")
@EnableConfigurationProperties({AuditOutboxProperties.class, SchemaProperties.class})
public class AuditOutboxAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(JdbcTemplate.class)
    AuditOutbox auditOutbox(JdbcTemplate jdbc, SchemaProperties schema) {
        return new AuditOutbox(jdbc, schema.name());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean({AuditOutbox.class, StreamPublisher.class, PlatformTransactionManager.class})
    @ConditionalOnProperty(prefix = "bl1nk.audit.outbox", name = "relay-enabled", matchIfMissing = true)
    AuditOutboxRelay auditOutboxRelay(
            AuditOutbox outbox,
            JdbcTemplate jdbc,
            PlatformTransactionManager transactions,
            StreamPublisher publisher,
            AuditOutboxProperties properties) {
        return new AuditOutboxRelay(
                outbox,
                jdbc,
                new TransactionTemplate(transactions),
                publisher,
                properties.pollInterval(),
                properties.batchSize());
    }
}
