package com.bl1nk.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.gateway.GatewayApplication;
import com.bl1nk.gateway.apikey.CreatedApiKey;
import com.bl1nk.gateway.support.FreshDatabase;
import com.bl1nk.testsupport.TestKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Bootstrap against its own empty database (the shared test database is bootstrapped at startup already): replicas
 * racing on an empty schema create exactly one tenant, one key and one first-user sign-up link.
 */
@SpringBootTest(
        classes = GatewayApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "bl1nk.gateway.bootstrap.enabled=false",
            "bl1nk.gateway.audit.writer-enabled=false",
            "bl1nk.logging.structured=false",
            "spring.datasource.hikari.maximum-pool-size=3",
            "spring.datasource.hikari.minimum-idle=1"
        })
@ExtendWith(OutputCaptureExtension.class)
class BootstrapIT {

    static final FreshDatabase DATABASE = FreshDatabase.create("gateway_bootstrap_it");
    static final Path KEY_FILE = keyFile();
    static final Path LINK_FILE = KEY_FILE.resolveSibling("first-user.link");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DATABASE::url);
        registry.add("spring.datasource.username", DATABASE::user);
        registry.add("bl1nk.redis.key-prefix", () -> "gw-bootstrap-it-" + UUID.randomUUID() + ":");
        registry.add(
                "bl1nk.identity.signing-key-file",
                () -> TestKeys.get().signingKeyFile("gateway").toString());
        registry.add(
                "bl1nk.identity.trusted-keys-dir",
                () -> TestKeys.get().trustedDirectory().toString());
        registry.add("bl1nk.gateway.bootstrap.key-file", KEY_FILE::toString);
        registry.add("bl1nk.gateway.bootstrap.first-user-link-file", LINK_FILE::toString);
    }

    @Autowired
    BootstrapAdmin bootstrap;

    @Autowired
    JdbcClient jdbc;

    @LocalServerPort
    int port;

    @Test
    void racingReplicasCreateExactlyOneAdminKeyAndRunningAgainCreatesNothing(CapturedOutput output) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Optional<CreatedApiKey>>> runs = new ArrayList<>();
        try (ExecutorService replicas = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 4; i++) {
                runs.add(replicas.submit(() -> {
                    start.await();
                    return bootstrap.bootstrap();
                }));
            }
            start.countDown();
            List<CreatedApiKey> created = new ArrayList<>();
            for (Future<Optional<CreatedApiKey>> run : runs) {
                run.get().ifPresent(created::add);
            }
            assertThat(created).hasSize(1);

            CreatedApiKey key = created.get(0);
            assertThat(count("identity.tenants")).isEqualTo(1);
            assertThat(count("identity.api_keys")).isEqualTo(1);
            assertThat(Files.readString(KEY_FILE).strip()).isEqualTo(key.key());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(KEY_FILE)))
                    .isEqualTo("rw-------");
            assertThat(key.scopes()).contains("platform:admin");
            assertThat(output.getAll())
                    .contains("bl1nk_" + key.prefix())
                    .doesNotContain(key.key().substring(("bl1nk_" + key.prefix() + "_").length()));

            WebTestClient.bindToServer()
                    .baseUrl("http://127.0.0.1:" + port)
                    .responseTimeout(Duration.ofSeconds(30))
                    .build()
                    .get()
                    .uri("/api/v1/tenants/{id}", key.tenantId())
                    .header(
                            HttpHeaders.AUTHORIZATION,
                            "Bearer " + Files.readString(KEY_FILE).strip())
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.slug")
                    .isEqualTo("default");

            String link = Files.readString(LINK_FILE).strip();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(LINK_FILE)))
                    .isEqualTo("rw-------");
            assertThat(link).contains("/admin/#/first-user?token=");
            String token = link.substring(link.indexOf("token=") + "token=".length());
            assertThat(count("identity.one_time_links"))
                    .as("one first-user link, with the tenant")
                    .isEqualTo(1);
            assertThat(jdbc.sql("select tenant_id from identity.one_time_links where purpose = 'first_user'")
                            .query(UUID.class)
                            .single())
                    .isEqualTo(key.tenantId());
            assertThat(jdbc.sql("select count(*) from identity.one_time_links where token_hash like :t")
                            .param("t", "%" + token + "%")
                            .query(Integer.class)
                            .single())
                    .as("only the hash is stored")
                    .isZero();
            assertThat(output.getAll()).doesNotContain(token);

            assertThat(bootstrap.bootstrap()).isEmpty();
            assertThat(count("identity.api_keys")).isEqualTo(1);
            assertThat(count("identity.one_time_links")).isEqualTo(1);
        }
    }

    private int count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Integer.class).single();
    }

    private static Path keyFile() {
        try {
            return Files.createTempDirectory("gateway-bootstrap-it").resolve("admin.key");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
