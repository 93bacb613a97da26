package com.bl1nk.task.client.mcp;

/** mcp-service could not run the call; {@code transientFailure} says whether retrying later may help. */
public class McpUnavailableException extends RuntimeException {

    private final boolean transientFailure;

    public McpUnavailableException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
