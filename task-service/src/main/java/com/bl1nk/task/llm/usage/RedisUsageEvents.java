package com.bl1nk.task.llm.usage;

import com.bl1nk.common.stream.StreamCodec;
import com.bl1nk.common.stream.StreamPublisher;
import com.bl1nk.contracts.usage.ModelCallMetered;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes usage to {@code bl1nk:usage} in the common envelope; a failed publish is retried with the same event id,
 * so billing (deduplicating by event id) counts the call once.
 */
final class RedisUsageEvents implements UsageEvents {

    private static final StreamCodec<ModelCallMetered> USAGE = StreamCodec.of(ModelCallMetered.class);
    private static final Logger log = LoggerFactory.getLogger(RedisUsageEvents.class);
    private static final int ATTEMPTS = 3;
    private static final long MAX_LEN = 1_000_000;

    private final StreamPublisher publisher;

    RedisUsageEvents(StreamPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void publish(ModelCallMetered event) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                publisher.publish(USAGE, event.eventId(), event.tenantId(), event, MAX_LEN);
                return;
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS) {
                    log.error(
                            "usage event {} (tenant {}, {} {} prompt={} completion={}) was not published: {}",
                            event.eventId(),
                            event.tenantId(),
                            event.provider(),
                            event.model(),
                            event.promptTokens(),
                            event.completionTokens(),
                            e.getMessage());
                }
            }
        }
    }
}
