package com.bl1nk.common.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The documented TLS switch for Redis, tried once for real: a CA and a server certificate made here with openssl, a
 * real redis-server speaking only TLS, and the services' settings ({@code spring.data.redis.ssl.*} with a PEM bundle
 * trusting that CA). Without the bundle the connection is refused, so the certificate is really verified.
 */
class RedisTlsIT {

    private static Path dir;
    private static Process redis;
    private static int port;

    @BeforeAll
    static void startTlsRedis() throws Exception {
        dir = Files.createTempDirectory("bl1nk-tls-");
        openssl(
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
                "-days",
                "1",
                "-subj",
                "/CN=bl1nk test CA");
        openssl(
                "req",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                "server.key",
                "-out",
                "server.csr",
                "-subj",
                "/CN=localhost");
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        openssl(
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "server.pem",
                "-days",
                "1",
                "-extfile",
                "san.ext");
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        redis = new ProcessBuilder(
                        "redis-server",
                        "--port",
                        "0",
                        "--bind",
                        "127.0.0.1",
                        "--tls-port",
                        Integer.toString(port),
                        "--tls-cert-file",
                        "server.pem",
                        "--tls-key-file",
                        "server.key",
                        "--tls-ca-cert-file",
                        "ca.pem",
                        "--tls-auth-clients",
                        "no",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--dir",
                        dir.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Files.readString(dir.resolve("redis.log")).contains("Ready to accept connections"));
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.destroyForcibly();
        }
    }

    private static ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, DataRedisAutoConfiguration.class))
                .withPropertyValues(
                        "spring.data.redis.host=localhost",
                        "spring.data.redis.port=" + port,
                        "spring.data.redis.timeout=3s",
                        "spring.data.redis.ssl.enabled=true");
    }

    @Test
    void servicesReachATlsOnlyRedisWithTheDocumentedSettings() {
        runner().withPropertyValues(
                        "spring.data.redis.ssl.bundle=bl1nk",
                        "spring.ssl.bundle.pem.bl1nk.truststore.certificate=file:" + dir.resolve("ca.pem"))
                .run(context -> {
                    StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
                    String key = "bl1nk-tls-it:" + UUID.randomUUID();
                    redis.opsForValue().set(key, "over tls", Duration.ofMinutes(1));
                    assertThat(redis.opsForValue().get(key)).isEqualTo("over tls");
                });
    }

    @Test
    void aServerCertificateFromAnUntrustedCaIsRefused() {
        runner().run(context -> {
            StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> redis.opsForValue().get("anything"))
                    .hasStackTraceContaining("PKIX");
        });
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor())
                .as("openssl %s: %s", String.join(" ", args), out)
                .isZero();
    }
}
