package com.bl1nk.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.common.stream.StreamKeys;
import com.bl1nk.common.stream.StreamWorker;
import com.bl1nk.common.stream.StreamWorkerSpec;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Stream gauges against the real local Redis, under a random key prefix deleted afterwards. */
class StreamMetricsIT {

    private static LettuceConnectionFactory factory;
    private static StringRedisTemplate redis;
    private static StreamKeys keys;

    private final String stream = "bl1nk:metrics-" + UUID.randomUUID();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeAll
    static void connect() {
        String host = System.getenv().getOrDefault("BL1NK_TEST_REDIS_HOST", "127.0.0.1");
        factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, 6379));
        factory.afterPropertiesSet();
        factory.start();
        redis = new StringRedisTemplate(factory);
        keys = new StreamKeys("bl1nk-it-" + UUID.randomUUID().toString().substring(0, 8) + ":");
    }

    @AfterAll
    static void cleanUp() {
        Set<String> leftovers = redis.keys(keys.prefix() + "*");
        if (leftovers != null && !leftovers.isEmpty()) {
            redis.delete(leftovers);
        }
        factory.destroy();
    }

    private double gauge(String name) {
        Gauge gauge = registry.find(name)
                .tag("stream", stream)
                .tag("group", "testers")
                .gauge();
        assertThat(gauge).as(name).isNotNull();
        return gauge.value();
    }

    private void add(int n) {
        for (int i = 0; i < n; i++) {
            redis.opsForStream()
                    .add(StreamRecords.newRecord().in(keys.key(stream)).ofMap(Map.of("n", Integer.toString(i))));
        }
    }

    @Test
    void gaugesFollowBacklogPendingEntriesAndDeadLetters() throws Exception {
        StreamWorkerSpec spec =
                new StreamWorkerSpec(stream, "testers", "c1", 2, 1, Duration.ofMillis(200), Duration.ofMillis(100), 5);
        CountDownLatch release = new CountDownLatch(1);
        StreamWorker worker = new StreamWorker(
                factory,
                redis,
                keys,
                spec,
                message -> {
                    if (message.fields().get("n").equals("0")) {
                        throw new IllegalStateException("poison");
                    }
                    release.await();
                },
                Clock.systemUTC());
        worker.ensureGroup();
        new StreamMetrics(redis, keys, () -> List.of(spec), Duration.ZERO).bindTo(registry);

        add(5);
        assertThat(gauge("bl1nk.stream.length")).isEqualTo(5);
        assertThat(gauge("bl1nk.stream.lag")).isEqualTo(5);
        assertThat(gauge("bl1nk.stream.pending")).isZero();
        assertThat(gauge("bl1nk.stream.dead.letters")).isZero();

        worker.start();
        try {
            // two handlers hold messages 1 and 2; message 0 fails its only attempt and is dead-lettered
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(gauge("bl1nk.stream.dead.letters")).isEqualTo(1);
                assertThat(gauge("bl1nk.stream.pending")).isEqualTo(2);
                assertThat(gauge("bl1nk.stream.lag")).isLessThan(5);
            });
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(gauge("bl1nk.stream.lag")).isZero();
                assertThat(gauge("bl1nk.stream.pending")).isZero();
            });
        } finally {
            release.countDown();
            worker.stop();
        }
    }

    @Test
    void aStreamThatDoesNotExistYetReadsAsEmptyNotAsAnError() {
        StreamWorkerSpec spec = StreamWorkerSpec.of(stream + "-never", "testers");
        new StreamMetrics(redis, keys, () -> List.of(spec), Duration.ZERO).bindTo(registry);

        Gauge length = registry.find("bl1nk.stream.length")
                .tag("stream", stream + "-never")
                .gauge();
        assertThat(length).isNotNull();
        assertThat(length.value()).isZero();
        assertThat(registry.find("bl1nk.stream.dead.letters")
                        .tag("stream", stream + "-never")
                        .gauge()
                        .value())
                .isZero();
    }
}
