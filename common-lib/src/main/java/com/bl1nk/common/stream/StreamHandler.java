package com.bl1nk.common.stream;

/**
 * Handles one stream message; returning normally acknowledges it, throwing leaves it pending for a retry (and after the
 * last attempt sends it to the dead-letter stream). Handlers must be idempotent: delivery is at-least-once.
 */
@FunctionalInterface
public interface StreamHandler {

    void handle(StreamMessage message) throws Exception;
}
