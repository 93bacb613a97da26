package com.bl1nk.task.llm.provider;

import com.bl1nk.common.net.BoundedBodies;
import com.bl1nk.common.net.UrlBlockedException;
import com.bl1nk.common.retry.RetryAfter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpResponse.ResponseInfo;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A thin pass-through to OpenAI-compatible providers (OpenAI, OpenRouter, Cloudflare AI Gateway, Ollama, vLLM and
 * mock-llm): the client's JSON goes upstream unchanged except for {@code model} and the streaming usage flag, so tools,
 * {@code response_format} and provider-specific fields survive exactly (see docs/adr on the model layer).
 */
final class OpenAiCompatibleClient implements ProviderClient {

    private static final int MAX_ERROR_BODY_CHARS = 16_384;

    /** The most of a provider's whole answer read (a chat completion is kilobytes; the cap protects the service). */
    static final long MAX_ANSWER_BYTES = 16L * 1024 * 1024;

    /** The most of a provider's streamed answer read. */
    static final long MAX_STREAM_BYTES = 64L * 1024 * 1024;

    private final HttpClient trustedHttp;
    private final HttpClient guardedHttp;
    private final JsonMapper json;
    private final Clock clock;

    /**
     * @param trustedHttp client for platform providers from configuration
     * @param guardedHttp client for tenant providers, whose every connection passes the SSRF guard
     */
    OpenAiCompatibleClient(HttpClient trustedHttp, HttpClient guardedHttp, JsonMapper json, Clock clock) {
        this.trustedHttp = trustedHttp;
        this.guardedHttp = guardedHttp;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public boolean supports(ProviderKind kind) {
        return kind == ProviderKind.OPENAI_COMPATIBLE || kind == ProviderKind.MOCK;
    }

    @Override
    public ObjectNode complete(ProviderConfig provider, ObjectNode request, CallTimeouts timeouts) {
        ObjectNode body = request.deepCopy();
        body.remove("stream");
        body.remove("stream_options");
        HttpRequest httpRequest = build(provider, body, timeouts.firstByte(), false);
        CompletableFuture<HttpResponse<byte[]>> future = http(provider)
                .sendAsync(httpRequest, info -> BoundedBodies.limit(BodySubscribers.ofByteArray(), MAX_ANSWER_BYTES));
        HttpResponse<byte[]> response;
        try {
            response = future.get(timeouts.total().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw UpstreamFailure.timeout("no complete answer within " + timeouts.total());
        } catch (ExecutionException e) {
            throw classify(e.getCause());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw UpstreamFailure.connection("interrupted", e);
        }
        String text = new String(response.body(), StandardCharsets.UTF_8);
        if (response.statusCode() / 100 != 2) {
            throw httpFailure(
                    response.statusCode(),
                    response.headers().firstValue("Retry-After").orElse(null),
                    text);
        }
        JsonNode parsed;
        try {
            parsed = json.readTree(text);
        } catch (JacksonException e) {
            throw UpstreamFailure.badResponse("provider answered 2xx with a body that is not JSON");
        }
        if (!(parsed instanceof ObjectNode object) || !object.path("choices").isArray()) {
            throw UpstreamFailure.badResponse("provider answered 2xx without a choices array");
        }
        return object;
    }

    @Override
    public ChatStream stream(ProviderConfig provider, ObjectNode request, CallTimeouts timeouts) {
        ObjectNode body = request.deepCopy();
        body.put("stream", true);
        boolean addedOptions = !body.has("stream_options");
        ObjectNode streamOptions =
                body.get("stream_options") instanceof ObjectNode existing ? existing : body.putObject("stream_options");
        streamOptions.put("include_usage", true);
        try {
            return open(provider, body, timeouts);
        } catch (UpstreamFailure failure) {
            // some OpenAI-compatible servers reject stream_options; usage is then estimated instead
            if (addedOptions
                    && failure.status() == 400
                    && String.valueOf(failure.errorBody()).contains("stream_options")) {
                body.remove("stream_options");
                return open(provider, body, timeouts);
            }
            throw failure;
        }
    }

    private ChatStream open(ProviderConfig provider, ObjectNode body, CallTimeouts timeouts) {
        HttpRequest httpRequest = build(provider, body, timeouts.firstByte(), true);
        SseLineQueue lines = new SseLineQueue();
        CompletableFuture<ResponseInfo> head = new CompletableFuture<>();
        HttpResponse.BodyHandler<Void> handler = info -> {
            head.complete(info);
            return BoundedBodies.limit(BodySubscribers.fromLineSubscriber(lines), MAX_STREAM_BYTES);
        };
        CompletableFuture<HttpResponse<Void>> future = http(provider).sendAsync(httpRequest, handler);
        future.whenComplete((r, e) -> {
            if (e != null) {
                head.completeExceptionally(e);
                lines.onError(e);
            }
        });
        ResponseInfo info;
        try {
            info = head.get(timeouts.firstByte().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            lines.cancel();
            throw UpstreamFailure.timeout("no response headers within " + timeouts.firstByte());
        } catch (ExecutionException e) {
            throw classify(e.getCause());
        } catch (InterruptedException e) {
            future.cancel(true);
            lines.cancel();
            Thread.currentThread().interrupt();
            throw UpstreamFailure.connection("interrupted", e);
        }
        if (info.statusCode() / 100 != 2) {
            String text = lines.drain(timeouts.firstByte(), MAX_ERROR_BODY_CHARS);
            lines.cancel();
            throw httpFailure(
                    info.statusCode(), info.headers().firstValue("Retry-After").orElse(null), text);
        }
        return new SseChatStream(lines, future, timeouts, json);
    }

    private HttpClient http(ProviderConfig provider) {
        return provider.tenantOwned() ? guardedHttp : trustedHttp;
    }

    private HttpRequest build(ProviderConfig provider, ObjectNode body, Duration headerTimeout, boolean stream) {
        String base = provider.baseUrl();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + "/chat/completions"))
                .timeout(headerTimeout)
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json");
        for (Map.Entry<String, String> h : provider.headers().entrySet()) {
            builder.header(h.getKey(), h.getValue());
        }
        if (provider.apiKey() != null && !provider.apiKey().isBlank()) {
            builder.setHeader("Authorization", "Bearer " + provider.apiKey());
        }
        return builder.POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                .build();
    }

    private UpstreamFailure httpFailure(int status, String retryAfterHeader, String text) {
        Duration retryAfter = RetryAfter.parse(retryAfterHeader, clock).orElse(null);
        JsonNode errorBody = parseError(text);
        String message = errorBody.path("error").path("message").asString("provider answered HTTP " + status);
        return UpstreamFailure.status(status, retryAfter, errorBody, message);
    }

    private JsonNode parseError(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.length() > MAX_ERROR_BODY_CHARS) {
            trimmed = trimmed.substring(0, MAX_ERROR_BODY_CHARS);
        }
        try {
            JsonNode node = json.readTree(trimmed);
            if (node != null && node.path("error").isObject()) {
                return node;
            }
            if (node != null && node.path("error").isString()) {
                ObjectNode wrapped = json.createObjectNode();
                wrapped.putObject("error").put("message", node.path("error").asString());
                return wrapped;
            }
        } catch (JacksonException e) {
            // not JSON: keep the text as the message below
        }
        ObjectNode wrapped = json.createObjectNode();
        wrapped.putObject("error").put("message", trimmed.isEmpty() ? "empty error body" : trimmed);
        return wrapped;
    }

    static UpstreamFailure classify(Throwable cause) {
        Throwable t = cause;
        while (t != null) {
            if (t instanceof UpstreamFailure failure) {
                return failure;
            }
            if (t instanceof UrlBlockedException blocked) {
                return UpstreamFailure.badResponse("provider URL refused: " + blocked.detail());
            }
            if (t instanceof BoundedBodies.ResponseTooLargeException tooLarge) {
                // not retried: the same provider would send the same flood again
                return UpstreamFailure.badResponse(
                        "provider answered more than " + tooLarge.limit() + " bytes; the answer was not read");
            }
            if (t instanceof HttpTimeoutException) {
                return UpstreamFailure.timeout("provider did not answer in time: " + t.getMessage());
            }
            t = t.getCause();
        }
        if (cause instanceof IOException || (cause != null && cause.getCause() instanceof IOException)) {
            return UpstreamFailure.connection("connection to provider failed: " + cause.getMessage(), cause);
        }
        return UpstreamFailure.connection(
                "provider call failed: "
                        + (cause == null ? "unknown" : cause.getClass().getSimpleName()),
                cause);
    }
}
