package com.bl1nk.common.stream;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * How a {@link StreamWorker} consumes one stream.
 *
 * @param stream logical stream name, e.g. {@code bl1nk:tasks}
 * @param group consumer group, e.g. {@code task-workers}
 * @param consumerName unique name of this consumer within the group (one per process)
 * @param concurrency how many messages are handled at once (virtual threads)
 * @param maxAttempts deliveries after which a failing message goes to {@code <stream>:dead}
 * @param claimIdleTime how long a message may stay unacknowledged before another consumer reclaims it
 * @param blockTime how long one {@code XREADGROUP} waits for new messages
 * @param batchSize most messages read per call
 */
public record StreamWorkerSpec(
        String stream,
        String group,
        String consumerName,
        int concurrency,
        int maxAttempts,
        Duration claimIdleTime,
        Duration blockTime,
        int batchSize) {

    public StreamWorkerSpec {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(consumerName, "consumerName");
        Objects.requireNonNull(claimIdleTime, "claimIdleTime");
        Objects.requireNonNull(blockTime, "blockTime");
        if (concurrency < 1 || maxAttempts < 1 || batchSize < 1) {
            throw new IllegalArgumentException("concurrency, maxAttempts and batchSize must be at least 1");
        }
        if (claimIdleTime.toMillis() < 1 || blockTime.toMillis() < 1) {
            throw new IllegalArgumentException("claimIdleTime and blockTime must be at least 1 ms");
        }
    }

    /**
     * A spec with defaults: concurrency 4, 5 attempts, reclaim after 60 s idle, 2 s blocking reads, batches of 10, and a
     * consumer name unique to this process.
     */
    public static StreamWorkerSpec of(String stream, String group) {
        return new StreamWorkerSpec(
                stream, group, defaultConsumerName(), 4, 5, Duration.ofSeconds(60), Duration.ofSeconds(2), 10);
    }

    /** {@code <host>-<pid>-<random>}: unique per process, readable in {@code XINFO CONSUMERS}. */
    public static String defaultConsumerName() {
        String runtime = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
        return runtime.replace('@', '-') + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public StreamWorkerSpec withConsumerName(String consumerName) {
        return new StreamWorkerSpec(
                stream, group, consumerName, concurrency, maxAttempts, claimIdleTime, blockTime, batchSize);
    }

    public StreamWorkerSpec withConcurrency(int concurrency) {
        return new StreamWorkerSpec(
                stream, group, consumerName, concurrency, maxAttempts, claimIdleTime, blockTime, batchSize);
    }

    public StreamWorkerSpec withMaxAttempts(int maxAttempts) {
        return new StreamWorkerSpec(
                stream, group, consumerName, concurrency, maxAttempts, claimIdleTime, blockTime, batchSize);
    }

    public StreamWorkerSpec withClaimIdleTime(Duration claimIdleTime) {
        return new StreamWorkerSpec(
                stream, group, consumerName, concurrency, maxAttempts, claimIdleTime, blockTime, batchSize);
    }

    public StreamWorkerSpec withBlockTime(Duration blockTime) {
        return new StreamWorkerSpec(
                stream, group, consumerName, concurrency, maxAttempts, claimIdleTime, blockTime, batchSize);
    }

    public StreamWorkerSpec withBatchSize(int batchSize) {
        return new StreamWorkerSpec(
                stream, group, consumerName, concurrency, maxAttempts, claimIdleTime, blockTime, batchSize);
    }
}
