package com.bl1nk.mcp.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TenantSlotsTests {

    private final TenantSlots slots = new TenantSlots(2, QuotaExceededException::stdioProcesses);

    @Test
    void refusesATenantAtItsLimitOnly() {
        UUID tenant = UUID.randomUUID();
        slots.acquire(tenant);
        TenantSlots.Slot second = slots.acquire(tenant);

        assertThatThrownBy(() -> slots.acquire(tenant)).isInstanceOfSatisfying(QuotaExceededException.class, e -> {
            assertThat(e.code()).isEqualTo("quota_exceeded");
            assertThat(e.getStatusCode().value()).isEqualTo(429);
            assertThat(e.getBody().getProperties()).containsEntry("limit", 2);
        });
        assertThat(slots.acquire(UUID.randomUUID())).isNotNull();

        second.release();
        second.release(); // twice is once
        assertThat(slots.held(tenant)).isEqualTo(1);
        slots.acquire(tenant);
        assertThat(slots.held(tenant)).isEqualTo(2);
    }

    @Test
    void aSlotWithAProcessIsHeldUntilTheProcessExits() throws IOException {
        UUID tenant = UUID.randomUUID();
        Process process = new ProcessBuilder("cat").start(); // waits on its stdin
        try {
            slots.acquire(tenant).holdUntilExit(process.toHandle());
            slots.acquire(tenant);
            assertThatThrownBy(() -> slots.acquire(tenant)).isInstanceOf(QuotaExceededException.class);

            process.destroyForcibly();
            await().atMost(Duration.ofSeconds(10)).until(() -> slots.held(tenant) == 1);
            slots.acquire(tenant);
        } finally {
            process.destroyForcibly();
        }
    }
}
