package com.bl1nk.task.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Steps persisted before the loop used records still replay, and the records write the JSON the task API showed. */
class StepJsonTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void replaysAStoredModelReplyWithoutCountingItsCostAgain() {
        String stored = """
                {"content":null,"toolCalls":[{"id":"c1","name":"lookup","arguments":"{\\"q\\":1}"}],
                 "provider":"mock-llm","model":"mock-gpt","costUsd":"0.00012"}""";
        ModelReply reply = json.readValue(stored, StepJson.ModelOutput.class).replay();
        assertThat(reply.content()).isNull();
        assertThat(reply.toolCalls()).containsExactly(new ToolCallRequest("c1", "lookup", "{\"q\":1}"));
        assertThat(reply.costUsd()).isZero();
        assertThat(reply.provider()).isEqualTo("mock-llm");
    }

    @Test
    void writesAModelReplyWithAnExplicitNullContent() {
        ModelReply reply = new ModelReply(null, List.of(), 3, 4, new BigDecimal("0.5"), "p", "m");
        assertThat(json.readTree(json.writeValueAsString(StepJson.ModelOutput.of(reply))))
                .isEqualTo(json.readTree("""
                        {"content":null,"toolCalls":[],"provider":"p","model":"m","costUsd":"0.5"}"""));
    }

    @Test
    void aDelegationStartedButNotYetFannedOutHasNoChildrenField() {
        String started = json.writeValueAsString(new StepJson.DelegationInput("c1", "{}", null));
        assertThat(json.readTree(started).has("children")).isFalse();
        assertThat(json.readValue(started, StepJson.DelegationInput.class).children())
                .isNull();
        UUID child = UUID.randomUUID();
        String fannedOut = json.writeValueAsString(
                new StepJson.DelegationInput("c1", "{}", List.of(new StepJson.ChildRef(child, "alpha"))));
        assertThat(json.readValue(fannedOut, StepJson.DelegationInput.class).children())
                .containsExactly(new StepJson.ChildRef(child, "alpha"));
    }

    @Test
    void aToolResultKeepsItsIsErrorFieldName() {
        assertThat(json.readTree(json.writeValueAsString(new StepJson.ToolOutput("no", true))))
                .isEqualTo(json.readTree("{\"result\":\"no\",\"isError\":true}"));
        assertThat(json.readValue("{\"result\":\"ok\",\"isError\":false}", StepJson.ToolOutput.class))
                .isEqualTo(new StepJson.ToolOutput("ok", false));
    }

    @Test
    void readsTheRetrievedTextOfAStoredRetrievalWhateverElseItHolds() {
        String stored = """
                {"chunks":[{"chunkId":"%s","knowledgeBaseId":"%s","documentId":"%s","documentName":"a.md",
                 "score":0.9,"content":"text"},{"documentName":null,"content":"more"}]}""".formatted(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        assertThat(json.readValue(stored, StepJson.RetrievedText.class).chunks())
                .containsExactly(new StepJson.ChunkText("a.md", "text"), new StepJson.ChunkText(null, "more"));
    }
}
