package com.bl1nk.task.loop;

/** A model call failed; {@code code} is stable ({@code budget_exhausted}, {@code provider_error}, ...). */
public class ModelCallException extends RuntimeException {

    private final String code;
    private final boolean transientFailure;

    public ModelCallException(String code, String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.transientFailure = transientFailure;
    }

    /** The budget left cannot pay for the call. */
    public static ModelCallException budgetExhausted(String detail) {
        return new ModelCallException("budget_exhausted", detail, false, null);
    }

    public String code() {
        return code;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
