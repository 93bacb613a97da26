package com.bl1nk.common.web;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.error.CommonErrorCode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Opaque keyset cursors over {@code (created_at, id)}, so lists page stably without offsets; clients must treat them
 * as opaque strings.
 */
public final class Cursors {

    private static final byte VERSION = 1;
    private static final int LENGTH = 1 + 8 + 4 + 16;
    private static final long MIN_SECONDS =
            Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
    private static final long MAX_SECONDS =
            Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    private Cursors() {}

    /** Encodes a position as a base64url string (no padding). */
    public static String encode(Instant createdAt, UUID id) {
        ByteBuffer buffer = ByteBuffer.allocate(LENGTH);
        buffer.put(VERSION);
        buffer.putLong(createdAt.getEpochSecond());
        buffer.putInt(createdAt.getNano());
        buffer.putLong(id.getMostSignificantBits());
        buffer.putLong(id.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }

    /** Decodes a cursor; {@code null} or blank means "first page" and returns {@code null}. */
    public static Cursor decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(cursor.strip());
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (bytes.length != LENGTH || bytes[0] != VERSION) {
            throw invalid();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, LENGTH - 1);
        long seconds = buffer.getLong();
        int nanos = buffer.getInt();
        // cursors we issue hold row timestamps, which Postgres keeps within years 1..9999
        if (nanos < 0 || nanos > 999_999_999 || seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
            throw invalid();
        }
        Instant createdAt;
        try {
            createdAt = Instant.ofEpochSecond(seconds, nanos);
        } catch (RuntimeException e) {
            throw invalid();
        }
        return new Cursor(createdAt, new UUID(buffer.getLong(), buffer.getLong()));
    }

    private static ApiException invalid() {
        return ApiException.of(
                CommonErrorCode.INVALID_CURSOR, "The cursor is malformed; pass back nextCursor unchanged");
    }

    /**
     * A decoded position: the next page holds rows strictly after it in {@code (created_at, id)} order (descending
     * lists: strictly before).
     */
    public record Cursor(Instant createdAt, UUID id) {

        /** Re-encodes this position. */
        public String encode() {
            return Cursors.encode(createdAt, id);
        }
    }
}
