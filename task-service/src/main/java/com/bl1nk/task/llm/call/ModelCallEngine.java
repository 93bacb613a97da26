package com.bl1nk.task.llm.call;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.error.CommonErrorCode;
import com.bl1nk.common.retry.Backoff;
import com.bl1nk.contracts.usage.ModelCallMetered;
import com.bl1nk.task.error.TaskErrorCode;
import com.bl1nk.task.llm.CallOutcome;
import com.bl1nk.task.llm.CallRequest;
import com.bl1nk.task.llm.ServedBy;
import com.bl1nk.task.llm.StreamSink;
import com.bl1nk.task.llm.Usage;
import com.bl1nk.task.llm.provider.CallTimeouts;
import com.bl1nk.task.llm.provider.ChatStream;
import com.bl1nk.task.llm.provider.ProviderClient;
import com.bl1nk.task.llm.provider.UpstreamFailure;
import com.bl1nk.task.llm.routing.ModelPrice;
import com.bl1nk.task.llm.routing.ModelTarget;
import com.bl1nk.task.llm.routing.ProviderHealth;
import com.bl1nk.task.llm.usage.TokenEstimator;
import com.bl1nk.task.llm.usage.UsageEvents;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes one model call across its candidates: caps each candidate's output to the call's cost cap at its own price,
 * reserves the budget, then runs one candidate x attempt x breaker loop for both kinds of call: a whole answer, or a
 * stream up to its first chunk. Failover is invisible until that first answer; a stream that breaks afterwards
 * becomes an error event. Every answered call settles its cost and publishes exactly one usage event. Why the attempt
 * loop is hand-written rather than a Resilience4j {@code Retry}: ADR 0008.
 */
final class ModelCallEngine {

    private static final Logger log = LoggerFactory.getLogger(ModelCallEngine.class);
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    /** Billing's code for a model without a price: the one refusal another candidate can get past. */
    private static final String MODEL_NOT_PRICED = "model_not_priced";

    private final List<ProviderClient> clients;
    private final ProviderHealth health;
    private final RetrySettings retry;
    private final Backoff backoff;
    private final CallTimeouts timeouts;
    private final Sleeper sleeper;
    private final BudgetGate budget;
    private final UsageEvents usageEvents;
    private final TokenEstimator tokens;
    private final JsonMapper json;
    private final Clock clock;
    private final int defaultMaxOutputTokens;
    private final MeterRegistry meters;

    ModelCallEngine(
            List<ProviderClient> clients,
            ProviderHealth health,
            RetrySettings retry,
            CallTimeouts timeouts,
            Sleeper sleeper,
            BudgetGate budget,
            UsageEvents usageEvents,
            TokenEstimator tokens,
            JsonMapper json,
            Clock clock,
            int defaultMaxOutputTokens,
            MeterRegistry meters) {
        this.clients = List.copyOf(clients);
        this.health = health;
        this.retry = retry;
        this.backoff = new Backoff(retry.initialBackoff(), retry.maxBackoff());
        this.timeouts = timeouts;
        this.sleeper = sleeper;
        this.budget = budget;
        this.usageEvents = usageEvents;
        this.tokens = tokens;
        this.json = json;
        this.clock = clock;
        this.defaultMaxOutputTokens = defaultMaxOutputTokens;
        this.meters = meters;
    }

    /** A non-streaming call over {@code candidates} in routing order; throws {@link ApiException} when none answered. */
    CallOutcome complete(CallRequest call, List<ModelTarget> candidates) {
        return run(
                call,
                candidates,
                (client, target, body) -> client.complete(target.provider(), body, timeouts),
                this::answered);
    }

    /**
     * A streaming call written to {@code sink}. Throws {@link ApiException} only before the first chunk; afterwards
     * every failure becomes an error event and the outcome says so.
     */
    CallOutcome stream(CallRequest call, List<ModelTarget> candidates, StreamSink sink) {
        return run(call, candidates, this::firstChunk, (run, target, opened) -> {
            try (ChatStream stream = opened.stream()) {
                return pump(run, target, stream, opened.first(), sink);
            }
        });
    }

    /**
     * The one attempt loop: candidates in order, each tried up to {@code 1 + maxRetries} times while its breaker
     * permits; the first answer is delivered and nothing after it is retried. When nobody answered, the reservation is
     * released and the last failure becomes the problem.
     */
    private <T> CallOutcome run(CallRequest call, List<ModelTarget> targets, Ask<T> ask, Deliver<T> deliver) {
        Plan planned = plan(call, targets);
        Plan plan = reservable(call, planned);
        Run run =
                new Run(call, reserve(call, plan), plan.candidates().getFirst().target(), System.nanoTime());
        for (Candidate candidate : plan.candidates()) {
            ModelTarget target = candidate.target();
            if (target != run.reservedFor && !moveReservation(run, target, plan.maxCost())) {
                continue;
            }
            ProviderClient client = clientFor(target);
            for (int attempt = 1; ; attempt++) {
                CircuitBreaker breaker = health.breaker(target);
                if (!breaker.tryAcquirePermission()) {
                    attempt(target, "circuit_open");
                    break;
                }
                run.attempts++;
                long t0 = System.nanoTime();
                T answer;
                try {
                    answer = ask.ask(client, target, candidate.body());
                } catch (UpstreamFailure failure) {
                    onFailure(breaker, target, failure, t0);
                    run.last = failure;
                    chargeLostAttempt(run, target, failure, plan.promptTokens());
                    if (waitBeforeRetry(target, failure, attempt)) {
                        continue;
                    }
                    break;
                }
                onSuccess(breaker, target, t0);
                return deliver.deliver(run, target, answer);
            }
        }
        closeReservation(run);
        // one meter for every outcome (a counter of the same name would split the series); no provider answered, so
        // the model label is the first candidate's (bounded, unlike the model name the client sent)
        String model = plan.candidates().isEmpty()
                ? "none"
                : CallMeterTags.model(plan.candidates().getFirst().target());
        meters.timer("bl1nk.llm.calls", "provider", "none", "model", model, "outcome", "no_answer")
                .record(Duration.ofNanos(System.nanoTime() - run.started));
        if (run.last == null && run.refusal != null) {
            throw run.refusal;
        }
        throw noAnswer(run.last);
    }

    /**
     * A request that timed out was sent, and the provider may well have processed (and billed) its prompt: the tenant
     * pays for that prompt at the candidate's price, so provoking timeouts on an expensive model is never free.
     */
    private static void chargeLostAttempt(Run run, ModelTarget target, UpstreamFailure failure, int promptTokens) {
        if (failure.kind() == UpstreamFailure.Kind.TIMEOUT && target.price() != null) {
            run.lost = run.lost.add(target.price().cost(promptTokens, 0, 0));
        }
    }

    /**
     * Failing over to another provider or model: the reservation moves with it, so billing prices (or refuses) every
     * candidate that is really called; one billing refuses as unpriced is skipped. The old reservation is settled with
     * what lost attempts cost, or released.
     */
    private boolean moveReservation(Run run, ModelTarget target, BigDecimal maxCost) {
        closeReservation(run);
        try {
            UUID id = budget.reserve(
                    run.call, target.provider().name(), target.model().id(), maxCost);
            run.reserved = new Budget(id, maxCost);
            run.reservedFor = target;
            return true;
        } catch (ApiException e) {
            if (!MODEL_NOT_PRICED.equals(e.code())) {
                throw e;
            }
            log.debug("{} has no price: not failing over to it", target.healthKey());
            run.refusal = run.refusal == null ? e : run.refusal;
            return false;
        }
    }

    /** Ends the reservation held without an answer: settled with what lost attempts cost, else released. */
    private void closeReservation(Run run) {
        UUID id = run.reserved.reservationId();
        if (id != null) {
            if (run.lost.signum() > 0) {
                budget.settle(id, run.lost);
            } else {
                budget.release(id);
            }
        }
        run.reserved = new Budget(null, run.reserved.maxCost());
        run.reservedFor = null;
        run.lost = BigDecimal.ZERO;
    }

    /** Opens a stream and reads its first chunk; until that chunk arrives the attempt may still fail over. */
    private FirstChunk firstChunk(ProviderClient client, ModelTarget target, ObjectNode body) {
        ChatStream stream = client.stream(target.provider(), body, timeouts);
        try {
            return new FirstChunk(stream, stream.next());
        } catch (UpstreamFailure failure) {
            stream.close();
            throw failure;
        }
    }

    private CallOutcome answered(Run run, ModelTarget target, ObjectNode answer) {
        Usage usage = usageOf(answer.get("usage"), run.call, completionText(answer));
        BigDecimal cost = cost(target, usage);
        finish(run, target, usage, cost);
        return new CallOutcome(answer, servedBy(target), usage, cost, run.attempts, false);
    }

    private CallOutcome pump(Run run, ModelTarget target, ChatStream stream, String first, StreamSink sink) {
        ServedBy servedBy = servedBy(target);
        StringBuilder completion = new StringBuilder();
        JsonNode reportedUsage = null;
        boolean clientGone = false;
        UpstreamFailure broke = null;
        try {
            sink.open(servedBy, run.reserved.maxCost());
            String chunk = first;
            while (chunk != null) {
                JsonNode parsed = parse(chunk);
                JsonNode usage = parsed == null ? null : parsed.get("usage");
                boolean usageOnly = usage != null
                        && usage.isObject()
                        && parsed.path("choices").isArray()
                        && parsed.path("choices").isEmpty();
                if (usage != null && usage.isObject()) {
                    reportedUsage = usage;
                }
                if (parsed != null) {
                    appendDeltaText(parsed, completion);
                }
                if (!usageOnly || run.call.clientWantsUsage()) {
                    sink.chunk(chunk);
                }
                try {
                    chunk = stream.next();
                } catch (UpstreamFailure failure) {
                    broke = failure;
                    break;
                }
            }
        } catch (IOException clientDisconnected) {
            clientGone = true;
            log.debug("client went away during a stream from {}", target.healthKey());
        }
        Usage usage = usageOf(reportedUsage, run.call, completion.toString());
        BigDecimal cost = cost(target, usage);
        if (broke != null) {
            health.recordFailure(target);
            log.warn(
                    "stream from {} broke after the first token ({}); the client gets an error event",
                    target.healthKey(),
                    broke.getMessage());
            ObjectNode error = json.createObjectNode();
            ObjectNode e = error.putObject("error");
            e.put(
                    "message",
                    "The model provider's stream broke after the first token; it was not retried, so the"
                            + " answer is incomplete.");
            e.put("type", "server_error");
            e.putNull("param");
            e.put("code", "upstream_stream_interrupted");
            try {
                sink.error(error);
            } catch (IOException ignored) {
                // the client is gone as well
            }
        } else if (!clientGone) {
            try {
                sink.done(usage, cost);
            } catch (IOException ignored) {
                // the answer was complete; the client left before [DONE]
            }
        }
        finish(run, target, usage, cost);
        return new CallOutcome(null, servedBy, usage, cost, run.attempts, broke != null);
    }

    // --- cost cap, budget, usage and cost --------------------------------------------------------------------

    /**
     * Each candidate's request: the upstream model id and, under the call's cost cap, no more output than that
     * candidate can pay for at its own price; candidates that cannot even pay for the prompt are left out. The
     * reservation is the most any remaining candidate may cost (n choices: the prompt once, the output n times).
     */
    private Plan plan(CallRequest call, List<ModelTarget> targets) {
        if (targets.isEmpty()) {
            throw ApiException.of(
                    TaskErrorCode.NO_MODEL_AVAILABLE, "No provider serves model '" + call.requestedModel() + "'");
        }
        boolean anyPrice = targets.stream().anyMatch(t -> t.price() != null);
        int prompt = anyPrice ? tokens.promptTokens(call.body()) : 0;
        int choices = choices(call.body());
        List<Candidate> candidates = new ArrayList<>();
        BigDecimal max = null;
        for (ModelTarget target : targets) {
            ObjectNode body = bodyFor(call, target);
            int output = maxOutputTokens(call.body(), target, prompt);
            if (target.price() != null && !hasOutputLimit(call.body())) {
                // the reservation assumes this much output: the provider is told so, or it could write (and bill) more
                capOutput(body, output);
            }
            if (target.price() != null && call.maxCostUsd() != null) {
                long affordable = affordableOutputTokens(target.price(), prompt, choices, call.maxCostUsd());
                if (affordable < 1) {
                    log.debug("{} cannot answer within {} USD: skipped", target.healthKey(), call.maxCostUsd());
                    continue;
                }
                if (affordable < output) {
                    output = (int) affordable;
                    capOutput(body, output);
                }
            }
            candidates.add(new Candidate(target, body));
            if (target.price() != null) {
                BigDecimal c = target.price().cost(prompt, (long) output * choices, 0);
                max = max == null || c.compareTo(max) > 0 ? c : max;
            }
        }
        if (candidates.isEmpty()) {
            throw ApiException.of(
                    TaskErrorCode.BUDGET_EXCEEDED,
                    "The budget left (" + call.maxCostUsd().toPlainString() + " USD) cannot pay for another call to "
                            + call.requestedModel());
        }
        return new Plan(List.copyOf(candidates), max == null ? BigDecimal.ZERO : max, null, prompt);
    }

    /**
     * The most output tokens per choice {@code price} pays for within {@code cap} after the prompt: 0 when the prompt
     * alone uses the cap up, unbounded when output is free.
     */
    static long affordableOutputTokens(ModelPrice price, int promptTokens, int choices, BigDecimal cap) {
        BigDecimal left = cap.subtract(price.cost(promptTokens, 0, 0));
        if (left.signum() <= 0) {
            return 0;
        }
        BigDecimal perMillion = price.cost(0, 1_000_000, 0).multiply(BigDecimal.valueOf(choices));
        if (perMillion.signum() <= 0) {
            return Long.MAX_VALUE;
        }
        return left.multiply(MILLION)
                .divide(perMillion, 0, RoundingMode.DOWN)
                .min(BigDecimal.valueOf(Integer.MAX_VALUE))
                .longValue();
    }

    /** Writes the cap into the limit field(s) the client used ({@code max_tokens} when it set none). */
    private static void capOutput(ObjectNode body, int maxTokens) {
        boolean completionField = body.has("max_completion_tokens");
        if (completionField) {
            body.put("max_completion_tokens", maxTokens);
        }
        if (!completionField || body.has("max_tokens")) {
            body.put("max_tokens", maxTokens);
        }
    }

    private Budget reserve(CallRequest call, Plan plan) {
        return new Budget(plan.reservation(), plan.maxCost());
    }

    /**
     * Reserves for the first candidate billing will price; an unpriced candidate (say a tenant provider nobody priced)
     * is skipped for the next one instead of failing the call, and only when none is priced does its 422 stand.
     */
    private Plan reservable(CallRequest call, Plan plan) {
        List<Candidate> candidates = plan.candidates();
        ApiException firstRefusal = null;
        for (int i = 0; i < candidates.size(); i++) {
            ModelTarget target = candidates.get(i).target();
            try {
                UUID id = budget.reserve(
                        call, target.provider().name(), target.model().id(), plan.maxCost());
                return new Plan(
                        List.copyOf(candidates.subList(i, candidates.size())), plan.maxCost(), id, plan.promptTokens());
            } catch (ApiException e) {
                if (!MODEL_NOT_PRICED.equals(e.code())) {
                    throw e;
                }
                log.debug("{} has no price: trying the next candidate", target.healthKey());
                firstRefusal = firstRefusal == null ? e : firstRefusal;
            }
        }
        throw firstRefusal;
    }

    /** How many choices the request asks for ({@code n}, validated to 1..16 at the edge). */
    private static int choices(JsonNode body) {
        JsonNode n = body.get("n");
        return n != null && n.canConvertToInt() && n.asInt() > 1 ? Math.min(n.asInt(), 16) : 1;
    }

    /** Whether the client set its own output limit. */
    private static boolean hasOutputLimit(JsonNode body) {
        for (String field : List.of("max_completion_tokens", "max_tokens")) {
            JsonNode v = body.get(field);
            if (v != null && v.canConvertToInt() && v.asInt() > 0) {
                return true;
            }
        }
        return false;
    }

    private int maxOutputTokens(JsonNode body, ModelTarget target, int prompt) {
        for (String field : List.of("max_completion_tokens", "max_tokens")) {
            JsonNode v = body.get(field);
            if (v != null && v.canConvertToInt() && v.asInt() > 0) {
                return v.asInt();
            }
        }
        Integer window = target.contextWindow();
        if (window != null && window > prompt) {
            return Math.min(window - prompt, Math.max(defaultMaxOutputTokens, 1));
        }
        return defaultMaxOutputTokens;
    }

    private Usage usageOf(JsonNode reported, CallRequest call, String completionText) {
        if (reported != null && reported.isObject() && reported.hasNonNull("prompt_tokens")) {
            long cached =
                    reported.path("prompt_tokens_details").path("cached_tokens").asLong(0);
            return new Usage(
                    reported.path("prompt_tokens").asLong(0),
                    reported.path("completion_tokens").asLong(0),
                    cached,
                    false);
        }
        return new Usage(tokens.promptTokens(call.body()), tokens.count(completionText), 0, true);
    }

    private static BigDecimal cost(ModelTarget target, Usage usage) {
        return target.price() == null
                ? null
                : target.price().cost(usage.promptTokens(), usage.completionTokens(), usage.cachedTokens());
    }

    private void attempt(ModelTarget target, String outcome) {
        meters.counter(
                        "bl1nk.llm.attempts",
                        "provider",
                        CallMeterTags.provider(target),
                        "model",
                        CallMeterTags.model(target),
                        "outcome",
                        outcome)
                .increment();
    }

    private void finish(Run run, ModelTarget target, Usage usage, BigDecimal cost) {
        CallRequest call = run.call;
        Budget reserved = run.reserved;
        long started = run.started;
        String provider = CallMeterTags.provider(target);
        String model = CallMeterTags.model(target);
        meters.timer("bl1nk.llm.calls", "provider", provider, "model", model, "outcome", "answered")
                .record(Duration.ofNanos(System.nanoTime() - started));
        String estimated = Boolean.toString(usage.estimated());
        meters.counter(
                        "bl1nk.llm.tokens",
                        "provider",
                        provider,
                        "model",
                        model,
                        "kind",
                        "prompt",
                        "estimated",
                        estimated)
                .increment(usage.promptTokens());
        meters.counter(
                        "bl1nk.llm.tokens",
                        "provider",
                        provider,
                        "model",
                        model,
                        "kind",
                        "completion",
                        "estimated",
                        estimated)
                .increment(usage.completionTokens());
        if (cost != null) {
            Counter.builder("bl1nk.llm.cost")
                    .description("Priced cost of answered model calls, in USD")
                    .baseUnit("usd")
                    .tag("provider", provider)
                    .tag("model", model)
                    .register(meters)
                    .increment(cost.doubleValue());
        }
        if (reserved.reservationId != null) {
            // the answer plus what attempts that timed out under this reservation cost
            budget.settle(reserved.reservationId, (cost == null ? BigDecimal.ZERO : cost).add(run.lost));
        }
        ModelCallMetered event = new ModelCallMetered(
                UUID.randomUUID(),
                call.tenantId(),
                call.apiKeyId(),
                call.agentId(),
                call.taskId(),
                reserved.reservationId,
                target.provider().name(),
                target.model().id(),
                usage.promptTokens(),
                usage.completionTokens(),
                usage.cachedTokens(),
                usage.estimated(),
                Duration.ofNanos(System.nanoTime() - started).toMillis(),
                cost == null
                        ? null
                        : BillingBudgetGate.toBillingScale(cost, RoundingMode.HALF_UP)
                                .toPlainString(),
                "chat",
                call.traceId(),
                clock.instant());
        try {
            usageEvents.publish(event);
        } catch (RuntimeException e) {
            log.error("usage event {} could not be published", event.eventId(), e);
        }
    }

    // --- retries ---------------------------------------------------------------------------------------------

    private void onSuccess(CircuitBreaker breaker, ModelTarget target, long t0) {
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        attempt(target, "success");
        breaker.onSuccess(took.toNanos(), TimeUnit.NANOSECONDS);
        health.recordSuccess(target, took);
    }

    private void onFailure(CircuitBreaker breaker, ModelTarget target, UpstreamFailure failure, long t0) {
        long took = System.nanoTime() - t0;
        attempt(target, failure.retryable() ? "retryable_failure" : "failure");
        if (failure.countsAgainstProvider()) {
            breaker.onError(took, TimeUnit.NANOSECONDS, failure);
            health.recordFailure(target);
        } else {
            breaker.releasePermission();
        }
        log.info(
                "provider attempt failed: {} {} {}: {}",
                target.healthKey(),
                failure.kind(),
                failure.status(),
                failure.getMessage());
    }

    /** Waits and returns true when the same provider+model should be tried again. */
    private boolean waitBeforeRetry(ModelTarget target, UpstreamFailure failure, int attempt) {
        if (!failure.retryable() || attempt > retry.maxRetries()) {
            return false;
        }
        Duration wait;
        if (failure.retryAfter() != null) {
            if (failure.retryAfter().compareTo(retry.maxRetryAfter()) > 0) {
                log.info(
                        "{} asked to retry after {}, longer than {}: failing over",
                        target.healthKey(),
                        failure.retryAfter(),
                        retry.maxRetryAfter());
                return false;
            }
            wait = failure.retryAfter();
        } else {
            wait = backoff.delay(attempt);
        }
        try {
            sleeper.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static ApiException noAnswer(UpstreamFailure last) {
        if (last == null) {
            return ApiException.of(
                    TaskErrorCode.NO_HEALTHY_PROVIDER,
                    "Every provider for this model is failing right now (circuit open); try again shortly");
        }
        return switch (last.kind()) {
            case TIMEOUT ->
                ApiException.of(TaskErrorCode.UPSTREAM_TIMEOUT, "The model provider did not answer in time");
            case CONNECTION ->
                ApiException.of(TaskErrorCode.UPSTREAM_UNAVAILABLE, "The model provider could not be reached");
            case BAD_RESPONSE -> ApiException.of(TaskErrorCode.UPSTREAM_BAD_RESPONSE, last.getMessage());
            case HTTP_STATUS -> fromStatus(last);
        };
    }

    private static ApiException fromStatus(UpstreamFailure last) {
        int status = last.status();
        String message = last.getMessage();
        if (last.contextLengthExceeded()) {
            return ApiException.of(TaskErrorCode.CONTEXT_LENGTH_EXCEEDED, message);
        }
        if (status == 429) {
            return ApiException.withRetryAfter(
                    TaskErrorCode.UPSTREAM_RATE_LIMITED,
                    "The model provider is rate limiting: " + message,
                    last.retryAfter());
        }
        if (status == 401 || status == 403) {
            return ApiException.of(
                    TaskErrorCode.UPSTREAM_AUTH_FAILED,
                    "The model provider rejected bl1nk's credentials; check the provider");
        }
        if (status == 404) {
            return ApiException.of(TaskErrorCode.MODEL_NOT_FOUND_IN_REQUEST, message);
        }
        if (status >= 400 && status < 500) {
            return ApiException.of(CommonErrorCode.INVALID_REQUEST, message);
        }
        return ApiException.of(TaskErrorCode.UPSTREAM_ERROR, "The model provider failed: " + message);
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private ProviderClient clientFor(ModelTarget target) {
        for (ProviderClient client : clients) {
            if (client.supports(target.provider().kind())) {
                return client;
            }
        }
        throw new IllegalStateException(
                "no client for provider kind " + target.provider().kind());
    }

    private static ObjectNode bodyFor(CallRequest call, ModelTarget target) {
        ObjectNode body = call.body().deepCopy();
        body.put("model", target.model().upstreamId());
        return body;
    }

    private static ServedBy servedBy(ModelTarget target) {
        return new ServedBy(
                target.provider().name(), target.model().id(), target.model().upstreamId());
    }

    private JsonNode parse(String chunk) {
        try {
            return json.readTree(chunk);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static void appendDeltaText(JsonNode chunk, StringBuilder out) {
        for (JsonNode choice : chunk.path("choices")) {
            JsonNode delta = choice.path("delta");
            if (delta.path("content").isString()) {
                out.append(delta.path("content").asString());
            }
            for (JsonNode call : delta.path("tool_calls")) {
                out.append(call.path("function").path("name").asString(""));
                out.append(call.path("function").path("arguments").asString(""));
            }
        }
    }

    private static String completionText(JsonNode answer) {
        StringBuilder out = new StringBuilder();
        for (JsonNode choice : answer.path("choices")) {
            JsonNode message = choice.path("message");
            if (message.path("content").isString()) {
                out.append(message.path("content").asString());
            }
            for (JsonNode call : message.path("tool_calls")) {
                out.append(call.path("function").path("name").asString(""));
                out.append(call.path("function").path("arguments").asString(""));
            }
        }
        return out.toString();
    }

    /** One way of asking a provider: the whole answer, or a stream up to its first chunk; may throw to retry. */
    @FunctionalInterface
    private interface Ask<T> {
        T ask(ProviderClient client, ModelTarget target, ObjectNode body);
    }

    /** What follows a provider's first answer; nothing from here on is retried or failed over. */
    @FunctionalInterface
    private interface Deliver<T> {
        CallOutcome deliver(Run run, ModelTarget target, T answer);
    }

    /** An opened stream and its first chunk ({@code null} when it ended at once). */
    private record FirstChunk(ChatStream stream, String first) {}

    /** One candidate and the request it gets. */
    private record Candidate(ModelTarget target, ObjectNode body) {}

    /** The candidates left within the cost cap, the most any of them may cost, and the prompt's estimated tokens. */
    private record Plan(List<Candidate> candidates, BigDecimal maxCost, UUID reservation, int promptTokens) {}

    private record Budget(UUID reservationId, BigDecimal maxCost) {}

    /**
     * A call in flight: its reservation and the candidate it was made for, what lost (timed-out) attempts under it
     * cost, when it started, how many requests went upstream, the last failure and the first pricing refusal.
     */
    private static final class Run {
        final CallRequest call;
        final long started;
        Budget reserved;
        ModelTarget reservedFor;
        BigDecimal lost = BigDecimal.ZERO;
        int attempts;
        UpstreamFailure last;
        ApiException refusal;

        Run(CallRequest call, Budget reserved, ModelTarget reservedFor, long started) {
            this.call = call;
            this.reserved = reserved;
            this.reservedFor = reservedFor;
            this.started = started;
        }
    }
}
