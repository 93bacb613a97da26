package com.bl1nk.rag.embedding;

/** Where metered calls go; the Redis implementation writes {@code bl1nk:usage}, tests may capture instead. */
public interface UsagePublisher {

    /** Publishes one metered call; must not throw for transport failures that billing can tolerate losing. */
    void publish(ModelCallMetered event);
}
