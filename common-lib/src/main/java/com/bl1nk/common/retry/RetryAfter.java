package com.bl1nk.common.retry;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Parses the HTTP {@code Retry-After} header (RFC 9110) so retries honour what the server asked for. */
public final class RetryAfter {

    private RetryAfter() {}

    /**
     * The wait the header asks for: delta-seconds ({@code 120}) or an HTTP-date ({@code Wed, 21 Oct 2015 07:28:00
     * GMT}); a date in the past gives zero; absent or unparseable values give empty.
     */
    public static Optional<Duration> parse(String value, Clock clock) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(clock.instant(), at.toInstant());
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
