package com.bl1nk.task.llm.openai;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.error.CommonErrorCode;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.common.trace.TraceContext;
import com.bl1nk.task.error.TaskErrorCode;
import com.bl1nk.task.llm.CallOutcome;
import com.bl1nk.task.llm.CallRequest;
import com.bl1nk.task.llm.LlmProperties;
import com.bl1nk.task.llm.ModelCalls;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/chat/completions}: validates the OpenAI request, routes it, and answers as OpenAI would (JSON or
 * SSE), naming the provider, model and cost in response headers.
 */
@RestController
class ChatCompletionsController {

    private final ModelCalls calls;
    private final JsonMapper json;
    private final long maxRequestBytes;

    ChatCompletionsController(ModelCalls calls, JsonMapper json, LlmProperties properties) {
        this.calls = calls;
        this.json = json;
        this.maxRequestBytes = properties.maxRequestBytes();
    }

    @Requires(Permission.MODELS_CALL)
    @PostMapping("/v1/chat/completions")
    void chatCompletions(Identity identity, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        // A model call spends the tenant's money: readers may look at models and usage, not run calls.
        ObjectNode body = readBody(request);
        ChatRequestValidation.validate(body);
        String model = body.get("model").asString();
        boolean stream = body.path("stream").asBoolean(false);
        boolean clientWantsUsage =
                body.path("stream_options").path("include_usage").asBoolean(false);
        CallRequest call = new CallRequest(
                identity.tenantId(),
                identity.apiKeyId(),
                uuidHeader(request, OpenAiHeaders.AGENT_ID),
                uuidHeader(request, OpenAiHeaders.TASK_ID),
                TraceContext.currentTraceId(),
                body,
                model,
                clientWantsUsage,
                null,
                identity.allowedModels());
        if (stream) {
            calls.stream(call, new SseStreamSink(response, json));
            return;
        }
        CallOutcome outcome = calls.complete(call);
        byte[] bytes = json.writeValueAsBytes(outcome.body());
        response.setStatus(200);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setHeader(OpenAiHeaders.PROVIDER, outcome.servedBy().provider());
        response.setHeader(OpenAiHeaders.MODEL, outcome.servedBy().model());
        response.setHeader(
                OpenAiHeaders.USAGE_ESTIMATED, Boolean.toString(outcome.usage().estimated()));
        if (outcome.costUsd() != null) {
            response.setHeader(OpenAiHeaders.COST, outcome.costUsd().toPlainString());
        }
        response.setContentLength(bytes.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(bytes);
        }
    }

    private ObjectNode readBody(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > maxRequestBytes) {
            throw tooLarge();
        }
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxRequestBytes + 1));
        }
        if (bytes.length > maxRequestBytes) {
            throw tooLarge();
        }
        if (bytes.length == 0) {
            throw ApiException.of(CommonErrorCode.INVALID_REQUEST, "The request body is empty; send a JSON object");
        }
        JsonNode node;
        try {
            node = json.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw ApiException.of(TaskErrorCode.INVALID_JSON, "The request body is not valid JSON");
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.of(CommonErrorCode.INVALID_REQUEST, "The request body must be a JSON object");
        }
        return object;
    }

    private ApiException tooLarge() {
        return ApiException.payloadTooLarge("The request body is larger than " + maxRequestBytes + " bytes");
    }

    private static UUID uuidHeader(HttpServletRequest request, String name) {
        String value = request.getHeader(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField(name, "must be a UUID");
        }
    }
}
