package com.bl1nk.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.common.trace.TraceContext;
import com.bl1nk.common.trace.Traceparent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

@ExtendWith(OutputCaptureExtension.class)
class StructuredLoggingTraceIdTests {

    @SpringBootConfiguration
    static class Empty {}

    @Test
    void jsonLogLinesCarryTheTraceId(CapturedOutput output) {
        Traceparent tp = Traceparent.newRoot();
        try (ConfigurableApplicationContext ignored = new SpringApplicationBuilder(Empty.class)
                .web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "bl1nk.identity.enabled=false")
                .run()) {
            try (TraceContext.Scope scope = TraceContext.open(tp)) {
                LoggerFactory.getLogger(StructuredLoggingTraceIdTests.class).info("hello from a trace");
            }
        }
        String line = output.getOut()
                .lines()
                .filter(l -> l.contains("hello from a trace"))
                .findFirst()
                .orElseThrow();
        assertThat(line).startsWith("{").contains("\"traceId\":\"" + tp.traceId() + "\"");
        assertThat(line).contains("\"spanId\":\"" + tp.spanId() + "\"");
    }
}
