package com.bl1nk.common.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives every service the same latency buckets, matched to the SLOs the alert rules and dashboards use (250 ms and
 * 1 s for HTTP), for HTTP requests and the business timers; the lowest-precedence property source, so a service or the
 * environment can still override a bucket list.
 */
public class MetricsDefaults implements EnvironmentPostProcessor, Ordered {

    /** Name of the property source holding these defaults. */
    public static final String SOURCE_NAME = "bl1nkMetricsDefaults";

    /** SLO buckets of {@code http.server.requests}; 0.25 s and 1 s are the alerting thresholds. */
    public static final String HTTP_SLO = "25ms,50ms,100ms,250ms,500ms,1s,2500ms,5s,10s";

    /** Buckets of model calls and tool calls, which are slower by nature. */
    public static final String SLOW_SLO = "100ms,250ms,500ms,1s,2500ms,5s,10s,30s,60s,120s";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(SOURCE_NAME)) {
            return;
        }
        Map<String, Object> defaults = new LinkedHashMap<>();
        String slo = "management.metrics.distribution.slo.";
        defaults.put(slo + "http.server.requests", HTTP_SLO);
        defaults.put(slo + "bl1nk.retrieval", "10ms,25ms,50ms,100ms,250ms,500ms,1s,2500ms,5s");
        defaults.put(slo + "bl1nk.llm.calls", SLOW_SLO);
        defaults.put(slo + "bl1nk.mcp.tool.calls", SLOW_SLO);
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
