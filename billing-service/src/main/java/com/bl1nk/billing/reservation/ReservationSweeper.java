package com.bl1nk.billing.reservation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Returns the holds of reservations nobody settled or released (a crashed caller), so a lost call cannot pin a
 * budget forever. Safe on every replica at once: rows are claimed with SKIP LOCKED.
 */
@Component
@ConditionalOnProperty(prefix = "bl1nk.billing.reservations", name = "sweeper-enabled", matchIfMissing = true)
class ReservationSweeper {

    private static final Logger log = LoggerFactory.getLogger(ReservationSweeper.class);

    /** Bound on batches per run, so one run cannot monopolise the scheduler thread. */
    private static final int MAX_BATCHES_PER_RUN = 50;

    private final ReservationService reservations;
    private final ReservationProperties properties;

    ReservationSweeper(ReservationService reservations, ReservationProperties properties) {
        this.reservations = reservations;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${bl1nk.billing.reservations.sweep-interval:5s}")
    void sweep() {
        try {
            for (int i = 0; i < MAX_BATCHES_PER_RUN; i++) {
                if (reservations.expireDue(properties.sweepBatch()) < properties.sweepBatch()) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            log.warn("reservation sweep failed; retrying at the next interval", e);
        }
    }
}
