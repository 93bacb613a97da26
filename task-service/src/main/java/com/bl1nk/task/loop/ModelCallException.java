package com.bl1nk.task.loop;

import com.bl1nk.common.error.ErrorCode;
import com.bl1nk.task.error.TaskErrorCode;

/** A model call failed; {@code code} is stable ({@code budget_exhausted}, {@code provider_error}, ...). */
public class ModelCallException extends RuntimeException {

    private final String code;
    private final boolean transientFailure;

    /** A failure with a catalogued task failure code. */
    public ModelCallException(ErrorCode code, String message, boolean transientFailure, Throwable cause) {
        this(code.code(), message, transientFailure, cause);
    }

    /** A failure with a code passed on from elsewhere (a provider's or the router's problem code). */
    public ModelCallException(String code, String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.transientFailure = transientFailure;
    }

    /** The budget left cannot pay for the call. */
    public static ModelCallException budgetExhausted(String detail) {
        return new ModelCallException(TaskErrorCode.BUDGET_EXHAUSTED, detail, false, null);
    }

    public String code() {
        return code;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
