package com.bl1nk.task.client.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bl1nk.common.identity.IdentityHeaders;
import com.bl1nk.contracts.examples.ContractExamples;
import com.bl1nk.contracts.rag.QueryRequest;
import com.bl1nk.contracts.rag.QueryResponse;
import com.bl1nk.task.tasks.FakeDownstream;
import com.bl1nk.testsupport.TestDownstreams;
import com.bl1nk.testsupport.TestIdentities;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** task-service's side of the rag query contract, against a real HTTP server answering the committed example. */
class RagClientTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final UUID TENANT = UUID.randomUUID();

    private final FakeDownstream rag = FakeDownstream.start();
    private final RagClient client = new RagClient(TestDownstreams.restClient("task", "rag", rag.baseUrl()), 5);

    @AfterEach
    void stop() {
        rag.close();
    }

    @Test
    void sendsAQueryRequestAndReadsTheExampleAnswerIntoChunks() {
        rag.on(
                "POST",
                "/api/v1/knowledge-bases/",
                call -> new FakeDownstream.Reply(200, ContractExamples.json(QueryResponse.class)));
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();

        List<RetrievedChunk> chunks = client.query(TENANT, List.of(first, second), "What is the answer?");

        QueryResponse.Result expected = JSON.readValue(ContractExamples.json(QueryResponse.class), QueryResponse.class)
                .results()
                .getFirst();
        assertThat(chunks)
                .containsExactly(new RetrievedChunk(
                        expected.chunkId(),
                        expected.knowledgeBaseId(),
                        expected.document().id(),
                        expected.document().name(),
                        expected.score(),
                        expected.content()));
        FakeDownstream.Call call = rag.calls().getFirst();
        assertThat(call.path()).isEqualTo("/api/v1/knowledge-bases/" + first + "/query");
        QueryRequest sent = JSON.readValue(call.body(), QueryRequest.class);
        assertThat(sent).isEqualTo(new QueryRequest("What is the answer?", null, 5, List.of(second), null));
        assertThat(TestIdentities.codec("rag")
                        .verify(call.header(IdentityHeaders.IDENTITY))
                        .identity()
                        .tenantId())
                .isEqualTo(TENANT);
    }

    @Test
    void aServerErrorIsTransientAndABadRequestIsNot() {
        rag.on("POST", "/api/v1/knowledge-bases/", call -> new FakeDownstream.Reply(503, "{\"detail\":\"busy\"}"));
        assertThatThrownBy(() -> client.query(TENANT, List.of(UUID.randomUUID()), "q"))
                .isInstanceOfSatisfying(
                        RagUnavailableException.class,
                        e -> assertThat(e.isTransient()).isTrue())
                .hasMessageContaining("503");

        rag.on("POST", "/api/v1/knowledge-bases/", call -> new FakeDownstream.Reply(400, "{\"detail\":\"bad\"}"));
        assertThatThrownBy(() -> client.query(TENANT, List.of(UUID.randomUUID()), "q"))
                .isInstanceOfSatisfying(
                        RagUnavailableException.class,
                        e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("400");
    }

    @Test
    void anUnreachableRagIsTransient() {
        rag.close();

        assertThatThrownBy(() -> client.query(TENANT, List.of(UUID.randomUUID()), "q"))
                .isInstanceOfSatisfying(
                        RagUnavailableException.class,
                        e -> assertThat(e.isTransient()).isTrue())
                .hasMessageContaining("unreachable");
    }
}
