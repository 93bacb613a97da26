package com.bl1nk.common.schema;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The database schema a service needs, checked at startup because services run with Flyway disabled.
 *
 * @param name the service's schema, e.g. {@code task}; the check runs only when set
 * @param minVersion lowest Flyway version the code needs, e.g. {@code 3} or {@code 3.1}
 */
@ConfigurationProperties("bl1nk.schema")
public record SchemaProperties(String name, String minVersion) {}
