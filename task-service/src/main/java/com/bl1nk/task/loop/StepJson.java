package com.bl1nk.task.loop;

import com.bl1nk.task.client.rag.RetrievedChunk;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.UUID;

/**
 * The persisted input and output of each step kind, as records: a resumed run reads back exactly what an earlier
 * attempt wrote, and the task API shows the same JSON.
 */
final class StepJson {

    private StepJson() {}

    /** What a retrieval step asked rag-service. */
    record RetrievalInput(String query, List<UUID> knowledgeBaseIds) {}

    /** The chunks a retrieval step got, written in full. */
    record RetrievalOutput(List<RetrievedChunk> chunks) {}

    /** The part of a stored retrieval the model prompt is built from. */
    record RetrievedText(List<ChunkText> chunks) {

        RetrievedText {
            chunks = chunks == null ? List.of() : chunks;
        }
    }

    /** The text and name of one stored chunk. */
    record ChunkText(String documentName, String content) {}

    /** What a model step sent: the size of the conversation, the model and the most it may cost. */
    record ModelInput(int messages, String model, String maxCostUsd) {}

    /** What a model step got back; replayed instead of calling the model again. */
    record ModelOutput(String content, List<ToolCallRequest> toolCalls, String provider, String model, String costUsd) {

        static ModelOutput of(ModelReply reply) {
            return new ModelOutput(
                    reply.content(),
                    reply.toolCalls(),
                    reply.provider(),
                    reply.model(),
                    reply.costUsd().toPlainString());
        }

        /** The reply as replayed: its tokens and cost were counted when it was first made. */
        ModelReply replay() {
            List<ToolCallRequest> calls = toolCalls == null
                    ? List.of()
                    : toolCalls.stream()
                            .map(c ->
                                    new ToolCallRequest(c.id(), c.name(), c.arguments() == null ? "{}" : c.arguments()))
                            .toList();
            return new ModelReply(content, calls, 0, 0, java.math.BigDecimal.ZERO, provider, model);
        }
    }

    /** The tool call a tool step makes. */
    record ToolInput(String toolCallId, String name, String toolId, String arguments) {}

    /** What a tool step (or a refused delegation) returned to the model. */
    record ToolOutput(
            String result, @JsonProperty("isError") boolean isError) {}

    /** A delegation step's call; {@code children} is set once the children exist. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DelegationInput(String toolCallId, String arguments, List<ChildRef> children) {}

    /** A child task a delegation started. */
    record ChildRef(UUID taskId, String agent) {}

    /** The children's results, handed to the model as one tool result. */
    record DelegationOutput(String result, List<ChildResult> children) {}

    /** How one child ended: its answer when it succeeded, otherwise why not. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ChildResult(String agent, UUID taskId, String status, String output, String reason, String costUsd) {}
}
