package com.bl1nk.task.client.rag;

/** rag-service could not answer; {@code transientFailure} says whether retrying later may help. */
public class RagUnavailableException extends RuntimeException {

    private final boolean transientFailure;

    public RagUnavailableException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
