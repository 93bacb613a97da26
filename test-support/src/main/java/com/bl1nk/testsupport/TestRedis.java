package com.bl1nk.testsupport;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The local Redis with a per-run key prefix ({@code bl1nk-it-<random>:}), so parallel test runs never see each other's
 * streams and keys; every key under the prefix is deleted when the JVM exits.
 *
 * <p>Connection: {@code BL1NK_TEST_REDIS_URL} (default {@code redis://127.0.0.1:6379}).
 */
public final class TestRedis {

    /** Environment variable with the Redis URL. */
    public static final String URL_ENV = "BL1NK_TEST_REDIS_URL";

    private static volatile TestRedis instance;

    private final RedisURI uri;
    private final String keyPrefix;

    private TestRedis(RedisURI uri, String keyPrefix) {
        this.uri = uri;
        this.keyPrefix = keyPrefix;
    }

    /** The Redis of this JVM; checks that it answers on first use. */
    public static TestRedis get() {
        TestRedis redis = instance;
        if (redis == null) {
            synchronized (TestRedis.class) {
                redis = instance;
                if (redis == null) {
                    redis = create();
                    instance = redis;
                }
            }
        }
        return redis;
    }

    private static TestRedis create() {
        String url = TestDatabase.env(URL_ENV, "redis://127.0.0.1:6379");
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(Duration.ofSeconds(5));
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        String prefix = "bl1nk-it-" + HexFormat.of().formatHex(random) + ":";
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().ping();
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "Redis is not reachable at " + url + " (" + e.getMessage()
                            + "). Run `./bl1nk test` (it starts Redis), or point " + URL_ENV + " at a Redis 7.",
                    e);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        TestRedis redis = new TestRedis(uri, prefix);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(redis::deleteKeys));
        return redis;
    }

    public String host() {
        return uri.getHost();
    }

    public int port() {
        return uri.getPort();
    }

    /** The per-run prefix, to set as {@code bl1nk.redis.key-prefix}. */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** Deletes every key under this run's prefix (also done at JVM exit). */
    public long deleteKeys() {
        RedisClient client = RedisClient.create(uri);
        long deleted = 0;
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            RedisCommands<String, String> redis = c.sync();
            ScanArgs args = ScanArgs.Builder.matches(keyPrefix + "*").limit(500);
            KeyScanCursor<String> cursor = redis.scan(args);
            while (true) {
                if (!cursor.getKeys().isEmpty()) {
                    deleted += redis.del(cursor.getKeys().toArray(String[]::new));
                }
                if (cursor.isFinished()) {
                    break;
                }
                cursor = redis.scan(ScanCursor.of(cursor.getCursor()), args);
            }
        } catch (RuntimeException e) {
            System.err.println("Could not delete test keys " + keyPrefix + "*: " + e.getMessage());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        return deleted;
    }
}
