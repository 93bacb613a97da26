package com.bl1nk.task.loop;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Streams chat completions from one OpenAI-compatible endpoint and prices them from configured rates; it caps
 * {@code max_tokens} so a call can never cost more than the budget left. Stand-in until the model layer's router
 * (routing, failover, billing reservations) is adapted behind {@link ModelGateway}.
 */
@Component
@EnableConfigurationProperties(ModelGatewayProperties.class)
class DirectModelGateway implements ModelGateway {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private final ModelGatewayProperties properties;
    private final ObjectMapper json;
    private final HttpClient http;

    DirectModelGateway(ModelGatewayProperties properties, ObjectMapper json) {
        this.properties = properties;
        this.json = json;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public ModelReply call(ModelCall call, Consumer<String> onDelta) {
        String model = call.model() != null && !call.model().isBlank() ? call.model() : properties.defaultModel();
        int promptEstimate = estimatePromptTokens(call.messages(), call.tools());
        BigDecimal promptCost = cost(promptEstimate, properties.inputPerMTokUsd());
        BigDecimal left = call.maxCostUsd().subtract(promptCost);
        int affordable = properties.outputPerMTokUsd().signum() == 0
                ? properties.maxOutputTokens()
                : left.multiply(MILLION)
                        .divide(properties.outputPerMTokUsd(), 0, RoundingMode.DOWN)
                        .min(BigDecimal.valueOf(properties.maxOutputTokens()))
                        .intValue();
        if (left.signum() <= 0 || affordable < 1) {
            throw ModelCallException.budgetExhausted(
                    "The budget left (" + call.maxCostUsd().toPlainString()
                            + " USD) cannot pay for another model call of about " + promptEstimate + " prompt tokens");
        }
        ObjectNode body = requestBody(call, model, affordable);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(properties.baseUrl() + "/chat/completions"))
                .timeout(properties.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        if (!properties.apiKey().isBlank()) {
            request.header("Authorization", "Bearer " + properties.apiKey());
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoopInterruptedException(e);
        } catch (IOException e) {
            throw new ModelCallException("provider_unreachable", "Model endpoint unreachable: " + e, true, e);
        }
        if (response.statusCode() != 200) {
            String detail = readQuietly(response.body());
            boolean retry = response.statusCode() == 429 || response.statusCode() >= 500;
            throw new ModelCallException(
                    "provider_error", "Model endpoint answered " + response.statusCode() + ": " + detail, retry, null);
        }
        return readStream(response.body(), model, onDelta, promptEstimate, call);
    }

    private ModelReply readStream(
            InputStream body, String model, Consumer<String> onDelta, int promptEstimate, ModelCall call) {
        StringBuilder text = new StringBuilder();
        boolean sawText = false;
        Map<Integer, String[]> tools = new TreeMap<>();
        int promptTokens = -1;
        int completionTokens = -1;
        boolean done = false;
        try (Stream<String> lines =
                new java.io.BufferedReader(new java.io.InputStreamReader(body, StandardCharsets.UTF_8)).lines()) {
            var it = lines.iterator();
            while (it.hasNext()) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new LoopInterruptedException(new InterruptedException());
                }
                String line = it.next();
                if (!line.startsWith("data:")) {
                    continue;
                }
                String data = line.substring(5).strip();
                if ("[DONE]".equals(data)) {
                    done = true;
                    break;
                }
                JsonNode chunk = json.readTree(data);
                JsonNode usage = chunk.get("usage");
                if (usage != null && usage.isObject()) {
                    promptTokens = usage.path("prompt_tokens").asInt();
                    completionTokens = usage.path("completion_tokens").asInt();
                }
                for (JsonNode choice : chunk.path("choices")) {
                    JsonNode delta = choice.path("delta");
                    JsonNode content = delta.get("content");
                    if (content != null
                            && content.isString()
                            && !content.asString().isEmpty()) {
                        sawText = true;
                        text.append(content.asString());
                        onDelta.accept(content.asString());
                    }
                    for (JsonNode tc : delta.path("tool_calls")) {
                        String[] acc = tools.computeIfAbsent(tc.path("index").asInt(), i -> new String[] {"", "", ""});
                        if (tc.hasNonNull("id")) {
                            acc[0] = tc.get("id").asString();
                        }
                        JsonNode fn = tc.path("function");
                        if (fn.hasNonNull("name")) {
                            acc[1] = fn.get("name").asString();
                        }
                        if (fn.hasNonNull("arguments")) {
                            acc[2] = acc[2] + fn.get("arguments").asString();
                        }
                    }
                }
            }
        } catch (java.io.UncheckedIOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new LoopInterruptedException(e);
            }
            throw new ModelCallException("provider_stream_broken", "Model stream broke: " + e, true, e);
        }
        if (!done) {
            throw new ModelCallException("provider_stream_broken", "Model stream ended without [DONE]", true, null);
        }
        List<ToolCallRequest> calls = new ArrayList<>();
        tools.values().forEach(a -> calls.add(new ToolCallRequest(a[0], a[1], a[2].isBlank() ? "{}" : a[2])));
        if (promptTokens < 0) {
            promptTokens = promptEstimate;
            completionTokens = Math.max(1, text.length() / 4);
        }
        BigDecimal cost = cost(promptTokens, properties.inputPerMTokUsd())
                .add(cost(completionTokens, properties.outputPerMTokUsd()));
        return new ModelReply(
                sawText ? text.toString() : null, calls, promptTokens, completionTokens, cost, "direct", model);
    }

    private ObjectNode requestBody(ModelCall call, String model, int maxTokens) {
        ObjectNode body = json.createObjectNode();
        body.put("model", model);
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        body.put("max_tokens", maxTokens);
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage m : call.messages()) {
            ObjectNode node = messages.addObject();
            node.put("role", m.role());
            if (m.content() == null) {
                node.putNull("content");
            } else {
                node.put("content", m.content());
            }
            if (!m.toolCalls().isEmpty()) {
                ArrayNode calls = node.putArray("tool_calls");
                for (ToolCallRequest tc : m.toolCalls()) {
                    ObjectNode c = calls.addObject();
                    c.put("id", tc.id());
                    c.put("type", "function");
                    c.putObject("function").put("name", tc.name()).put("arguments", tc.arguments());
                }
            }
            if (m.toolCallId() != null) {
                node.put("tool_call_id", m.toolCallId());
            }
        }
        if (!call.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolSpec t : call.tools()) {
                ObjectNode fn = tools.addObject().put("type", "function").putObject("function");
                fn.put("name", t.name());
                fn.put("description", t.description());
                fn.set("parameters", t.parameters());
            }
        }
        return body;
    }

    /** Deliberately high (3 characters per token plus overhead) so the budget check errs on the safe side. */
    static int estimatePromptTokens(List<ChatMessage> messages, List<ToolSpec> tools) {
        long chars = 0;
        int overhead = 8;
        for (ChatMessage m : messages) {
            chars += m.content() == null ? 0 : m.content().length();
            for (ToolCallRequest tc : m.toolCalls()) {
                chars += tc.name().length() + tc.arguments().length();
            }
            overhead += 8;
        }
        for (ToolSpec t : tools) {
            chars += t.name().length()
                    + t.description().length()
                    + t.parameters().toString().length();
        }
        return (int) Math.min(Integer.MAX_VALUE, chars / 3 + overhead);
    }

    private static BigDecimal cost(long tokens, BigDecimal perMillion) {
        return perMillion.multiply(BigDecimal.valueOf(tokens)).divide(MILLION, 8, RoundingMode.UP);
    }

    private static String readQuietly(InputStream in) {
        try (in) {
            byte[] bytes = in.readNBytes(2000);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
