package com.bl1nk.common.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;

class TraceparentTests {

    private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void parsesAndFormatsAValidHeader() {
        Traceparent tp = Traceparent.parse(VALID).orElseThrow();
        assertThat(tp.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(tp.spanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(tp.sampled()).isTrue();
        assertThat(tp.format()).isEqualTo(VALID);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "garbage",
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
                "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
                "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
                "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g"
            })
    void rejectsInvalidHeaders(String value) {
        assertThat(Traceparent.parse(value)).isEmpty();
    }

    @Test
    void rejectsNull() {
        assertThat(Traceparent.parse(null)).isEmpty();
    }

    @Test
    void acceptsAFutureVersionWithExtraFields() {
        assertThat(Traceparent.parse("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-ever"))
                .hasValueSatisfying(tp -> assertThat(tp.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736"));
    }

    @Test
    void childKeepsTheTraceAndGetsANewSpan() {
        Traceparent parent = Traceparent.parse(VALID).orElseThrow();
        Traceparent child = parent.child();
        assertThat(child.traceId()).isEqualTo(parent.traceId());
        assertThat(child.spanId()).isNotEqualTo(parent.spanId()).hasSize(16);
        assertThat(child.flags()).isEqualTo(parent.flags());
    }

    @Test
    void newRootIsValidAndParsesBack() {
        Traceparent root = Traceparent.newRoot();
        assertThat(Traceparent.parse(root.format())).contains(root);
    }

    @Test
    void constructorRejectsAllZeroIds() {
        assertThatThrownBy(() -> new Traceparent("0".repeat(32), "00f067aa0ba902b7", "01"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scopeSetsAndRestoresMdcAndCurrent() {
        Traceparent outer = Traceparent.newRoot();
        Traceparent inner = Traceparent.newRoot();
        try (TraceContext.Scope a = TraceContext.open(outer)) {
            try (TraceContext.Scope b = TraceContext.open(inner)) {
                assertThat(TraceContext.currentTraceId()).isEqualTo(inner.traceId());
                assertThat(MDC.get(TraceContext.MDC_TRACE_ID)).isEqualTo(inner.traceId());
            }
            assertThat(TraceContext.current()).contains(outer);
            assertThat(MDC.get(TraceContext.MDC_SPAN_ID)).isEqualTo(outer.spanId());
        }
        assertThat(TraceContext.current()).isEmpty();
        assertThat(MDC.get(TraceContext.MDC_TRACE_ID)).isNull();
    }

    @Test
    void injectAndExtractCarryTheTraceId() {
        Traceparent tp = Traceparent.newRoot();
        Map<String, String> carrier = new HashMap<>();
        try (TraceContext.Scope ignored = TraceContext.open(tp)) {
            TraceContext.injectInto(carrier);
        }
        Traceparent sent = Traceparent.parse(carrier.get("traceparent")).orElseThrow();
        assertThat(sent.traceId()).isEqualTo(tp.traceId());
        assertThat(sent.spanId()).isNotEqualTo(tp.spanId());
        Traceparent received = TraceContext.extractFrom(carrier);
        assertThat(received.traceId()).isEqualTo(tp.traceId());
    }

    @Test
    void extractStartsANewTraceWhenTheCarrierHasNone() {
        assertThat(TraceContext.extractFrom(Map.of("traceparent", "bogus")).traceId())
                .hasSize(32);
        assertThat(TraceContext.extractFrom(Map.of())).isNotNull();
    }
}
