package com.bl1nk.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ThreadDumpOnTimeoutTests {

    @Test
    void recognisesTimeoutsAnywhereInTheCauseChain() {
        assertThat(ThreadDumpOnTimeout.isTimeout(
                        new IllegalStateException("Timeout on blocking read for 30000000000 NANOSECONDS")))
                .isTrue();
        assertThat(ThreadDumpOnTimeout.isTimeout(new RuntimeException("wrapped", new TimeoutException())))
                .isTrue();
        assertThat(ThreadDumpOnTimeout.isTimeout(new AssertionError("expected 200 but was 404")))
                .isFalse();
        assertThat(ThreadDumpOnTimeout.isTimeout(new IllegalStateException((String) null)))
                .isFalse();
    }
}
