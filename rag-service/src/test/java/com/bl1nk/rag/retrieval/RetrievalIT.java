package com.bl1nk.rag.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.bl1nk.rag.TestDocuments;
import com.bl1nk.rag.embedding.LocalMiniLm;
import com.bl1nk.rag.support.Api;
import com.bl1nk.rag.support.RagIntegrationTest;
import com.bl1nk.rag.support.Tenants;
import com.pgvector.PGvector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class RetrievalIT extends RagIntegrationTest {

    static final String HANDBOOK = """
            # Operations handbook

            This handbook describes how the Falcon service is run day to day.

            ## Backups

            Database backups run every night at 02:00 UTC. Each backup is kept for 35 days
            and then deleted automatically. Restores are tested every quarter.

            ## Deployments

            Deployments happen on Tuesdays and Thursdays through the release pipeline.
            A deployment needs two approvals and a green canary before it reaches all regions.

            ## On-call

            The on-call engineer answers pages within fifteen minutes, around the clock.
            Escalate to the incident commander when customers are affected.
            """;

    static final String HTML = """
            <html><head><title>Garden guide</title></head><body>
            <h1>Garden guide</h1>
            <h2>Watering</h2><p>Water tomato plants deeply twice a week, early in the morning.</p>
            <h2>Pruning</h2><p>Prune roses in late winter, just before the buds break.</p>
            <h2>Compost</h2><p>Turn the compost heap every two weeks to keep it aerobic.</p>
            </body></html>
            """;

    @Test
    void uploadedMarkdownHtmlPdfAndDocxBecomeReadyAndAnswerFromTheRightSection() {
        Tenants.Tenant tenant = Tenants.newTenant();
        UUID kb = createKnowledgeBase(tenant, "handbooks");

        UUID md = uploadText(tenant, kb, "ops.md", "text/markdown", HANDBOOK);
        Api.Response html = api.upload(
                tenant.token(),
                "/api/v1/knowledge-bases/" + kb + "/documents",
                "garden.html",
                "text/html",
                HTML.getBytes());
        assertThat(html.status()).as(html.body()).isEqualTo(202);
        byte[] pdfBytes = TestDocuments.pdf(List.of(
                List.of("Travel policy.", "Economy class is the default for all flights."),
                List.of("Hotel stays are reimbursed up to 180 euros per night.", "Keep every receipt.")));
        Api.Response pdf = api.upload(
                tenant.token(),
                "/api/v1/knowledge-bases/" + kb + "/documents",
                "travel.pdf",
                "application/pdf",
                pdfBytes);
        assertThat(pdf.status()).as(pdf.body()).isEqualTo(202);
        byte[] docxBytes = TestDocuments.docx(List.of(
                new TestDocuments.Section("Parental leave", List.of("Parents receive sixteen weeks of paid leave.")),
                new TestDocuments.Section("Sick leave", List.of("Sick days need a doctor's note after three days."))));
        Api.Response docx = api.upload(
                tenant.token(),
                "/api/v1/knowledge-bases/" + kb + "/documents",
                "hr.docx",
                "application/octet-stream",
                docxBytes);
        assertThat(docx.status()).as(docx.body()).isEqualTo(202);

        JsonNode mdDoc = awaitReady(tenant, kb, md);
        awaitReady(tenant, kb, id(html));
        JsonNode pdfDoc = awaitReady(tenant, kb, id(pdf));
        JsonNode docxDoc = awaitReady(tenant, kb, id(docx));
        assertThat(mdDoc.get("contentType").asString()).isEqualTo("text/markdown");
        assertThat(pdfDoc.get("contentType").asString()).isEqualTo("application/pdf");
        assertThat(docxDoc.get("contentType").asString()).contains("wordprocessingml");
        assertThat(mdDoc.get("progress").asInt()).isEqualTo(100);
        assertStoredEmbeddingsAreUnitVectorsOfTheModelsDimension(md);

        for (String mode : List.of("hybrid", "vector", "keyword")) {
            JsonNode top = top(tenant, kb, "How long are database backups kept?", mode);
            assertThat(top.get("document").get("id").asString()).as(mode).isEqualTo(md.toString());
            assertThat(strings(top.get("headingPath"))).as(mode).containsExactly("Operations handbook", "Backups");
            assertThat(top.get("content").asString()).contains("35 days");
            assertCitationMatchesStoredChunk(tenant, kb, md, top);
        }

        JsonNode hotel = top(tenant, kb, "What is the hotel reimbursement limit per night?", "hybrid");
        assertThat(hotel.get("document").get("name").asString()).isEqualTo("travel.pdf");
        assertThat(hotel.get("page").asInt()).isEqualTo(2);

        JsonNode sick = top(tenant, kb, "When do I need a doctor's note for sick days?", "hybrid");
        assertThat(sick.get("document").get("name").asString()).isEqualTo("hr.docx");
        assertThat(strings(sick.get("headingPath"))).containsExactly("Sick leave");

        JsonNode roses = top(tenant, kb, "when should roses be pruned", "vector");
        assertThat(roses.get("document").get("name").asString()).isEqualTo("garden.html");
        assertThat(strings(roses.get("headingPath"))).containsExactly("Garden guide", "Pruning");
    }

    /** Embeddings are bound as pgvector's {@link PGvector} and read back through it unchanged in shape. */
    private void assertStoredEmbeddingsAreUnitVectorsOfTheModelsDimension(UUID document) {
        List<float[]> stored = jdbc.query(
                "select embedding from rag.chunks where document_id = ?",
                (rs, n) -> new PGvector(rs.getString("embedding")).toArray(),
                document);
        assertThat(stored).isNotEmpty().allSatisfy(v -> {
            assertThat(v).hasSize(LocalMiniLm.DIMENSION);
            double norm = 0;
            for (float x : v) {
                norm += x * x;
            }
            assertThat(Math.sqrt(norm)).isCloseTo(1.0, within(1e-3));
        });
    }

    @Test
    void deletingADocumentMakesItsTextUnretrievable() {
        Tenants.Tenant tenant = Tenants.newTenant();
        UUID kb = createKnowledgeBase(tenant, "deletions");
        UUID doc = uploadText(tenant, kb, "ops.md", "text/markdown", HANDBOOK);
        UUID other = uploadText(tenant, kb, "other.txt", "text/plain", "Lunch is served at noon in the canteen.");
        awaitReady(tenant, kb, doc);
        awaitReady(tenant, kb, other);
        assertThat(top(tenant, kb, "backups kept 35 days", "keyword")
                        .get("document")
                        .get("id")
                        .asString())
                .isEqualTo(doc.toString());

        Api.Response deleted = api.delete(tenant.token(), "/api/v1/knowledge-bases/" + kb + "/documents/" + doc);
        assertThat(deleted.status()).isEqualTo(204);

        for (String mode : List.of("hybrid", "vector", "keyword")) {
            Api.Response r = query(tenant, kb, Map.of("query", "How long are database backups kept?", "mode", mode));
            assertThat(r.status()).isEqualTo(200);
            for (JsonNode result : r.json().get("results")) {
                assertThat(result.get("document").get("id").asString()).isNotEqualTo(doc.toString());
                assertThat(result.get("content").asString()).doesNotContain("35 days");
            }
        }
        assertThat(jdbc.queryForObject("select count(*) from rag.chunks where document_id = ?", Integer.class, doc))
                .isZero();
        assertThat(api.get(tenant.token(), "/api/v1/knowledge-bases/" + kb + "/documents/" + doc)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void reUploadReplacesTheDocumentAndSameContentIsDeduplicated() {
        Tenants.Tenant tenant = Tenants.newTenant();
        UUID kb = createKnowledgeBase(tenant, "versions");
        UUID doc = uploadText(tenant, kb, "notes.txt", "text/plain", "The wifi password is ZEBRA-42.");
        awaitReady(tenant, kb, doc);

        Api.Response same = api.post(
                tenant.token(),
                "/api/v1/knowledge-bases/" + kb + "/documents/text",
                Map.of("name", "copy.txt", "text", "The wifi password is ZEBRA-42."));
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.json().get("deduplicated").asBoolean()).isTrue();
        assertThat(same.json().get("id").asString()).isEqualTo(doc.toString());

        UUID again = uploadText(tenant, kb, "notes.txt", "text/plain", "The wifi password is now OTTER-77.");
        assertThat(again).isEqualTo(doc);
        JsonNode ready = awaitReady(tenant, kb, doc);
        assertThat(ready.get("version").asInt()).isEqualTo(2);

        JsonNode top = top(tenant, kb, "wifi password", "keyword");
        assertThat(top.get("content").asString()).contains("OTTER-77");
        assertThat(jdbc.queryForObject(
                        "select count(*) from rag.chunks where document_id = ? and content like '%ZEBRA%'",
                        Integer.class, doc))
                .isZero();
    }

    @Test
    void keywordSearchSkipsChunksOfAVersionNotYetLiveAndStillReturnsKRows() {
        Tenants.Tenant tenant = Tenants.newTenant();
        UUID kb = createKnowledgeBase(tenant, "pending-versions");
        List<UUID> docs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            docs.add(uploadText(
                    tenant, kb, "lamp-" + i + ".txt", "text/plain", "Lamp note " + i + ": the lamp bulb is warm."));
        }
        docs.forEach(d -> awaitReady(tenant, kb, d));
        // A re-upload in progress: 60 chunks of version 2 (not live yet) that match the query better than version 1.
        jdbc.update("""
                insert into rag.chunks (id, tenant_id, knowledge_base_id, document_id, version, chunk_index, content,
                  heading_path, heading_text, page, start_offset, end_offset, token_count, metadata, dimension,
                  embedding)
                select gen_random_uuid(), c.tenant_id, c.knowledge_base_id, c.document_id, 2, g.i,
                  'lamp lamp bulb bulb warm warm pending ' || g.i, '{}', 'Lamp bulb', null, 0, 40, 8, '{}',
                  c.dimension, c.embedding
                from rag.chunks c cross join generate_series(1, 60) g(i) where c.document_id = ?
                """, docs.getFirst());

        Api.Response r = query(tenant, kb, Map.of("query", "warm lamp bulb", "mode", "keyword", "topK", 4));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("results")).hasSize(4);
        for (JsonNode result : r.json().get("results")) {
            assertThat(result.get("content").asString()).startsWith("Lamp note").doesNotContain("pending");
        }
    }

    @Test
    void keywordSearchRanksChunksMatchingSomeTermsWhenNoChunkHasAll() {
        Tenants.Tenant tenant = Tenants.newTenant();
        UUID kb = createKnowledgeBase(tenant, "partial-terms");
        UUID a = uploadText(tenant, kb, "a.txt", "text/plain", "Herons nest near the river.");
        UUID b = uploadText(tenant, kb, "b.txt", "text/plain", "Otters swim in the river at dusk.");
        UUID c = uploadText(tenant, kb, "c.txt", "text/plain", "Kingfishers dive for small fish.");
        List.of(a, b, c).forEach(d -> awaitReady(tenant, kb, d));

        Api.Response r =
                query(tenant, kb, Map.of("query", "herons otters kingfishers river", "mode", "keyword", "topK", 3));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        r.json().get("results").forEach(n -> ids.add(n.get("document").get("id").asString()));
        assertThat(ids).containsExactlyInAnyOrder(a.toString(), b.toString(), c.toString());
    }

    @Test
    void aVeryLongKeywordQueryIsScoredOnItsFirstDistinctTermsOnly() {
        Tenants.Tenant tenant = Tenants.newTenant();
        UUID kb = createKnowledgeBase(tenant, "long-query");
        UUID early = uploadText(tenant, kb, "early.txt", "text/plain", "Aardvarks dig burrows at night.");
        UUID late = uploadText(tenant, kb, "late.txt", "text/plain", "Zebras graze on the savanna.");
        List.of(early, late).forEach(d -> awaitReady(tenant, kb, d));
        // 200 distinct made-up terms sort between "aardvark" and "zebra": only the first 32 terms are scored
        StringBuilder query = new StringBuilder("zebras aardvarks");
        for (int i = 0; i < 200; i++) {
            query.append(" mwords").append((char) ('a' + i % 26)).append((char) ('a' + i / 26));
        }

        Api.Response r = query(tenant, kb, Map.of("query", query.toString(), "mode", "keyword", "topK", 5));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        r.json().get("results").forEach(n -> ids.add(n.get("document").get("id").asString()));
        assertThat(ids).containsExactly(early.toString());
    }

    @Test
    void metadataAndDocumentFiltersStillReturnKRowsAndMultiKbQueriesSearchBoth() {
        Tenants.Tenant tenant = Tenants.newTenant();
        UUID kb1 = createKnowledgeBase(tenant, "team-red");
        UUID kb2 = createKnowledgeBase(tenant, "team-blue");
        List<UUID> reds = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Api.Response r = api.post(
                    tenant.token(),
                    "/api/v1/knowledge-bases/" + kb1 + "/documents/text",
                    Map.of(
                            "name", "red-" + i + ".txt",
                            "text", "Red team note " + i + ": the server room door code changes monthly.",
                            "metadata", Map.of("team", i % 2 == 0 ? "even" : "odd")));
            reds.add(UUID.fromString(r.json().get("id").asString()));
        }
        UUID blue = uploadText(tenant, kb2, "blue.txt", "text/plain", "Blue team: the door code is kept in the vault.");
        reds.forEach(d -> awaitReady(tenant, kb1, d));
        awaitReady(tenant, kb2, blue);

        Api.Response even = query(
                tenant,
                kb1,
                Map.of(
                        "query",
                        "door code",
                        "mode",
                        "vector",
                        "topK",
                        3,
                        "filters",
                        Map.of("metadata", Map.of("team", "even"))));
        assertThat(even.json().get("results")).hasSize(3);
        for (JsonNode r : even.json().get("results")) {
            assertThat(r.get("content").asString()).matches("Red team note [024].*");
        }

        Api.Response onlyOne = query(
                tenant,
                kb1,
                Map.of(
                        "query",
                        "door code",
                        "filters",
                        Map.of("documentIds", List.of(reds.get(5).toString()))));
        assertThat(onlyOne.json().get("results")).hasSize(1);

        Api.Response both = query(
                tenant,
                kb1,
                Map.of(
                        "query",
                        "where is the door code kept",
                        "topK",
                        10,
                        "knowledgeBaseIds",
                        List.of(kb2.toString())));
        List<String> kbs = new ArrayList<>();
        both.json().get("results").forEach(r -> kbs.add(r.get("knowledgeBaseId").asString()));
        assertThat(kbs).contains(kb1.toString(), kb2.toString()).hasSize(7);
    }

    private JsonNode top(Tenants.Tenant tenant, UUID kb, String question, String mode) {
        Api.Response r = query(tenant, kb, Map.of("query", question, "mode", mode, "topK", 5));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("results")).as(r.body()).isNotEmpty();
        return r.json().get("results").get(0);
    }

    private void assertCitationMatchesStoredChunk(Tenants.Tenant tenant, UUID kb, UUID doc, JsonNode result) {
        Api.Response chunks =
                api.get(tenant.token(), "/api/v1/knowledge-bases/" + kb + "/documents/" + doc + "/chunks");
        JsonNode chunk = chunks.json().get("items").get(result.get("chunkIndex").asInt());
        // one name for a chunk's position in listings and query results
        assertThat(chunk.get("chunkIndex").asInt())
                .isEqualTo(result.get("chunkIndex").asInt());
        assertThat(chunk.has("index")).isFalse();
        assertThat(chunk.get("content").asString())
                .isEqualTo(result.get("content").asString());
        assertThat(chunk.get("startOffset").asInt())
                .isEqualTo(result.get("startOffset").asInt());
        assertThat(result.get("endOffset").asInt() - result.get("startOffset").asInt())
                .isEqualTo(result.get("content").asString().length());
        assertThat(HANDBOOK.replaceAll("\\s+", " "))
                .contains(result.get("content").asString().replaceAll("\\s+", " "));
    }

    private static UUID id(Api.Response r) {
        return UUID.fromString(r.json().get("id").asString());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }
}
