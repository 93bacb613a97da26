package com.bl1nk.task.loop;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityHolder;
import com.bl1nk.common.trace.TraceContext;
import com.bl1nk.task.error.TaskErrorCode;
import com.bl1nk.task.llm.CallOutcome;
import com.bl1nk.task.llm.CallRequest;
import com.bl1nk.task.llm.ModelCalls;
import com.bl1nk.task.llm.ServedBy;
import com.bl1nk.task.llm.StreamSink;
import com.bl1nk.task.llm.Usage;
import java.math.BigDecimal;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends the loop's model calls through the model layer's facade: it routes (explicit model, routing policy, or the
 * default), reserves the budget with billing, fails over and meters usage. The loop's remaining task budget goes along
 * as the call's cost cap, which the engine applies to every candidate at its own price, so none can overspend it.
 */
@Component
@EnableConfigurationProperties(ModelGatewayProperties.class)
class RouterModelGateway implements ModelGateway {

    private final ModelCalls calls;
    private final ObjectMapper json;
    private final ModelGatewayProperties properties;

    RouterModelGateway(ModelCalls calls, ObjectMapper json, ModelGatewayProperties properties) {
        this.calls = calls;
        this.json = json;
        this.properties = properties;
    }

    @Override
    public ModelReply call(ModelCall call, Consumer<String> onDelta) {
        String requested = firstNonBlank(call.model(), call.routingPolicy(), properties.defaultModel());
        ObjectNode body = ChatBodies.request(json, call, requested, properties.maxOutputTokens());
        Identity identity = new Identity(
                call.tenantId(), "service:task-service", Set.of(Identity.DEVELOPER), Set.of(), call.apiKeyId());
        try (IdentityHolder.Scope ignored = IdentityHolder.bind(identity)) {
            Collector sink = new Collector(new StreamedReply(onDelta));
            CallOutcome outcome = calls.stream(
                    new CallRequest(
                            call.tenantId(),
                            call.apiKeyId(),
                            call.agentId(),
                            call.taskId(),
                            TraceContext.currentTraceId(),
                            body,
                            requested,
                            true,
                            call.maxCostUsd()),
                    sink);
            if (outcome.failedMidStream() || sink.failed) {
                throw new ModelCallException(
                        TaskErrorCode.PROVIDER_STREAM_BROKEN, "The model stream broke", true, null);
            }
            Usage usage = outcome.usage();
            ServedBy servedBy = outcome.servedBy();
            return new ModelReply(
                    sink.reply.text(),
                    sink.reply.toolCalls(),
                    (int) usage.promptTokens(),
                    (int) usage.completionTokens(),
                    outcome.costUsd() == null ? BigDecimal.ZERO : outcome.costUsd(),
                    servedBy.provider(),
                    servedBy.model());
        } catch (ApiException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new LoopInterruptedException(e);
            }
            int status = e.getStatusCode().value();
            if (status == 402) {
                throw ModelCallException.budgetExhausted(e.detail());
            }
            boolean retry = status == 429 || status >= 500;
            throw new ModelCallException(e.code(), e.detail(), retry, e);
        }
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    /** Feeds streamed chunks to the reply being assembled. */
    private final class Collector implements StreamSink {

        final StreamedReply reply;
        boolean failed;

        Collector(StreamedReply reply) {
            this.reply = reply;
        }

        @Override
        public void open(ServedBy servedBy, BigDecimal maxCostUsd) {}

        @Override
        public void chunk(String chunkJson) {
            reply.accept(json.readTree(chunkJson));
        }

        @Override
        public void error(ObjectNode error) {
            failed = true;
        }

        @Override
        public void done(Usage usage, BigDecimal costUsd) {}
    }
}
