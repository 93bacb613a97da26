package com.bl1nk.rag.embedding;

import com.bl1nk.contracts.usage.ModelCallMetered;

/** Where metered calls go; the Redis implementation writes {@code bl1nk:usage}, tests may capture instead. */
public interface UsagePublisher {

    /** Publishes one metered call; must not throw for transport failures that billing can tolerate losing. */
    void publish(ModelCallMetered event);
}
