package com.bl1nk.rag.parse;

import com.bl1nk.common.error.ErrorCode;

/**
 * A document that cannot be ingested (empty, unsupported, unreadable, too long); carries the catalogued code the API
 * answers with before anything is stored.
 */
public class DocumentRejectedException extends RuntimeException {

    private final ErrorCode error;

    public DocumentRejectedException(ErrorCode error, String message) {
        super(message);
        this.error = error;
    }

    public DocumentRejectedException(ErrorCode error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    /** The catalogued code (and status) of the rejection. */
    public ErrorCode error() {
        return error;
    }

    /** Stable problem code: {@code empty_document}, {@code unsupported_media_type}, {@code unreadable_document}. */
    public String code() {
        return error.code();
    }
}
