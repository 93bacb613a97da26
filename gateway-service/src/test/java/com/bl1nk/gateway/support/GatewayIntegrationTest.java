package com.bl1nk.gateway.support;

import com.bl1nk.gateway.GatewayApplication;
import com.bl1nk.gateway.apikey.CreatedApiKey;
import com.bl1nk.gateway.tenant.TenantView;
import com.bl1nk.testsupport.TestInfrastructure;
import com.bl1nk.testsupport.ThreadDumpOnTimeout;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of the gateway's integration tests: the whole gateway on a random port against the real local Postgres (a
 * throwaway database) and Redis (a per-run key prefix), both from test-support's {@link TestInfrastructure} (the
 * gateway is reactive, so not {@code @Bl1nkIntegrationTest}, which also wires the servlet RestTestClient), with every
 * downstream service faked by its own MockWebServer.
 * All subclasses share this configuration, hence one cached Spring context per run.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestInfrastructure.class)
@ExtendWith(ThreadDumpOnTimeout.class)
public abstract class GatewayIntegrationTest {

    /** Origin the CORS configuration allows in tests. */
    protected static final String ALLOWED_ORIGIN = "https://app.example.test";

    /** Body size limit in tests (small, so oversized bodies are cheap to send). */
    protected static final int MAX_BODY_BYTES = 64 * 1024;

    /** Requests per minute allowed per client IP on webhook paths in tests. */
    protected static final int PER_IP_PER_MINUTE = 5;

    /** Active API keys a tenant may hold in the test gateway. */
    protected static final int MAX_KEYS_PER_TENANT = 12;

    /** Failed key authentications per IP and minute the test gateway allows. */
    protected static final int INVALID_KEYS_PER_MINUTE = 10_000;

    /** Fake task-service (also receives the webhook and the OpenAI-compatible paths). */
    protected static final FakeUpstream TASK = FakeUpstream.start();

    protected static final FakeUpstream RAG = FakeUpstream.start();
    protected static final FakeUpstream MCP = FakeUpstream.start();
    protected static final FakeUpstream BILLING = FakeUpstream.start();

    /** Fake Pwned-Passwords range API: answers nothing unless a test scripts a range. */
    protected static final FakeUpstream PWNED = FakeUpstream.start();

    protected static final Path BOOTSTRAP_KEY_FILE = tempDir().resolve("bootstrap-admin.key");

    /** A real SMTP server in this JVM: invitation mails of the test gateway arrive here. */
    protected static final GreenMail MAIL = startMail();

    @DynamicPropertySource
    static void gatewayProperties(DynamicPropertyRegistry registry) {
        // Small pools: the shared Postgres serves every module's test runs at once.
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> 3);
        registry.add("spring.datasource.hikari.minimum-idle", () -> 1);
        registry.add("bl1nk.gateway.routes.task", TASK::url);
        registry.add("bl1nk.gateway.routes.rag", RAG::url);
        registry.add("bl1nk.gateway.routes.mcp", MCP::url);
        registry.add("bl1nk.gateway.routes.billing", BILLING::url);
        registry.add("bl1nk.gateway.bootstrap.key-file", BOOTSTRAP_KEY_FILE::toString);
        registry.add("bl1nk.gateway.max-body-size", () -> MAX_BODY_BYTES + "B");
        registry.add("bl1nk.gateway.cors.allowed-origins", () -> ALLOWED_ORIGIN);
        registry.add("bl1nk.gateway.rate-limit.per-ip-per-minute", () -> PER_IP_PER_MINUTE);
        registry.add("bl1nk.gateway.api-keys.last-used-flush-interval", () -> "500ms");
        registry.add("logging.structured.format.console", () -> "");
        registry.add("management.server.port", () -> 0);
        registry.add("bl1nk.gateway.api-keys.max-active-per-tenant", () -> MAX_KEYS_PER_TENANT);
        // every test calls from 127.0.0.1: the invalid-key limit is exercised on its own (InvalidKeyFloodIT)
        registry.add("bl1nk.gateway.rate-limit.invalid-keys-per-ip-per-minute", () -> INVALID_KEYS_PER_MINUTE);
        // the SSO tests' OIDC provider runs on loopback: allowed the way an operator allows an internal provider
        registry.add("bl1nk.net.allowed-hosts", () -> "127.0.0.1");
        registry.add("bl1nk.gateway.sso.cookie-secure", () -> false);
        // likewise sign-in: its per-address limits are exercised on their own (SessionLimitsTest lowers them through
        // these placeholders, as dynamic properties would win over its own)
        registry.add(
                "bl1nk.gateway.rate-limit.sign-in-per-ip-per-minute",
                () -> "${bl1nk.test.sign-in-per-ip-per-minute:10000}");
        registry.add("bl1nk.gateway.session.max-failures-per-ip", () -> "${bl1nk.test.max-failures-per-ip:10000}");
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
        registry.add("bl1nk.gateway.people.public-url", () -> "https://bl1nk.example.test");
        registry.add("bl1nk.gateway.people.pwned-passwords-url", () -> PWNED.url() + "/range/");
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    /** A client for the running gateway. */
    protected WebTestClient client() {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** The bootstrap admin key (owner of tenant default, scope platform:admin) written at startup. */
    protected static String adminKey() {
        try {
            return Files.readString(BOOTSTRAP_KEY_FILE).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Bootstrap key file missing: did the gateway bootstrap?", e);
        }
    }

    protected static String bearer(String key) {
        return "Bearer " + key;
    }

    /** A fresh tenant (unique slug) with an owner key, created through the API by the bootstrap admin. */
    protected TestTenant newTenant(String label) {
        String slug = label + "-" + UUID.randomUUID().toString().substring(0, 8);
        TenantView tenant = client().post()
                .uri("/api/v1/tenants")
                .header(HttpHeaders.AUTHORIZATION, bearer(adminKey()))
                .bodyValue(Map.of("slug", slug, "name", label))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(TenantView.class)
                .returnResult()
                .getResponseBody();
        CreatedApiKey owner = createKey(adminKey(), tenant.id(), "owner of " + slug, List.of("owner"), List.of());
        return new TestTenant(tenant.id(), slug, owner.key(), owner.id());
    }

    /** Creates a key through the API with {@code callerKey}; {@code tenantId} may be null for the caller's tenant. */
    protected CreatedApiKey createKey(
            String callerKey, UUID tenantId, String name, List<String> roles, List<String> scopes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("roles", roles);
        body.put("scopes", scopes);
        if (tenantId != null) {
            body.put("tenantId", tenantId);
        }
        return client().post()
                .uri("/api/v1/api-keys")
                .header(HttpHeaders.AUTHORIZATION, bearer(callerKey))
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(CreatedApiKey.class)
                .returnResult()
                .getResponseBody();
    }

    private static GreenMail startMail() {
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        Runtime.getRuntime().addShutdownHook(new Thread(mail::stop, "greenmail-stop"));
        return mail;
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("gateway-it");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A tenant created for one test.
     *
     * @param id tenant id
     * @param slug unique slug
     * @param ownerKey full owner key
     * @param ownerKeyId id of the owner key
     */
    public record TestTenant(UUID id, String slug, String ownerKey, UUID ownerKeyId) {}
}
