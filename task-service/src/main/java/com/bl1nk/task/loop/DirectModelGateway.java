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
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Streams chat completions from one OpenAI-compatible endpoint and prices them from configured rates; it caps
 * {@code max_tokens} so a call can never cost more than the budget left. Stand-in until the model layer's router
 * (routing, failover, billing reservations) is adapted behind {@link ModelGateway}.
 */
@Component
@EnableConfigurationProperties(ModelGatewayProperties.class)
@ConditionalOnProperty(prefix = "bl1nk.task.loop.model", name = "gateway", havingValue = "direct")
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
        ObjectNode body = ChatBodies.request(json, call, model, affordable);
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
        StreamedReply reply = new StreamedReply(onDelta);
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
                reply.accept(json.readTree(data));
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
        int promptTokens = reply.promptTokens();
        int completionTokens = reply.completionTokens();
        if (promptTokens < 0) {
            promptTokens = promptEstimate;
            completionTokens = Math.max(1, reply.textLength() / 4);
        }
        BigDecimal cost = cost(promptTokens, properties.inputPerMTokUsd())
                .add(cost(completionTokens, properties.outputPerMTokUsd()));
        return new ModelReply(reply.text(), reply.toolCalls(), promptTokens, completionTokens, cost, "direct", model);
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
