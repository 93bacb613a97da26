package com.bl1nk.gateway.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * A second gateway context for the limits of sign-in and sessions: the client address is taken from
 * {@code X-Forwarded-For} (so each test signs in from addresses of its own), the per-address sign-in limits are low
 * and the first lockout short, and the gateway's clock is one the test moves (for idle and absolute timeouts).
 */
@TestPropertySource(
        properties = {
            "server.forward-headers-strategy=framework",
            "bl1nk.test.max-failures-per-ip=5",
            "bl1nk.test.sign-in-per-ip-per-minute=12",
            "bl1nk.gateway.session.lockout=2s",
            "bl1nk.gateway.session.idle-timeout=30m",
            "bl1nk.gateway.session.absolute-timeout=2h"
        })
@Import(SessionLimitsTest.SteppedClockConfiguration.class)
public abstract class SessionLimitsTest extends PeopleIntegrationTest {

    @Autowired
    protected SteppedClock clock;

    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    /** A client address no other test of this JVM uses. */
    protected static String address() {
        int n = ADDRESSES.incrementAndGet();
        return "198.51." + (n / 250) + "." + (1 + n % 250);
    }

    /** A clock that moves only when a test says so (from the real time at start). */
    public static final class SteppedClock extends Clock {

        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

        /** Moves the clock forward. */
        public void advance(Duration duration) {
            now.updateAndGet(instant -> instant.plus(duration));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class SteppedClockConfiguration {

        @Bean
        SteppedClock clock() {
            return new SteppedClock();
        }
    }
}
