package com.bl1nk.rag.embedding;

import com.bl1nk.common.stream.StreamCodec;
import com.bl1nk.common.stream.StreamPublisher;
import com.bl1nk.contracts.usage.ModelCallMetered;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Publishes metered provider calls to {@code bl1nk:usage} for billing, keyed by the event id for idempotency. */
@Component
class RedisUsagePublisher implements UsagePublisher {

    private static final StreamCodec<ModelCallMetered> USAGE = StreamCodec.of(ModelCallMetered.class);

    private static final Logger log = LoggerFactory.getLogger(RedisUsagePublisher.class);

    private final StreamPublisher publisher;

    RedisUsagePublisher(StreamPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void publish(ModelCallMetered event) {
        try {
            publisher.publish(USAGE, event.eventId(), event.tenantId(), event, 0);
        } catch (RuntimeException e) {
            // The call already happened; losing its usage record must not fail the caller's request.
            log.error("Could not publish usage event {}: {}", event.eventId(), e.toString());
        }
    }
}
