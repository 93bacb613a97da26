package com.bl1nk.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The lock after each time the failure limit is reached doubles, up to the cap. */
class LoginThrottleTests {

    private final LoginThrottle throttle = new LoginThrottle(
            null,
            null,
            new SessionProperties(
                    "c",
                    true,
                    Duration.ofMinutes(30),
                    Duration.ofHours(12),
                    5,
                    20,
                    Duration.ofMinutes(1),
                    Duration.ofMinutes(1),
                    Duration.ofMinutes(5)));

    @Test
    void eachLockIsTwiceTheLastUpToTheMaximum() {
        assertThat(throttle.lockLength(1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(throttle.lockLength(2)).isEqualTo(Duration.ofMinutes(2));
        assertThat(throttle.lockLength(3)).isEqualTo(Duration.ofMinutes(4));
        assertThat(throttle.lockLength(4)).isEqualTo(Duration.ofMinutes(5));
        assertThat(throttle.lockLength(40)).isEqualTo(Duration.ofMinutes(5));
    }
}
