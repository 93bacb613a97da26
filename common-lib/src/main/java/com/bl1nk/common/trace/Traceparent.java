package com.bl1nk.common.trace;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A W3C Trace Context {@code traceparent} value, so one trace id follows a request across HTTP and Redis hops.
 *
 * @param traceId 32 lowercase hex characters, not all zero
 * @param spanId 16 lowercase hex characters (the spec's parent-id), not all zero
 * @param flags 2 lowercase hex characters ({@code 01} = sampled)
 */
public record Traceparent(String traceId, String spanId, String flags) {

    /** The HTTP header and stream message field carrying the value. */
    public static final String HEADER = "traceparent";

    private static final String VERSION = "00";
    private static final RandomGenerator RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    public Traceparent {
        Objects.requireNonNull(traceId, "traceId");
        Objects.requireNonNull(spanId, "spanId");
        Objects.requireNonNull(flags, "flags");
        if (!isHex(traceId, 32) || isAllZero(traceId)) {
            throw new IllegalArgumentException("traceId must be 32 lowercase hex characters, not all zero");
        }
        if (!isHex(spanId, 16) || isAllZero(spanId)) {
            throw new IllegalArgumentException("spanId must be 16 lowercase hex characters, not all zero");
        }
        if (!isHex(flags, 2)) {
            throw new IllegalArgumentException("flags must be 2 lowercase hex characters");
        }
    }

    /**
     * Parses a header value; an absent or invalid value yields empty so the caller starts a new trace, as the W3C
     * specification requires.
     */
    public static Optional<Traceparent> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        if (v.length() < 55) {
            return Optional.empty();
        }
        String version = v.substring(0, 2);
        if (!isHex(version, 2) || version.equals("ff")) {
            return Optional.empty();
        }
        if (version.equals(VERSION) && v.length() != 55) {
            return Optional.empty();
        }
        // Later versions may append fields after a dash; version 00 parsing rules apply to the first four.
        if (v.length() > 55 && v.charAt(55) != '-') {
            return Optional.empty();
        }
        if (v.charAt(2) != '-' || v.charAt(35) != '-' || v.charAt(52) != '-') {
            return Optional.empty();
        }
        String traceId = v.substring(3, 35);
        String spanId = v.substring(36, 52);
        String flags = v.substring(53, 55);
        if (!isHex(traceId, 32) || isAllZero(traceId) || !isHex(spanId, 16) || isAllZero(spanId) || !isHex(flags, 2)) {
            return Optional.empty();
        }
        return Optional.of(new Traceparent(traceId, spanId, flags));
    }

    /** Starts a new sampled trace with fresh random ids. */
    public static Traceparent newRoot() {
        return new Traceparent(randomHex(16), randomHex(8), "01");
    }

    /** A new span in the same trace, used for each outgoing hop. */
    public Traceparent child() {
        return new Traceparent(traceId, randomHex(8), flags);
    }

    /** Whether the sampled flag is set. */
    public boolean sampled() {
        return (HEX.fromHexDigits(flags) & 0x01) == 1;
    }

    /** The header value, {@code 00-<traceId>-<spanId>-<flags>}. */
    public String format() {
        return VERSION + "-" + traceId + "-" + spanId + "-" + flags;
    }

    @Override
    public String toString() {
        return format();
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        do {
            RANDOM.nextBytes(b);
        } while (isAllZeroBytes(b));
        return HEX.formatHex(b);
    }

    private static boolean isAllZeroBytes(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(String s, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAllZero(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
