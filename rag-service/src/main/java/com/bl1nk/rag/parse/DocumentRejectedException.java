package com.bl1nk.rag.parse;

/**
 * A document that cannot be ingested (empty, unsupported, unreadable); carries a stable code the API maps to a 4xx
 * problem before anything is stored.
 */
public class DocumentRejectedException extends RuntimeException {

    private final String code;

    public DocumentRejectedException(String code, String message) {
        super(message);
        this.code = code;
    }

    public DocumentRejectedException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** Stable problem code: {@code empty_document}, {@code unsupported_media_type}, {@code unreadable_document}. */
    public String code() {
        return code;
    }
}
