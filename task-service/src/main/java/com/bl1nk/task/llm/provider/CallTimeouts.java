package com.bl1nk.task.llm.provider;

import java.time.Duration;

/**
 * Time limits of one provider attempt, so a hung provider costs a bounded wait before failover.
 *
 * @param firstByte until the response headers (and for streams, until the first chunk) arrive
 * @param streamIdle longest gap between two streamed chunks
 * @param total upper bound of a whole non-streaming answer
 */
public record CallTimeouts(Duration firstByte, Duration streamIdle, Duration total) {}
