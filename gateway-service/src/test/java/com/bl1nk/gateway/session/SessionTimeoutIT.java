package com.bl1nk.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.gateway.support.SessionLimitsTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Idle and absolute session timeouts on the gateway's clock (moved by the test; idle 30 min, absolute 2 h here): use
 * keeps a session alive until its absolute end, and a session left alone past the idle timeout is over.
 */
class SessionTimeoutIT extends SessionLimitsTest {

    @Test
    void aSessionUnusedForLongerThanTheIdleTimeoutEnds() {
        TestTenant tenant = newTenant("idle");
        Session session = member(tenant.ownerKey(), "viewer", "idle");

        clock.advance(Duration.ofMinutes(29));
        assertThat(meStatus(session)).isEqualTo(200);
        clock.advance(Duration.ofMinutes(29));
        assertThat(meStatus(session)).as("each use restarts the idle time").isEqualTo(200);
        clock.advance(Duration.ofMinutes(31));

        assertThat(meStatus(session)).isEqualTo(401);
        assertThat(meStatus(session)).as("and stays ended").isEqualTo(401);
    }

    @Test
    void aBusySessionEndsAtTheAbsoluteTimeout() {
        TestTenant tenant = newTenant("absolute");
        Session session = member(tenant.ownerKey(), "viewer", "absolute");

        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofMinutes(25));
            assertThat(meStatus(session)).as("after %d minutes", 25 * (i + 1)).isEqualTo(200);
        }
        clock.advance(Duration.ofMinutes(25));

        assertThat(meStatus(session)).isEqualTo(401);
    }
}
