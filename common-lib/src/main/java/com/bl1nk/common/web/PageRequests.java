package com.bl1nk.common.web;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.error.CommonErrorCode;

/** Validates the {@code limit} of list endpoints in one place so every list has the same bounds. */
public final class PageRequests {

    /** Limit used when the client sends none. */
    public static final int DEFAULT_LIMIT = 50;

    /** Largest allowed limit. */
    public static final int MAX_LIMIT = 200;

    private PageRequests() {}

    /** The limit to use: {@value #DEFAULT_LIMIT} when absent, else 1..{@value #MAX_LIMIT} or 400 {@code invalid_limit}. */
    public static int limit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.of(CommonErrorCode.INVALID_LIMIT, "limit must be between 1 and " + MAX_LIMIT);
        }
        return limit;
    }
}
