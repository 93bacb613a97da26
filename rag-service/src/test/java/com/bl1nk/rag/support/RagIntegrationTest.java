package com.bl1nk.rag.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.testsupport.TestInfrastructure;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Base of every rag-service IT: one shared Spring context (same configuration → cached) on a random port against
 * test-support's throwaway database and Redis prefix, the mock embedding provider, fast reclaim settings, and helpers
 * for the common calls.
 *
 * <p>The tenant quotas are small here ({@link #QUOTA_STORED_BYTES}, {@link #QUOTA_KNOWLEDGE_BASES}, {@link
 * #QUOTA_DOCUMENTS}) so {@code QuotaIT} reaches them in a few calls; every test uses fresh tenants, so they only
 * bound what one test stores for one tenant.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "bl1nk.rag.ingest.claim-idle-time=1s",
            "bl1nk.rag.ingest.block-time=200ms",
            "bl1nk.rag.ingest.concurrency=2",
            "bl1nk.rag.documents.max-upload-bytes=300000",
            "bl1nk.rag.quotas.max-stored-bytes-per-tenant=" + RagIntegrationTest.QUOTA_STORED_BYTES,
            "bl1nk.rag.quotas.max-knowledge-bases-per-tenant=" + RagIntegrationTest.QUOTA_KNOWLEDGE_BASES,
            "bl1nk.rag.quotas.max-documents-per-knowledge-base=" + RagIntegrationTest.QUOTA_DOCUMENTS,
            "bl1nk.rag.embedding.batch-size=8",
            "spring.datasource.hikari.maximum-pool-size=5"
        })
@ContextConfiguration(initializers = TestInfrastructure.class)
public abstract class RagIntegrationTest {

    /** {@code bl1nk.rag.quotas.max-stored-bytes-per-tenant} of the shared context. */
    protected static final int QUOTA_STORED_BYTES = 400_000;

    /** {@code bl1nk.rag.quotas.max-knowledge-bases-per-tenant} of the shared context. */
    protected static final int QUOTA_KNOWLEDGE_BASES = 5;

    /** {@code bl1nk.rag.quotas.max-documents-per-knowledge-base} of the shared context. */
    protected static final int QUOTA_DOCUMENTS = 10;

    @DynamicPropertySource
    static void mockEmbeddingProvider(DynamicPropertyRegistry registry) {
        registry.add(
                "bl1nk.rag.embedding.providers.mock.base-url",
                () -> MockEmbeddings.server().baseUrl());
        registry.add("bl1nk.rag.embedding.providers.mock.read-timeout", () -> "5s");
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    protected Api api;

    @BeforeEach
    void setUpApi() {
        api = new Api(port);
    }

    /** Creates a knowledge base for {@code tenant} and returns its id. */
    protected UUID createKnowledgeBase(Tenants.Tenant tenant, String name) {
        Api.Response r = api.post(tenant.token(), "/api/v1/knowledge-bases", Map.of("name", name));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return UUID.fromString(r.json().get("id").asString());
    }

    /** Uploads raw text and returns the document id. */
    protected UUID uploadText(Tenants.Tenant tenant, UUID kb, String name, String contentType, String text) {
        Api.Response r = api.post(
                tenant.token(),
                "/api/v1/knowledge-bases/" + kb + "/documents/text",
                Map.of("name", name, "contentType", contentType, "text", text));
        assertThat(r.status()).as(r.body()).isIn(200, 202);
        return UUID.fromString(r.json().get("id").asString());
    }

    /** Waits until the document is ready and returns its final representation. */
    protected JsonNode awaitReady(Tenants.Tenant tenant, UUID kb, UUID document) {
        String path = "/api/v1/knowledge-bases/" + kb + "/documents/" + document;
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    Api.Response r = api.get(tenant.token(), path);
                    assertThat(r.json().get("status").asString()).as(r.body()).isEqualTo("ready");
                });
        return api.get(tenant.token(), path).json();
    }

    /** Runs a query and returns the response body. */
    protected Api.Response query(Tenants.Tenant tenant, UUID kb, Map<String, Object> body) {
        return api.post(tenant.token(), "/api/v1/knowledge-bases/" + kb + "/query", body);
    }
}
