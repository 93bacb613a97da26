package com.bl1nk.billing.money;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** Budget windows in UTC, so every replica agrees which counter a call belongs to. */
public enum Period {
    DAILY,
    MONTHLY,
    TOTAL;

    /** Start of the "total" window: one fixed counter for the life of the budget. */
    public static final Instant EPOCH = Instant.EPOCH;

    /** Start of the window containing {@code at}. */
    public Instant startOf(Instant at) {
        return switch (this) {
            case DAILY -> at.truncatedTo(ChronoUnit.DAYS);
            case MONTHLY ->
                LocalDate.ofInstant(at, ZoneOffset.UTC)
                        .withDayOfMonth(1)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant();
            case TOTAL -> EPOCH;
        };
    }

    /** End (exclusive) of the window starting at {@code start}; null for TOTAL. */
    public Instant endAfter(Instant start) {
        return switch (this) {
            case DAILY -> start.plus(1, ChronoUnit.DAYS);
            case MONTHLY ->
                LocalDate.ofInstant(start, ZoneOffset.UTC)
                        .plusMonths(1)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant();
            case TOTAL -> null;
        };
    }

    /** Lower-case name used in JSON and SQL. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the wire name; null when unknown. */
    public static Period fromWire(String value) {
        if (value == null) {
            return null;
        }
        for (Period p : values()) {
            if (p.wire().equals(value)) {
                return p;
            }
        }
        return null;
    }
}
