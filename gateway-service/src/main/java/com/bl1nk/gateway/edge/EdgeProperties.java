package com.bl1nk.gateway.edge;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits applied to every request at the edge, before any service spends effort on it.
 *
 * @param maxBodySize largest request body accepted (declared or streamed); larger ones get 413
 */
@Validated
@ConfigurationProperties("bl1nk.gateway")
public record EdgeProperties(@NotNull @DefaultValue("10MB") DataSize maxBodySize) {}
