package com.bl1nk.common.stream;

import com.bl1nk.common.retry.Backoff;
import com.bl1nk.common.trace.TraceContext;
import com.bl1nk.common.trace.Traceparent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStreamCommands.XClaimOptions;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.PendingMessage;
import org.springframework.data.redis.connection.stream.PendingMessages;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Consumes one stream through a consumer group with at-least-once delivery: handlers run on virtual threads with bounded
 * concurrency, successes are acknowledged, failures stay pending and are retried (by this or another consumer after
 * {@code claimIdleTime}), entries of dead consumers are reclaimed, and messages that fail {@code maxAttempts} times move
 * to {@code <stream>:dead}. Start and stop it as a Spring {@link SmartLifecycle} bean.
 */
public class StreamWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StreamWorker.class);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_ERROR_LENGTH = 2000;

    private final RedisConnectionFactory connectionFactory;
    private final StringRedisTemplate redis;
    private final StreamKeys keys;
    private final StreamWorkerSpec spec;
    private final StreamHandler handler;
    private final Clock clock;
    private final byte[] streamKey;
    private final String deadKey;
    private final Semaphore permits;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Backoff errorBackoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    private volatile boolean running;
    private volatile Thread pollThread;
    private volatile ExecutorService executor;
    private long lastReclaimNanos;

    public StreamWorker(
            RedisConnectionFactory connectionFactory,
            StringRedisTemplate redis,
            StreamKeys keys,
            StreamWorkerSpec spec,
            StreamHandler handler,
            Clock clock) {
        this.connectionFactory = connectionFactory;
        this.redis = redis;
        this.keys = keys;
        this.spec = spec;
        this.handler = handler;
        this.clock = clock;
        this.streamKey = keys.key(spec.stream()).getBytes(StandardCharsets.UTF_8);
        this.deadKey = keys.deadLetter(spec.stream());
        this.permits = new Semaphore(spec.concurrency());
    }

    /** The spec this worker runs with. */
    public StreamWorkerSpec spec() {
        return spec;
    }

    /** Creates the consumer group (and the stream) if missing; safe to call repeatedly. */
    public void ensureGroup() {
        try (RedisConnection connection = connectionFactory.getConnection()) {
            ensureGroup(connection);
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        ensureGroup();
        running = true;
        executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual()
                .name("stream-" + spec.group() + "-handler-", 0)
                .factory());
        lastReclaimNanos = System.nanoTime() - reclaimInterval().toNanos();
        pollThread = Thread.ofVirtual().name("stream-" + spec.group() + "-poll").start(this::pollLoop);
        log.info(
                "Stream worker started: stream={} group={} consumer={} concurrency={}",
                keys.key(spec.stream()),
                spec.group(),
                spec.consumerName(),
                spec.concurrency());
    }

    /**
     * Stops reading, waits for handlers in flight (up to 30 s), then returns; unfinished messages stay pending and are
     * reclaimed by another consumer.
     */
    @Override
    public synchronized void stop() {
        if (!running && pollThread == null) {
            return;
        }
        running = false;
        Thread poller = pollThread;
        ExecutorService handlers = executor;
        try {
            if (poller != null) {
                poller.join(spec.blockTime().plusSeconds(5));
            }
            if (handlers != null) {
                handlers.shutdown();
                if (!handlers.awaitTermination(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("Stream worker {} stopped with handlers still running", spec.group());
                    handlers.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pollThread = null;
            executor = null;
        }
        log.info("Stream worker stopped: group={} consumer={}", spec.group(), spec.consumerName());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Handlers running right now. */
    public int inFlight() {
        return inFlight.get();
    }

    private void pollLoop() {
        RedisConnection connection = null;
        int failures = 0;
        while (running) {
            try {
                if (connection == null || connection.isClosed()) {
                    connection = connectionFactory.getConnection();
                }
                int taken = acquirePermits();
                if (taken == 0) {
                    continue;
                }
                int used = 0;
                try {
                    if (System.nanoTime() - lastReclaimNanos
                            >= reclaimInterval().toNanos()) {
                        lastReclaimNanos = System.nanoTime();
                        used += reclaim(connection, taken);
                    }
                    if (used < taken && running) {
                        used += readNew(connection, taken - used);
                    }
                } finally {
                    permits.release(taken - used);
                }
                failures = 0;
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                failures++;
                if (isNoGroup(e)) {
                    log.warn("Consumer group {} vanished; recreating it", spec.group());
                } else {
                    log.warn("Stream worker {} poll failed (attempt {}): {}", spec.group(), failures, e.toString());
                }
                closeQuietly(connection);
                connection = null;
                LockSupport.parkNanos(errorBackoff.delay(failures).toNanos());
                if (running) {
                    try {
                        ensureGroup();
                    } catch (RuntimeException ignored) {
                        // retried on the next turn
                    }
                }
            }
        }
        closeQuietly(connection);
    }

    /** Blocks until at least one handler slot is free, then takes up to {@code batchSize} slots. */
    private int acquirePermits() {
        try {
            if (!permits.tryAcquire(Math.min(spec.blockTime().toMillis(), 1000), TimeUnit.MILLISECONDS)) {
                return 0;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return 0;
        }
        int taken = 1;
        while (taken < spec.batchSize() && permits.tryAcquire()) {
            taken++;
        }
        return taken;
    }

    private int readNew(RedisConnection connection, int max) {
        List<ByteRecord> records = connection
                .streamCommands()
                .xReadGroup(
                        Consumer.from(spec.group(), spec.consumerName()),
                        StreamReadOptions.empty().count(max).block(spec.blockTime()),
                        StreamOffset.create(streamKey, ReadOffset.lastConsumed()));
        if (records == null) {
            return 0;
        }
        for (ByteRecord record : records) {
            dispatch(record.getId().getValue(), decode(record.getValue()), 1);
        }
        return records.size();
    }

    /**
     * Takes over messages idle longer than {@code claimIdleTime} (from dead or stuck consumers, or our own failures):
     * those already delivered {@code maxAttempts} times are dead-lettered, the rest handled again.
     */
    private int reclaim(RedisConnection connection, int max) {
        PendingMessages pending = connection
                .streamCommands()
                .xPending(streamKey, spec.group(), Range.unbounded(), (long) max, spec.claimIdleTime());
        if (pending == null || pending.isEmpty()) {
            return 0;
        }
        Map<String, Long> priorDeliveries = new HashMap<>();
        List<RecordId> ids = new ArrayList<>();
        for (PendingMessage message : pending) {
            priorDeliveries.put(message.getIdAsString(), message.getTotalDeliveryCount());
            ids.add(message.getId());
        }
        List<ByteRecord> claimed = connection
                .streamCommands()
                .xClaim(
                        streamKey,
                        spec.group(),
                        spec.consumerName(),
                        XClaimOptions.minIdle(spec.claimIdleTime()).ids(ids.toArray(RecordId[]::new)));
        int used = 0;
        for (ByteRecord record : claimed == null ? List.<ByteRecord>of() : claimed) {
            String id = record.getId().getValue();
            long prior = priorDeliveries.getOrDefault(id, 0L);
            Map<String, String> fields = decode(record.getValue());
            if (prior >= spec.maxAttempts()) {
                deadLetter(
                        id, fields, prior, "not acknowledged after " + prior + " deliveries (consumer died or hung)");
                continue;
            }
            log.info("Reclaimed message {} of {} (delivery {})", id, spec.stream(), prior + 1);
            dispatch(id, fields, prior + 1);
            used++;
        }
        return used;
    }

    private void dispatch(String id, Map<String, String> fields, long deliveryCount) {
        StreamMessage message = StreamMessage.from(spec.stream(), id, fields, deliveryCount);
        inFlight.incrementAndGet();
        try {
            executor.execute(() -> {
                try {
                    handleOne(message);
                } finally {
                    inFlight.decrementAndGet();
                    permits.release();
                }
            });
        } catch (RuntimeException e) {
            inFlight.decrementAndGet();
            permits.release();
            throw e;
        }
    }

    private void handleOne(StreamMessage message) {
        Traceparent tp =
                Traceparent.parse(message.traceparent()).map(Traceparent::child).orElseGet(Traceparent::newRoot);
        try (TraceContext.Scope ignored = TraceContext.open(tp)) {
            try {
                handler.handle(message);
            } catch (Exception | AssertionError e) {
                onFailure(message, e);
                return;
            }
            try {
                redis.opsForStream().acknowledge(keys.key(spec.stream()), spec.group(), message.id());
            } catch (RuntimeException e) {
                // The work is done; the message will be redelivered and the idempotent handler skips it.
                log.warn("Could not acknowledge {} on {}: {}", message.id(), spec.stream(), e.toString());
            }
        }
    }

    private void onFailure(StreamMessage message, Throwable error) {
        if (message.deliveryCount() >= spec.maxAttempts()) {
            log.error(
                    "Message {} of {} failed on delivery {} of {}; moving it to {}",
                    message.id(),
                    spec.stream(),
                    message.deliveryCount(),
                    spec.maxAttempts(),
                    deadKey,
                    error);
            try {
                deadLetter(message.id(), message.fields(), message.deliveryCount(), describe(error));
            } catch (RuntimeException e) {
                log.warn("Could not dead-letter {}: {}", message.id(), e.toString());
            }
        } else {
            log.warn(
                    "Message {} of {} failed on delivery {} of {}; it will be retried after {}",
                    message.id(),
                    spec.stream(),
                    message.deliveryCount(),
                    spec.maxAttempts(),
                    spec.claimIdleTime(),
                    error);
        }
    }

    private void deadLetter(String id, Map<String, String> fields, long deliveries, String error) {
        Map<String, String> dead = new LinkedHashMap<>(fields);
        dead.put(StreamFields.ORIGINAL_ID, id);
        dead.put(StreamFields.ERROR, error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error);
        dead.put(StreamFields.DELIVERY_COUNT, Long.toString(deliveries));
        dead.put(StreamFields.DEAD_AT, Instant.now(clock).toString());
        dead.put(StreamFields.GROUP, spec.group());
        dead.put(StreamFields.CONSUMER, spec.consumerName());
        redis.opsForStream().add(StreamRecords.newRecord().in(deadKey).ofMap(dead));
        redis.opsForStream().acknowledge(keys.key(spec.stream()), spec.group(), id);
    }

    private void ensureGroup(RedisConnection connection) {
        try {
            connection.streamCommands().xGroupCreate(streamKey, spec.group(), ReadOffset.from("0"), true);
        } catch (RuntimeException e) {
            if (!String.valueOf(rootMessage(e)).contains("BUSYGROUP")) {
                throw e;
            }
        }
    }

    private Duration reclaimInterval() {
        Duration half = spec.claimIdleTime().dividedBy(2);
        Duration min = Duration.ofMillis(50);
        Duration max = Duration.ofSeconds(30);
        return half.compareTo(min) < 0 ? min : half.compareTo(max) > 0 ? max : half;
    }

    private static Map<String, String> decode(Map<byte[], byte[]> raw) {
        Map<String, String> fields = new LinkedHashMap<>();
        raw.forEach((k, v) -> fields.put(
                new String(k, StandardCharsets.UTF_8), v == null ? null : new String(v, StandardCharsets.UTF_8)));
        return fields;
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getName() + (message == null ? "" : ": " + message);
    }

    private static boolean isNoGroup(Throwable e) {
        return String.valueOf(rootMessage(e)).contains("NOGROUP");
    }

    private static String rootMessage(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null && all.length() < 4000; t = t.getCause()) {
            all.append(t.getMessage()).append(' ');
            if (t.getCause() == t) {
                break;
            }
        }
        return all.toString();
    }

    private static void closeQuietly(RedisConnection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException ignored) {
                // already broken
            }
        }
    }
}
