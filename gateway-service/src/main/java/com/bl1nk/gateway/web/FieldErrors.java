package com.bl1nk.gateway.web;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.error.CommonErrorCode;
import com.bl1nk.common.error.Problems;
import java.util.ArrayList;
import java.util.List;

/** Collects every field error of a request so the client gets all of them in one 400, not one per attempt. */
public final class FieldErrors {

    private final List<Problems.FieldError> errors = new ArrayList<>();

    /** Records that {@code field} is invalid. */
    public FieldErrors add(String field, String message) {
        errors.add(new Problems.FieldError(field, message));
        return this;
    }

    /** Throws 400 {@code validation_failed} listing the errors, if there are any. */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw ApiException.of(CommonErrorCode.VALIDATION_FAILED, "Request validation failed")
                    .withProperty(Problems.ERRORS, List.copyOf(errors));
        }
    }
}
