package com.bl1nk.common.stream;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Redis naming shared by every service.
 *
 * @param keyPrefix prefix added to every key and stream name (tests use a per-run prefix); empty by default
 */
@ConfigurationProperties("bl1nk.redis")
public record StreamProperties(@DefaultValue("") String keyPrefix) {}
