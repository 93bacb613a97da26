package com.bl1nk.mockllm;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code POST /v1/chat/completions}: picks a rule, then answers in one JSON body or as an SSE stream of chunks. */
final class ChatCompletions {

    private static final Duration DISCONNECT_GRACE = Duration.ofMillis(50);

    private final MockLlmServer server;

    ChatCompletions(MockLlmServer server) {
        this.server = server;
    }

    void handle(HttpExchange exchange, byte[] body) throws IOException {
        ChatRequest request = ChatRequest.from(Requests.parseJson(body));
        Rule rule = server.ruleBook()
                .select(new Rule.MatchInput(
                        Rule.Endpoint.CHAT,
                        request.model(),
                        request.lastRole(),
                        request.lastText(),
                        exchange.getRequestHeaders()));
        Timing timing = server.timing(rule);
        HttpIo.sleep(timing.extra());
        if (rule.fault() == Rule.Fault.HANG) {
            server.hang();
        }
        if (rule.error() != null) {
            HttpIo.sendError(exchange, rule.error());
            return;
        }
        Completion completion = complete(rule, request);
        if (request.stream()) {
            stream(exchange, request, rule, timing, completion);
        } else {
            single(exchange, request, rule, timing, completion);
        }
    }

    /** What the assistant says, after stop sequences and the token limit. */
    record Completion(String text, List<ToolCall> toolCalls, String finishReason, int completionTokens) {}

    static Completion complete(Rule rule, ChatRequest request) {
        String text;
        if (rule.text() != null) {
            text = rule.text().replace("{{lastMessage}}", request.lastText()).replace("{{model}}", request.model());
        } else if (rule.toolCalls().isEmpty()) {
            text = defaultText(request);
        } else {
            text = null;
        }
        String finishReason = "stop";
        if (text != null) {
            int cut = text.length();
            for (String stop : request.stop()) {
                int at = text.indexOf(stop);
                if (at >= 0 && at < cut) {
                    cut = at;
                }
            }
            text = text.substring(0, cut);
            if (request.maxTokens() != null && MockTokenizer.count(text) > request.maxTokens()) {
                text = MockTokenizer.truncate(text, request.maxTokens());
                finishReason = "length";
            }
        }
        List<ToolCall> calls = new ArrayList<>();
        int tokens = MockTokenizer.count(text);
        for (ToolCall call : rule.toolCalls()) {
            String id = call.id() != null ? call.id() : HttpIo.randomId("call_", 24);
            calls.add(new ToolCall(id, call.name(), call.arguments()));
            tokens += MockTokenizer.count(call.name()) + MockTokenizer.count(call.arguments());
        }
        if (!calls.isEmpty()) {
            finishReason = "tool_calls";
        }
        return new Completion(text, List.copyOf(calls), finishReason, tokens);
    }

    private static String defaultText(ChatRequest request) {
        String text;
        if ("tool".equals(request.lastRole())) {
            text = "mock answer using the tool result: " + request.lastText();
        } else {
            String question = request.lastUserText() != null ? request.lastUserText() : request.lastText();
            text = "mock answer to: " + question;
        }
        if (request.jsonMode()) {
            ObjectNode json = Json.MAPPER.createObjectNode();
            json.put("answer", text);
            return Json.MAPPER.writeValueAsString(json);
        }
        return text;
    }

    private void single(HttpExchange exchange, ChatRequest request, Rule rule, Timing timing, Completion completion)
            throws IOException {
        int tokens = completion.completionTokens();
        HttpIo.sleep(timing.timeToFirstToken().plus(timing.tokenDelay().multipliedBy(Math.max(0, tokens - 1))));
        ObjectNode response = Json.MAPPER.createObjectNode();
        response.put("id", HttpIo.randomId("chatcmpl-", 29));
        response.put("object", "chat.completion");
        response.put("created", System.currentTimeMillis() / 1000);
        response.put("model", request.model());
        ObjectNode choice = response.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        if (completion.text() == null) {
            message.putNull("content");
        } else {
            message.put("content", completion.text());
        }
        message.putNull("refusal");
        if (!completion.toolCalls().isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            for (ToolCall call : completion.toolCalls()) {
                ObjectNode c = calls.addObject();
                c.put("id", call.id());
                c.put("type", "function");
                ObjectNode function = c.putObject("function");
                function.put("name", call.name());
                function.put("arguments", call.arguments());
            }
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", completion.finishReason());
        response.set("usage", usage(request, completion));
        response.put("system_fingerprint", "fp_mock");
        if (rule.fault() == Rule.Fault.DISCONNECT) {
            byte[] bytes = Json.MAPPER.writeValueAsBytes(response);
            if (rule.disconnectAfterChunks() == 0) {
                throw new AbortConnection("scripted disconnect before the response");
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            OutputStream out = exchange.getResponseBody();
            out.write(bytes, 0, bytes.length / 2);
            out.flush();
            throw new AbortConnection("scripted disconnect in the middle of the body");
        }
        HttpIo.sendJson(exchange, 200, response);
    }

    private void stream(HttpExchange exchange, ChatRequest request, Rule rule, Timing timing, Completion completion)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        int disconnectAfter = rule.fault() == Rule.Fault.DISCONNECT ? rule.disconnectAfterChunks() : -1;
        if (disconnectAfter == 0) {
            // Headers only, then the connection dies: the client sees an empty, unterminated stream.
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().flush();
            throw new AbortConnection("scripted disconnect after 0 chunks");
        }
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        // Some clients only see a stream as open once bytes arrive: send a comment line at once.
        out.write(": mock-llm stream\n\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        ChunkWriter writer = new ChunkWriter(
                out,
                disconnectAfter,
                HttpIo.randomId("chatcmpl-", 29),
                System.currentTimeMillis() / 1000,
                request.model(),
                request.includeUsage());
        HttpIo.sleep(timing.timeToFirstToken());
        boolean first = true;
        if (completion.text() != null) {
            ObjectNode delta = Json.MAPPER.createObjectNode();
            delta.put("role", "assistant");
            delta.put("content", "");
            delta.putNull("refusal");
            writer.write(delta, null);
            for (String piece : MockTokenizer.pieces(completion.text())) {
                if (!first) {
                    HttpIo.sleep(timing.tokenDelay());
                }
                first = false;
                ObjectNode d = Json.MAPPER.createObjectNode();
                d.put("content", piece);
                writer.write(d, null);
            }
        }
        for (int index = 0; index < completion.toolCalls().size(); index++) {
            ToolCall call = completion.toolCalls().get(index);
            if (!first) {
                HttpIo.sleep(timing.tokenDelay());
            }
            first = false;
            ObjectNode delta = Json.MAPPER.createObjectNode();
            if (index == 0 && completion.text() == null) {
                delta.put("role", "assistant");
                delta.putNull("content");
            }
            ObjectNode head = delta.putArray("tool_calls").addObject();
            head.put("index", index);
            head.put("id", call.id());
            head.put("type", "function");
            ObjectNode function = head.putObject("function");
            function.put("name", call.name());
            function.put("arguments", "");
            writer.write(delta, null);
            for (String fragment : MockTokenizer.pieces(call.arguments())) {
                HttpIo.sleep(timing.tokenDelay());
                ObjectNode d = Json.MAPPER.createObjectNode();
                ObjectNode part = d.putArray("tool_calls").addObject();
                part.put("index", index);
                part.putObject("function").put("arguments", fragment);
                writer.write(d, null);
            }
        }
        writer.write(Json.MAPPER.createObjectNode(), completion.finishReason());
        if (request.includeUsage()) {
            writer.writeUsage(usage(request, completion));
        }
        writer.done();
        out.close();
    }

    private static ObjectNode usage(ChatRequest request, Completion completion) {
        int prompt = MockTokenizer.countPrompt(request.messageTexts());
        ObjectNode usage = Json.MAPPER.createObjectNode();
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", completion.completionTokens());
        usage.put("total_tokens", prompt + completion.completionTokens());
        usage.putObject("prompt_tokens_details").put("cached_tokens", 0);
        usage.putObject("completion_tokens_details").put("reasoning_tokens", 0);
        return usage;
    }

    /** Latency settings in effect for one request: the rule's overrides, else the server's. */
    record Timing(Duration timeToFirstToken, Duration tokenDelay, Duration extra) {}

    /** Writes {@code chat.completion.chunk} events and counts them, so a scripted disconnect hits the right one. */
    private static final class ChunkWriter {

        private final OutputStream out;
        private final int disconnectAfter;
        private final String id;
        private final long created;
        private final String model;
        private final boolean includeUsage;
        private int written;

        ChunkWriter(
                OutputStream out, int disconnectAfter, String id, long created, String model, boolean includeUsage) {
            this.out = out;
            this.disconnectAfter = disconnectAfter;
            this.id = id;
            this.created = created;
            this.model = model;
            this.includeUsage = includeUsage;
        }

        private ObjectNode chunk() {
            ObjectNode chunk = Json.MAPPER.createObjectNode();
            chunk.put("id", id);
            chunk.put("object", "chat.completion.chunk");
            chunk.put("created", created);
            chunk.put("model", model);
            chunk.put("system_fingerprint", "fp_mock");
            return chunk;
        }

        void write(ObjectNode delta, String finishReason) throws IOException {
            ObjectNode chunk = chunk();
            ObjectNode choice = chunk.putArray("choices").addObject();
            choice.put("index", 0);
            choice.set("delta", delta);
            choice.putNull("logprobs");
            if (finishReason == null) {
                choice.putNull("finish_reason");
            } else {
                choice.put("finish_reason", finishReason);
            }
            if (includeUsage) {
                chunk.putNull("usage");
            }
            send("data: " + Json.MAPPER.writeValueAsString(chunk) + "\n\n");
        }

        void writeUsage(ObjectNode usage) throws IOException {
            ObjectNode chunk = chunk();
            chunk.putArray("choices");
            chunk.set("usage", usage);
            send("data: " + Json.MAPPER.writeValueAsString(chunk) + "\n\n");
        }

        void done() throws IOException {
            checkDisconnect();
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        private void send(String event) throws IOException {
            checkDisconnect();
            out.write(event.getBytes(StandardCharsets.UTF_8));
            out.flush();
            written++;
        }

        private void checkDisconnect() throws IOException {
            if (disconnectAfter >= 0 && written >= disconnectAfter) {
                out.flush();
                // Give pull-based clients a moment to take the chunks already sent before the connection breaks, so
                // tests that check "what arrived before the failure" are not racy.
                HttpIo.sleep(DISCONNECT_GRACE);
                throw new AbortConnection("scripted disconnect after " + written + " chunks");
            }
        }
    }
}
