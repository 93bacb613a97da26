package com.bl1nk.task.llm.usage;

import com.bl1nk.contracts.usage.ModelCallMetered;

/** Where metered calls go; the Redis stream in production, a list in unit tests. */
public interface UsageEvents {

    /** Publishes the event; must not throw (a lost meter must never fail a call that already happened). */
    void publish(ModelCallMetered event);
}
