package com.bl1nk.common.sse;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Server-sent event settings.
 *
 * @param heartbeat interval between heartbeat comments that keep idle streams open through proxies
 */
@ConfigurationProperties("bl1nk.sse")
public record SseProperties(@DefaultValue("15s") Duration heartbeat) {}
