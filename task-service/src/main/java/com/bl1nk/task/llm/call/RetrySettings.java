package com.bl1nk.task.llm.call;

import java.time.Duration;

/**
 * How hard one provider is tried before failing over.
 *
 * @param maxRetries retries after the first attempt on the same provider+model (so up to 1 + maxRetries calls)
 * @param initialBackoff ceiling of the first backoff (full jitter below it)
 * @param maxBackoff largest backoff
 * @param maxRetryAfter longest {@code Retry-After} honoured by waiting; longer ones fail over at once
 */
record RetrySettings(int maxRetries, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {}
