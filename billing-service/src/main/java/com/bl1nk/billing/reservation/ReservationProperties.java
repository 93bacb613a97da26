package com.bl1nk.billing.reservation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long holds live and how the sweeper returns the expired ones.
 *
 * @param defaultTtl lifetime of a reservation when the caller names none
 * @param maxTtl longest lifetime a caller may ask for
 * @param sweepInterval pause between sweeps for expired reservations
 * @param sweepBatch most reservations expired per sweep transaction
 */
@Validated
@ConfigurationProperties("bl1nk.billing.reservations")
public record ReservationProperties(
        @DefaultValue("5m") Duration defaultTtl,
        @DefaultValue("1h") Duration maxTtl,
        @DefaultValue("5s") Duration sweepInterval,
        @DefaultValue("200") int sweepBatch) {}
