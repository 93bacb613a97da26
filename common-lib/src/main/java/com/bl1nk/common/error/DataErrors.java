package com.bl1nk.common.error;

import java.sql.SQLException;
import java.util.Optional;
import org.springframework.http.HttpStatus;

/**
 * Recognises database errors that are the request's fault (a value Postgres cannot store: NUL characters, dates or
 * numbers out of range), so they become 400 instead of 500, and duplicate keys, which become 409.
 */
final class DataErrors {

    /** What a database error means for the client. */
    record Classified(HttpStatus status, String code, String detail) {}

    private DataErrors() {}

    static Optional<Classified> classify(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("22")) {
                    return Optional.of(new Classified(
                            HttpStatus.BAD_REQUEST,
                            CommonErrorCode.INVALID_VALUE.code(),
                            "A value in the request cannot be stored: it is out of range or contains a character"
                                    + " that is not allowed (such as U+0000)"));
                }
                if (state.equals("23505")) {
                    return Optional.of(new Classified(
                            HttpStatus.CONFLICT,
                            CommonErrorCode.CONFLICT.code(),
                            "A resource with the same identity already exists"));
                }
            }
        }
        return Optional.empty();
    }
}
