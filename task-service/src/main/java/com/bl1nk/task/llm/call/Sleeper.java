package com.bl1nk.task.llm.call;

import java.time.Duration;

/** Waits between retries; replaceable so tests can check the waits without taking them. */
@FunctionalInterface
interface Sleeper {

    /** Blocks for {@code duration} (on a virtual thread this parks nothing but the call). */
    void sleep(Duration duration) throws InterruptedException;

    /** The real thing. */
    static Sleeper system() {
        return d -> {
            if (!d.isZero() && !d.isNegative()) {
                Thread.sleep(d);
            }
        };
    }
}
