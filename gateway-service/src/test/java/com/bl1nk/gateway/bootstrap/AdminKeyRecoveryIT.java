package com.bl1nk.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./bl1nk admin-key} against its own database: a lost admin key is replaced by a fresh platform-admin key in
 * the platform's tenant, audited with the operator; on an empty installation the command bootstraps it instead; with
 * {@code --first-user} it issues a single-use sign-up link for a new platform admin instead of a key.
 */
@SpringBootTest(
        classes = GatewayApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "bl1nk.gateway.bootstrap.enabled=false",
            "bl1nk.logging.structured=false",
            "spring.datasource.hikari.maximum-pool-size=3",
            "spring.datasource.hikari.minimum-idle=1"
        })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminKeyRecoveryIT {

    static final FreshDatabase DATABASE = FreshDatabase.create("gateway_admin_key_it");
    static final String PREFIX = "gw-admin-key-it-" + UUID.randomUUID() + ":";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DATABASE::url);
        registry.add("spring.datasource.username", DATABASE::user);
        registry.add("bl1nk.redis.key-prefix", () -> PREFIX);
        registry.add(
                "bl1nk.identity.signing-key-file",
                () -> TestKeys.get().signingKeyFile("gateway").toString());
        registry.add(
                "bl1nk.identity.trusted-keys-dir",
                () -> TestKeys.get().trustedDirectory().toString());
    }

    @Autowired
    AdminKeyRecovery recovery;

    @Autowired
    JdbcClient jdbc;

    @LocalServerPort
    int port;

    @Test
    @Order(1)
    void theCommandBootstrapsAnEmptyInstallationAndExits() throws IOException {
        Path out = tempFile();

        int exit = AdminKeyCommand.run(GatewayApplication.class, commandArgs(out, "alice"));

        assertThat(exit).isZero();
        String key = Files.readString(out).strip();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out)))
                .isEqualTo("rw-------");
        assertThat(count("identity.tenants")).isEqualTo(1);
        assertThat(tenantOf(key)).isEqualTo("default");
    }

    @Test
    @Order(2)
    void aLostKeyIsReplacedByAFreshPlatformAdminKeyInThePlatformTenantAndTheIssueIsAudited() {
        UUID platformTenant =
                jdbc.sql("select id from identity.tenants").query(UUID.class).single();
        jdbc.sql("insert into identity.tenants (id, slug, name) values (:id, 'other-co', 'Other')")
                .param("id", UUID.randomUUID())
                .update();

        CreatedApiKey key = recovery.issue("bob");

        assertThat(key.tenantId()).isEqualTo(platformTenant);
        assertThat(key.scopes()).containsExactly("platform:admin");
        assertThat(key.roles()).containsExactly("owner");
        assertThat(tenantOf(key.key())).isEqualTo("default");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(jdbc.sql("""
                                select count(*) from identity.audit_events
                                where actor = 'system:admin-key' and resource_id = :key
                                  and details ->> 'operator' = 'bob'
                                """)
                                .param("key", key.id().toString())
                                .query(Integer.class)
                                .single())
                        .isEqualTo(1));
        assertThat(jdbc.sql("select count(*) from identity.audit_events where details::text like :secret")
                        .param("secret", "%" + key.key().substring(key.key().lastIndexOf('_') + 1) + "%")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    @Order(3)
    void theCommandRefusesWithoutAFileToWriteTheKeyTo() {
        assertThat(AdminKeyCommand.run(GatewayApplication.class, new String[] {"admin-key"}))
                .isEqualTo(2);
    }

    @Test
    @Order(4)
    void theFirstUserCommandIssuesASingleUseLinkThatCreatesAPlatformAdminOwningTheDefaultTenant() throws IOException {
        String older = recovery.issueFirstUserLink("carol");
        Path out = tempFile();
        String[] args = commandArgs(out, "dave");
        String[] withFlag = java.util.Arrays.copyOf(args, args.length + 1);
        withFlag[args.length] = "--first-user";

        assertThat(AdminKeyCommand.run(GatewayApplication.class, withFlag)).isZero();

        String link = Files.readString(out).strip();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out)))
                .isEqualTo("rw-------");
        String email = "first-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        Map<String, Object> body = Map.of(
                "token", tokenOf(link), "email", email, "displayName", "First", "password", "first-User-pass-2026");
        assertThat(firstUser(Map.of(
                                "token",
                                tokenOf(older),
                                "email",
                                email,
                                "displayName",
                                "First",
                                "password",
                                "first-User-pass-2026"))
                        .path("code")
                        .asString())
                .as("a fresh link ends the older one")
                .isEqualTo("link_expired");

        JsonNode session = firstUser(body);
        assertThat(session.path("user").path("platformAdmin").asBoolean()).isTrue();
        assertThat(session.path("role").asString()).isEqualTo("owner");
        assertThat(jdbc.sql("select slug from identity.tenants where id = :id")
                        .param("id", UUID.fromString(session.path("tenantId").asString()))
                        .query(String.class)
                        .single())
                .isEqualTo("default");
        assertThat(firstUser(body).path("code").asString())
                .as("the link works once")
                .isEqualTo("link_used");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        assertThat(jdbc.sql("""
                                select count(*) from identity.audit_events
                                where actor = 'system:admin-key' and action = 'first_user_link.issued'
                                  and details ->> 'operator' = 'dave'
                                """).query(Integer.class).single()).isEqualTo(1));
        assertThat(jdbc.sql("select count(*) from identity.audit_events where details::text like :secret")
                        .param("secret", "%" + tokenOf(link) + "%")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    private JsonNode firstUser(Map<String, Object> body) {
        byte[] answer = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build()
                .post()
                .uri("/api/v1/auth/first-user")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectBody()
                .returnResult()
                .getResponseBodyContent();
        return JsonMapper.builder().build().readTree(answer);
    }

    private static String tokenOf(String link) {
        return link.substring(link.indexOf("token=") + "token=".length());
    }

    @Test
    @Order(20)
    void aGatewayStartedNormallyWithTheCommandsSettingIssuesNoKey() throws IOException {
        Path out = tempFile();
        java.nio.file.Files.deleteIfExists(out);
        long keysBefore = jdbc.sql("select count(*) from identity.api_keys")
                .query(Long.class)
                .single();
        List<String> args =
                new java.util.ArrayList<>(List.of(commandArgs(out, "mallory")).subList(2, 9));
        // the setting alone, as an environment variable left on a serving gateway would give it
        args.add("--bl1nk.gateway.admin-key.out=" + out);
        args.addAll(List.of(
                "--bl1nk.gateway.bootstrap.enabled=false",
                "--bl1nk.gateway.audit.writer-enabled=false",
                "--server.port=0",
                "--management.server.port=0"));

        org.springframework.context.ConfigurableApplicationContext context =
                new org.springframework.boot.builder.SpringApplicationBuilder(GatewayApplication.class)
                        .run(args.toArray(String[]::new));
        org.springframework.boot.SpringApplication.exit(context);

        assertThat(out).doesNotExist();
        assertThat(jdbc.sql("select count(*) from identity.api_keys")
                        .query(Long.class)
                        .single())
                .isEqualTo(keysBefore);
    }

    private String[] commandArgs(Path out, String operator) {
        return new String[] {
            "admin-key",
            out.toString(),
            "--spring.datasource.url=" + DATABASE.url(),
            "--spring.datasource.username=" + DATABASE.user(),
            "--bl1nk.redis.key-prefix=" + PREFIX,
            "--bl1nk.identity.signing-key-file=" + TestKeys.get().signingKeyFile("gateway"),
            "--bl1nk.identity.trusted-keys-dir=" + TestKeys.get().trustedDirectory(),
            "--bl1nk.gateway.admin-key.operator=" + operator,
            "--bl1nk.logging.structured=false"
        };
    }

    /** The slug of the tenant the key authenticates as, through this gateway's public API. */
    private String tenantOf(String key) {
        UUID tenant = jdbc.sql("select tenant_id from identity.api_keys where prefix = :prefix")
                .param("prefix", key.split("_")[1])
                .query(UUID.class)
                .single();
        Map<?, ?> body = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build()
                .get()
                .uri("/api/v1/tenants/{id}", tenant)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return String.valueOf(body.get("slug"));
    }

    private int count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Integer.class).single();
    }

    private static Path tempFile() {
        try {
            return Files.createTempDirectory("gateway-admin-key-it").resolve("admin.key");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
