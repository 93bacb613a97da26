package com.bl1nk.common.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.common.trace.TraceContext;
import com.bl1nk.common.trace.Traceparent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Against the real local Redis, under a random key prefix that is deleted afterwards. */
class StreamWorkerIT {

    record Job(String name, int n) {}

    private static LettuceConnectionFactory factory;
    private static StringRedisTemplate redis;
    private static StreamKeys keys;
    private static StreamPublisher publisher;

    private final List<StreamWorker> workers = new CopyOnWriteArrayList<>();
    private final String stream = "bl1nk:test-" + UUID.randomUUID();
    private final UUID tenant = UUID.randomUUID();

    @BeforeAll
    static void connect() {
        String host = System.getenv().getOrDefault("BL1NK_TEST_REDIS_HOST", "127.0.0.1");
        factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, 6379));
        factory.afterPropertiesSet();
        factory.start();
        redis = new StringRedisTemplate(factory);
        keys = new StreamKeys("bl1nk-it-" + UUID.randomUUID().toString().substring(0, 8) + ":");
        publisher = new StreamPublisher(redis, keys, Clock.systemUTC());
    }

    @AfterAll
    static void cleanUp() {
        Set<String> leftovers = redis.keys(keys.prefix() + "*");
        if (leftovers != null && !leftovers.isEmpty()) {
            redis.delete(leftovers);
        }
        factory.destroy();
    }

    @AfterEach
    void stopWorkers() {
        workers.forEach(StreamWorker::stop);
    }

    private StreamWorkerSpec spec(String consumer) {
        return new StreamWorkerSpec(
                stream, "testers", consumer, 4, 3, Duration.ofMillis(300), Duration.ofMillis(100), 10);
    }

    private StreamWorker start(StreamWorkerSpec spec, StreamHandler handler) {
        StreamWorker worker = new StreamWorker(factory, redis, keys, spec, handler, Clock.systemUTC());
        workers.add(worker);
        worker.start();
        return worker;
    }

    private long pending() {
        var summary = redis.opsForStream().pending(keys.key(stream), "testers");
        return summary == null ? 0 : summary.getTotalPendingMessages();
    }

    @Test
    void handlesAndAcknowledgesEveryMessageWithItsEnvelope() {
        Map<UUID, StreamMessage> seen = new ConcurrentHashMap<>();
        start(spec("c1"), message -> seen.put(message.eventId(), message));
        for (int i = 0; i < 25; i++) {
            publisher.publish(stream, tenant, "JobRequested", 1, new Job("job", i));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() == 25);
        await().atMost(Duration.ofSeconds(10)).until(() -> pending() == 0);
        StreamMessage any = seen.values().iterator().next();
        assertThat(any.type()).isEqualTo("JobRequested");
        assertThat(any.version()).isEqualTo(1);
        assertThat(any.tenantId()).isEqualTo(tenant);
        assertThat(any.deliveryCount()).isEqualTo(1);
        assertThat(any.publishedAt()).isNotNull();
        assertThat(any.payload(Job.class).name()).isEqualTo("job");
        assertThat(seen.values().stream().map(m -> m.payload(Job.class).n()))
                .containsExactlyInAnyOrderElementsOf(
                        java.util.stream.IntStream.range(0, 25).boxed().toList());
    }

    @Test
    void reclaimsMessagesOfAConsumerThatDiedWithoutAcknowledging() {
        StreamWorker probe = new StreamWorker(factory, redis, keys, spec("probe"), m -> {}, Clock.systemUTC());
        probe.ensureGroup();
        publisher.publish(stream, tenant, "JobRequested", 1, new Job("orphan", 1));
        // A consumer reads the message and "crashes": it never acknowledges.
        List<MapRecord<String, Object, Object>> taken = redis.opsForStream()
                .read(
                        Consumer.from("testers", "dead-consumer"),
                        StreamReadOptions.empty().count(1),
                        StreamOffset.create(keys.key(stream), ReadOffset.lastConsumed()));
        assertThat(taken).hasSize(1);
        assertThat(pending()).isEqualTo(1);

        List<StreamMessage> handled = new CopyOnWriteArrayList<>();
        start(spec("survivor"), handled::add);
        await().atMost(Duration.ofSeconds(20)).until(() -> handled.size() == 1);
        assertThat(handled.get(0).payload(Job.class).name()).isEqualTo("orphan");
        assertThat(handled.get(0).deliveryCount()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> pending() == 0);
    }

    @Test
    void retriesFailuresAndDeadLettersAfterMaxAttempts() {
        AtomicInteger attempts = new AtomicInteger();
        List<Long> deliveries = new CopyOnWriteArrayList<>();
        start(spec("c1"), message -> {
            attempts.incrementAndGet();
            deliveries.add(message.deliveryCount());
            throw new IllegalStateException(
                    "poison payload " + message.payload(Job.class).name());
        });
        String id = publisher.publish(stream, tenant, "JobRequested", 1, new Job("poison", 7));

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Long size = redis.opsForStream().size(keys.deadLetter(stream));
            return size != null && size == 1;
        });
        List<MapRecord<String, Object, Object>> dead =
                redis.opsForStream().range(keys.deadLetter(stream), org.springframework.data.domain.Range.unbounded());
        Map<Object, Object> fields = dead.get(0).getValue();
        assertThat(fields.get(StreamFields.ORIGINAL_ID)).isEqualTo(id);
        assertThat((String) fields.get(StreamFields.ERROR)).contains("poison payload poison");
        assertThat(fields.get(StreamFields.DELIVERY_COUNT)).isEqualTo("3");
        assertThat(fields.get(StreamFields.TENANT_ID)).isEqualTo(tenant.toString());
        assertThat(fields.get(StreamFields.PAYLOAD)).isNotNull();
        assertThat(attempts.get()).isEqualTo(3);
        assertThat(deliveries).containsExactly(1L, 2L, 3L);
        await().atMost(Duration.ofSeconds(10)).until(() -> pending() == 0);
    }

    @Test
    void deadLettersAMessageWhoseConsumersKeptDying() {
        StreamWorker probe = new StreamWorker(factory, redis, keys, spec("probe"), m -> {}, Clock.systemUTC());
        probe.ensureGroup();
        String id = publisher.publish(stream, tenant, "JobRequested", 1, new Job("crasher", 1));
        String key = keys.key(stream);
        // Three consumers in a row take it and die (delivery count reaches maxAttempts = 3).
        redis.opsForStream()
                .read(
                        Consumer.from("testers", "dead-1"),
                        StreamReadOptions.empty().count(1),
                        StreamOffset.create(key, ReadOffset.lastConsumed()));
        for (String next : List.of("dead-2", "dead-3")) {
            redis.opsForStream()
                    .claim(
                            key,
                            "testers",
                            next,
                            Duration.ZERO,
                            org.springframework.data.redis.connection.stream.RecordId.of(id));
        }
        List<StreamMessage> handled = new CopyOnWriteArrayList<>();
        start(spec("survivor"), handled::add);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Long size = redis.opsForStream().size(keys.deadLetter(stream));
            return size != null && size == 1;
        });
        assertThat(handled).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> pending() == 0);
    }

    @Test
    void restoresTheProducersTraceWhileHandling() {
        Traceparent producer = Traceparent.newRoot();
        Map<String, String> seen = new ConcurrentHashMap<>();
        start(spec("c1"), message -> {
            seen.put("current", TraceContext.currentTraceId());
            seen.put("mdc", MDC.get(TraceContext.MDC_TRACE_ID));
            seen.put("field", message.traceparent());
        });
        try (TraceContext.Scope ignored = TraceContext.open(producer)) {
            publisher.publish(stream, tenant, "JobRequested", 1, new Job("traced", 1));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() == 3);
        assertThat(seen.get("current")).isEqualTo(producer.traceId());
        assertThat(seen.get("mdc")).isEqualTo(producer.traceId());
        assertThat(Traceparent.parse(seen.get("field")).orElseThrow().traceId()).isEqualTo(producer.traceId());
    }

    @Test
    void neverRunsMoreHandlersThanItsConcurrency() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        StreamWorker worker = start(spec("c1").withConcurrency(2), message -> {
            int now = running.incrementAndGet();
            maxRunning.accumulateAndGet(now, Math::max);
            try {
                release.await();
            } finally {
                running.decrementAndGet();
                done.incrementAndGet();
            }
        });
        for (int i = 0; i < 6; i++) {
            publisher.publish(stream, tenant, "JobRequested", 1, new Job("slow", i));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> running.get() == 2);
        assertThat(worker.inFlight()).isEqualTo(2);
        release.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> done.get() == 6);
        assertThat(maxRunning.get()).isEqualTo(2);
    }

    @Test
    void drainsABacklogOfTwoThousandMessagesExactlyOnceEach() {
        Map<UUID, AtomicInteger> seen = new ConcurrentHashMap<>();
        for (int i = 0; i < 2000; i++) {
            publisher.publish(stream, tenant, "JobRequested", 1, new Job("bulk", i));
        }
        long started = System.nanoTime();
        start(
                spec("c1").withConcurrency(16).withBatchSize(50),
                message -> seen.computeIfAbsent(message.eventId(), k -> new AtomicInteger())
                        .incrementAndGet());
        await().atMost(Duration.ofSeconds(60)).until(() -> seen.size() == 2000);
        long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
        System.out.printf("StreamWorkerIT: drained 2000 messages in %d ms (%d msg/s)%n", millis, 2000_000 / millis);
        assertThat(seen.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> pending() == 0);
    }

    @Test
    void stopWaitsForHandlersInFlight() {
        CountDownLatch entered = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        StreamWorker worker = start(spec("c1"), message -> {
            entered.countDown();
            release.await();
            finished.incrementAndGet();
        });
        publisher.publish(stream, tenant, "JobRequested", 1, new Job("graceful", 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> entered.getCount() == 0);
        Thread.ofVirtual().start(release::countDown);
        worker.stop();
        assertThat(finished.get()).isEqualTo(1);
        assertThat(worker.isRunning()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> pending() == 0);
    }
}
