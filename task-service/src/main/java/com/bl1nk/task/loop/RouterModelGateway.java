package com.bl1nk.task.loop;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityHolder;
import com.bl1nk.common.trace.TraceContext;
import com.bl1nk.task.llm.call.CallOutcome;
import com.bl1nk.task.llm.call.CallRequest;
import com.bl1nk.task.llm.call.ModelCallEngine;
import com.bl1nk.task.llm.call.ServedBy;
import com.bl1nk.task.llm.call.StreamSink;
import com.bl1nk.task.llm.call.Usage;
import com.bl1nk.task.llm.routing.ModelTarget;
import com.bl1nk.task.llm.routing.Router;
import com.bl1nk.task.llm.usage.TokenEstimator;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends the loop's model calls through the model layer: the router picks provider and model (explicit model, routing
 * policy, or the default), the engine reserves the budget with billing, fails over and meters usage. The loop's
 * remaining task budget caps {@code max_tokens} against every candidate's price, so no candidate can overspend it.
 */
@Component
@EnableConfigurationProperties(ModelGatewayProperties.class)
class RouterModelGateway implements ModelGateway {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private final ModelCallEngine engine;
    private final Router router;
    private final TokenEstimator tokens;
    private final ObjectMapper json;
    private final ModelGatewayProperties properties;

    RouterModelGateway(
            ModelCallEngine engine,
            Router router,
            TokenEstimator tokens,
            ObjectMapper json,
            ModelGatewayProperties properties) {
        this.engine = engine;
        this.router = router;
        this.tokens = tokens;
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
            List<ModelTarget> candidates = router.route(call.tenantId(), requested, body);
            int affordable = affordableOutputTokens(candidates, tokens.promptTokens(body), call.maxCostUsd());
            if (affordable < 1) {
                throw ModelCallException.budgetExhausted("The budget left ("
                        + call.maxCostUsd().toPlainString() + " USD) cannot pay for another call to " + requested);
            }
            body.put("max_tokens", Math.min(affordable, properties.maxOutputTokens()));
            Collector sink = new Collector(new StreamedReply(onDelta));
            CallOutcome outcome = engine.stream(
                    new CallRequest(
                            call.tenantId(),
                            call.apiKeyId(),
                            call.agentId(),
                            call.taskId(),
                            TraceContext.currentTraceId(),
                            body,
                            requested,
                            true,
                            candidates),
                    sink);
            if (outcome.failedMidStream() || sink.failed) {
                throw new ModelCallException("provider_stream_broken", "The model stream broke", true, null);
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

    /** The most output tokens every candidate can produce within {@code budget} after the prompt. */
    static int affordableOutputTokens(List<ModelTarget> candidates, int promptTokens, BigDecimal budget) {
        long best = Integer.MAX_VALUE;
        for (ModelTarget t : candidates) {
            if (t.price() == null) {
                continue;
            }
            BigDecimal promptCost = t.price().cost(promptTokens, 0, 0);
            BigDecimal perMillion = t.price().cost(0, 1_000_000, 0);
            BigDecimal left = budget.subtract(promptCost);
            if (left.signum() <= 0) {
                return 0;
            }
            if (perMillion.signum() > 0) {
                best = Math.min(
                        best,
                        left.multiply(MILLION)
                                .divide(perMillion, 0, RoundingMode.DOWN)
                                .min(BigDecimal.valueOf(Integer.MAX_VALUE))
                                .longValue());
            }
        }
        return (int) best;
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
