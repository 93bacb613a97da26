package com.bl1nk.testsupport;

import com.bl1nk.common.stream.StreamCodec;
import com.bl1nk.common.stream.StreamKeys;
import com.bl1nk.common.stream.StreamMessage;
import com.bl1nk.common.stream.StreamPublisher;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link StreamPublisher} that keeps what a producer publishes through a {@link StreamCodec} as the messages a
 * consumer would read (the real envelope, no Redis), so a producer's unit test can hand its output to the consumer's
 * decoding.
 */
public class CapturingStreamPublisher extends StreamPublisher {

    private final List<StreamMessage> published = new CopyOnWriteArrayList<>();
    private final Clock clock;

    public CapturingStreamPublisher() {
        this(Clock.systemUTC());
    }

    public CapturingStreamPublisher(Clock clock) {
        super(null, new StreamKeys(""), clock);
        this.clock = clock;
    }

    @Override
    public <T> String publish(StreamCodec<T> codec, UUID eventId, UUID tenantId, T payload, long maxLen) {
        String id = published.size() + "-0";
        published.add(
                StreamMessage.from(codec.stream(), id, codec.encode(eventId, tenantId, payload, clock.instant()), 1));
        return id;
    }

    /** Everything published so far, oldest first. */
    public List<StreamMessage> published() {
        return List.copyOf(published);
    }
}
