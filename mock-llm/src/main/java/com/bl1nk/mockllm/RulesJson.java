package com.bl1nk.mockllm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.PatternSyntaxException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes rules as JSON, so rule sets live in files ({@code --rules=...}) and travel over the control plane.
 *
 * <p>A rules document is either an array of rules or {@code {"rules": [...]}}. One rule:
 *
 * <pre>{@code
 * {
 *   "name": "weather tool",
 *   "when": {"lastMessageContains": "weather", "lastMessageMatches": "(?i)paris", "role": "user",
 *            "model": "mock-gpt", "headers": {"X-Scenario": "tools"}, "endpoint": "chat"},
 *   "times": 2,
 *   "reply": {"text": "..."}
 *          | {"toolCalls": [{"name": "get_weather", "arguments": {"city": "Paris"}, "id": "call_1"}]}
 *          | {"error": {"status": 429, "retryAfterSeconds": 1, "message": "...", "type": "...", "code": "..."}},
 *   "fault": {"hang": true} | {"disconnectAfterChunks": 3},
 *   "latency": {"timeToFirstTokenMs": 200, "tokenDelayMs": 20, "extraMs": 0}
 * }
 * }</pre>
 *
 * Every part is optional; unknown fields are rejected so typos do not silently match everything.
 */
public final class RulesJson {

    private static final Set<String> RULE_FIELDS = Set.of("name", "when", "times", "reply", "fault", "latency");
    private static final Set<String> WHEN_FIELDS =
            Set.of("lastMessageContains", "lastMessageMatches", "role", "model", "headers", "endpoint");
    private static final Set<String> REPLY_FIELDS = Set.of("text", "toolCalls", "error");
    private static final Set<String> TOOL_FIELDS = Set.of("id", "name", "arguments");
    private static final Set<String> ERROR_FIELDS = Set.of("status", "retryAfterSeconds", "message", "type", "code");
    private static final Set<String> FAULT_FIELDS = Set.of("hang", "disconnectAfterChunks");
    private static final Set<String> LATENCY_FIELDS = Set.of("timeToFirstTokenMs", "tokenDelayMs", "extraMs");

    /** Classpath location of the rules the offline demo uses when no rules are given. */
    public static final String DEMO_RULES_RESOURCE = "/demo-rules.json";

    private RulesJson() {}

    /** Parses a rules document; throws {@link IllegalArgumentException} with a readable message when it is invalid. */
    public static List<Rule> parse(String json) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("rules are not valid JSON: " + e.getOriginalMessage());
        }
        return parse(root);
    }

    /** Parses an already-read rules document. */
    public static List<Rule> parse(JsonNode root) {
        JsonNode array = root;
        if (root != null && root.isObject()) {
            requireOnly(root, Set.of("rules"), "rules document");
            array = root.get("rules");
        }
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("rules must be a JSON array or an object {\"rules\": [...]}");
        }
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            try {
                rules.add(parseRule(array.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("rules[" + i + "]: " + e.getMessage(), e);
            }
        }
        return List.copyOf(rules);
    }

    /** Reads a rules file. */
    public static List<Rule> load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rules file " + file, e);
        }
    }

    /** The demo rules shipped in the jar. */
    public static List<Rule> demoRules() {
        try (InputStream in = RulesJson.class.getResourceAsStream(DEMO_RULES_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEMO_RULES_RESOURCE + " is missing from the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Rule parseRule(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("a rule must be a JSON object");
        }
        requireOnly(node, RULE_FIELDS, "rule");
        Rule rule = Rule.always();
        JsonNode when = node.get("when");
        if (when != null && !when.isNull()) {
            rule = parseWhen(rule, when);
        }
        if (node.hasNonNull("name")) {
            rule = rule.named(string(node, "name"));
        }
        if (node.hasNonNull("times")) {
            rule = rule.times(positiveInt(node, "times"));
        }
        JsonNode reply = node.get("reply");
        if (reply != null && !reply.isNull()) {
            rule = parseReply(rule, reply);
        }
        JsonNode fault = node.get("fault");
        if (fault != null && !fault.isNull()) {
            requireObject(fault, "fault");
            requireOnly(fault, FAULT_FIELDS, "fault");
            if (fault.path("hang").asBoolean(false)) {
                rule = rule.hang();
            }
            if (fault.hasNonNull("disconnectAfterChunks")) {
                rule = rule.disconnectAfterChunks(nonNegativeInt(fault, "disconnectAfterChunks"));
            }
        }
        JsonNode latency = node.get("latency");
        if (latency != null && !latency.isNull()) {
            requireObject(latency, "latency");
            requireOnly(latency, LATENCY_FIELDS, "latency");
            if (latency.hasNonNull("timeToFirstTokenMs")) {
                rule = rule.timeToFirstToken(Duration.ofMillis(nonNegativeInt(latency, "timeToFirstTokenMs")));
            }
            if (latency.hasNonNull("tokenDelayMs")) {
                rule = rule.tokenDelay(Duration.ofMillis(nonNegativeInt(latency, "tokenDelayMs")));
            }
            if (latency.hasNonNull("extraMs")) {
                rule = rule.extraLatency(Duration.ofMillis(nonNegativeInt(latency, "extraMs")));
            }
        }
        return rule;
    }

    private static Rule parseWhen(Rule rule, JsonNode when) {
        requireObject(when, "when");
        requireOnly(when, WHEN_FIELDS, "when");
        if (when.hasNonNull("lastMessageContains")) {
            rule = rule.andContains(string(when, "lastMessageContains"));
        }
        if (when.hasNonNull("lastMessageMatches")) {
            try {
                rule = rule.andMatches(string(when, "lastMessageMatches"));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("when.lastMessageMatches is not a valid regex: " + e.getMessage());
            }
        }
        if (when.hasNonNull("role")) {
            rule = rule.fromRole(string(when, "role"));
        }
        if (when.hasNonNull("model")) {
            rule = rule.forModel(string(when, "model"));
        }
        JsonNode headers = when.get("headers");
        if (headers != null && !headers.isNull()) {
            requireObject(headers, "when.headers");
            for (Map.Entry<String, JsonNode> h : headers.properties()) {
                if (!h.getValue().isString()) {
                    throw new IllegalArgumentException("when.headers." + h.getKey() + " must be a string");
                }
                rule = rule.whenHeader(h.getKey(), h.getValue().stringValue());
            }
        }
        if (when.hasNonNull("endpoint")) {
            String endpoint = string(when, "endpoint");
            rule = switch (endpoint) {
                case "chat" -> rule.on(Rule.Endpoint.CHAT);
                case "embeddings" -> rule.on(Rule.Endpoint.EMBEDDINGS);
                case "any" -> rule.on(Rule.Endpoint.ANY);
                default -> throw new IllegalArgumentException("when.endpoint must be chat, embeddings or any");
            };
        }
        return rule;
    }

    private static Rule parseReply(Rule rule, JsonNode reply) {
        requireObject(reply, "reply");
        requireOnly(reply, REPLY_FIELDS, "reply");
        if (reply.hasNonNull("text")) {
            rule = rule.replyText(string(reply, "text"));
        }
        JsonNode calls = reply.get("toolCalls");
        if (calls != null && !calls.isNull()) {
            if (!calls.isArray()) {
                throw new IllegalArgumentException("reply.toolCalls must be an array");
            }
            for (JsonNode call : calls) {
                requireObject(call, "reply.toolCalls[]");
                requireOnly(call, TOOL_FIELDS, "reply.toolCalls[]");
                String name = string(call, "name");
                if (name == null || name.isBlank()) {
                    throw new IllegalArgumentException("reply.toolCalls[].name is required");
                }
                JsonNode args = call.get("arguments");
                String argsJson;
                if (args == null || args.isNull()) {
                    argsJson = "{}";
                } else if (args.isString()) {
                    argsJson = args.stringValue();
                } else {
                    argsJson = Json.MAPPER.writeValueAsString(args);
                }
                String id = call.hasNonNull("id") ? string(call, "id") : null;
                rule = rule.replyToolCalls(new ToolCall(id, name, argsJson));
            }
        }
        JsonNode error = reply.get("error");
        if (error != null && !error.isNull()) {
            requireObject(error, "reply.error");
            requireOnly(error, ERROR_FIELDS, "reply.error");
            if (!error.path("status").isInt()) {
                throw new IllegalArgumentException("reply.error.status must be an integer 400..599");
            }
            Integer retryAfter =
                    error.hasNonNull("retryAfterSeconds") ? nonNegativeInt(error, "retryAfterSeconds") : null;
            rule = rule.replyError(new ErrorReply(
                    error.get("status").intValue(),
                    error.hasNonNull("message") ? string(error, "message") : null,
                    error.hasNonNull("type") ? string(error, "type") : null,
                    error.hasNonNull("code") ? string(error, "code") : null,
                    retryAfter));
        }
        return rule;
    }

    /** The JSON form of a rule (the same shape {@link #parse(String)} reads). */
    public static ObjectNode toJson(Rule rule) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        if (rule.name() != null) {
            node.put("name", rule.name());
        }
        ObjectNode when = Json.MAPPER.createObjectNode();
        if (rule.contains() != null) {
            when.put("lastMessageContains", rule.contains());
        }
        if (rule.pattern() != null) {
            when.put("lastMessageMatches", rule.pattern().pattern());
        }
        if (rule.role() != null) {
            when.put("role", rule.role());
        }
        if (rule.model() != null) {
            when.put("model", rule.model());
        }
        if (!rule.headers().isEmpty()) {
            ObjectNode headers = when.putObject("headers");
            rule.headers().forEach(headers::put);
        }
        if (rule.endpoint() != Rule.Endpoint.CHAT) {
            when.put("endpoint", rule.endpoint().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (!when.isEmpty()) {
            node.set("when", when);
        }
        if (rule.times() > 0) {
            node.put("times", rule.times());
        }
        ObjectNode reply = Json.MAPPER.createObjectNode();
        if (rule.text() != null) {
            reply.put("text", rule.text());
        }
        if (!rule.toolCalls().isEmpty()) {
            ArrayNode calls = reply.putArray("toolCalls");
            for (ToolCall call : rule.toolCalls()) {
                ObjectNode c = calls.addObject();
                if (call.id() != null) {
                    c.put("id", call.id());
                }
                c.put("name", call.name());
                c.put("arguments", call.arguments());
            }
        }
        if (rule.error() != null) {
            ErrorReply e = rule.error();
            ObjectNode error = reply.putObject("error");
            error.put("status", e.status());
            if (e.retryAfterSeconds() != null) {
                error.put("retryAfterSeconds", e.retryAfterSeconds());
            }
            error.put("message", e.message());
            error.put("type", e.type());
            if (e.code() != null) {
                error.put("code", e.code());
            }
        }
        if (!reply.isEmpty()) {
            node.set("reply", reply);
        }
        if (rule.fault() == Rule.Fault.HANG) {
            node.putObject("fault").put("hang", true);
        } else if (rule.fault() == Rule.Fault.DISCONNECT) {
            node.putObject("fault").put("disconnectAfterChunks", rule.disconnectAfterChunks());
        }
        ObjectNode latency = Json.MAPPER.createObjectNode();
        if (rule.timeToFirstTokenOverride() != null) {
            latency.put("timeToFirstTokenMs", rule.timeToFirstTokenOverride().toMillis());
        }
        if (rule.tokenDelayOverride() != null) {
            latency.put("tokenDelayMs", rule.tokenDelayOverride().toMillis());
        }
        if (rule.extraLatencyOverride() != null) {
            latency.put("extraMs", rule.extraLatencyOverride().toMillis());
        }
        if (!latency.isEmpty()) {
            node.set("latency", latency);
        }
        return node;
    }

    private static void requireObject(JsonNode node, String what) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(what + " must be a JSON object");
        }
    }

    private static void requireOnly(JsonNode node, Set<String> allowed, String what) {
        for (String field : node.propertyNames()) {
            if (!allowed.contains(field)) {
                throw new IllegalArgumentException(
                        "unknown field '" + field + "' in " + what + " (allowed: " + String.join(", ", allowed) + ")");
            }
        }
    }

    private static String string(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return value.stringValue();
    }

    private static int positiveInt(JsonNode node, String field) {
        int value = nonNegativeInt(node, field);
        if (value < 1) {
            throw new IllegalArgumentException(field + " must be >= 1");
        }
        return value;
    }

    private static int nonNegativeInt(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isInt() || value.intValue() < 0) {
            throw new IllegalArgumentException(field + " must be a non-negative integer");
        }
        return value.intValue();
    }
}
