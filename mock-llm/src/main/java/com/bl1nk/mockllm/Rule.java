package com.bl1nk.mockllm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One scripted behaviour: when a request matches, the mock answers with this rule's reply, error or fault.
 *
 * <p>Rules are immutable; every builder method returns a changed copy. Rules are tried in order and the first match
 * wins; a rule limited with {@link #times(int)} stops matching after that many uses, so later rules take over
 * ("fail twice, then succeed"). A rule without a text, tool call or error answers with the default echo text.
 *
 * <pre>{@code
 * server.setRules(List.of(
 *     Rule.whenLastMessageContains("weather").fromRole("user").replyToolCall("get_weather", "{\"city\":\"Paris\"}"),
 *     Rule.always().replyError(429, 1).times(2)));
 * }</pre>
 */
public final class Rule {

    /** Which endpoint a rule applies to. */
    public enum Endpoint {
        /** {@code /v1/chat/completions} (the default). */
        CHAT,
        /** {@code /v1/embeddings}; only errors and faults apply, the matched text is the inputs joined by newlines. */
        EMBEDDINGS,
        /** Both. */
        ANY
    }

    /** What goes wrong on purpose instead of (or in the middle of) a normal answer. */
    public enum Fault {
        /** No fault. */
        NONE,
        /** Never answer; the connection is dropped only when the server is reset or closed (or after the hang limit). */
        HANG,
        /** Close the connection abruptly after a number of SSE chunks (streaming) or mid-body (non-streaming). */
        DISCONNECT
    }

    private String name;
    private String contains;
    private Pattern pattern;
    private String role;
    private String model;
    private Map<String, String> headers = Map.of();
    private Endpoint endpoint = Endpoint.CHAT;
    private int times;
    private String text;
    private List<ToolCall> toolCalls = List.of();
    private ErrorReply error;
    private Fault fault = Fault.NONE;
    private int disconnectAfterChunks;
    private Duration timeToFirstToken;
    private Duration tokenDelay;
    private Duration extraLatency;

    private Rule() {}

    private Rule copy() {
        Rule r = new Rule();
        r.name = name;
        r.contains = contains;
        r.pattern = pattern;
        r.role = role;
        r.model = model;
        r.headers = headers;
        r.endpoint = endpoint;
        r.times = times;
        r.text = text;
        r.toolCalls = toolCalls;
        r.error = error;
        r.fault = fault;
        r.disconnectAfterChunks = disconnectAfterChunks;
        r.timeToFirstToken = timeToFirstToken;
        r.tokenDelay = tokenDelay;
        r.extraLatency = extraLatency;
        return r;
    }

    /** Matches every request (of the rule's endpoint). */
    public static Rule always() {
        return new Rule();
    }

    /** Matches when the last message's text contains {@code fragment}, ignoring case. */
    public static Rule whenLastMessageContains(String fragment) {
        Objects.requireNonNull(fragment, "fragment");
        Rule r = new Rule();
        r.contains = fragment;
        return r;
    }

    /** Matches when the regular expression is found in the last message's text. */
    public static Rule whenLastMessageMatches(String regex) {
        Rule r = new Rule();
        r.pattern = Pattern.compile(regex);
        return r;
    }

    /** Also requires the last message's text to contain {@code fragment} (ignoring case). */
    public Rule andContains(String fragment) {
        Rule r = copy();
        r.contains = Objects.requireNonNull(fragment, "fragment");
        return r;
    }

    /** Also requires the regular expression to be found in the last message's text. */
    public Rule andMatches(String regex) {
        Rule r = copy();
        r.pattern = Pattern.compile(regex);
        return r;
    }

    /** A name shown in the control plane and logs. */
    public Rule named(String name) {
        Rule r = copy();
        r.name = name;
        return r;
    }

    /** Only when the last message has this role ({@code user}, {@code tool}, ...). */
    public Rule fromRole(String role) {
        Rule r = copy();
        r.role = role == null ? null : role.toLowerCase(Locale.ROOT);
        return r;
    }

    /** Only when the request's {@code model} equals this. */
    public Rule forModel(String model) {
        Rule r = copy();
        r.model = model;
        return r;
    }

    /** Only when the request carries this header with exactly this value (header name ignores case). */
    public Rule whenHeader(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Rule r = copy();
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name.toLowerCase(Locale.ROOT), value);
        r.headers = Collections.unmodifiableMap(copy);
        return r;
    }

    /** Applies the rule to embeddings requests instead of chat completions. */
    public Rule onEmbeddings() {
        return on(Endpoint.EMBEDDINGS);
    }

    /** Applies the rule to the given endpoint(s). */
    public Rule on(Endpoint endpoint) {
        Rule r = copy();
        r.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        return r;
    }

    /**
     * Answers with this text. {@code {{lastMessage}}} and {@code {{model}}} are replaced by the last message's text and
     * the requested model.
     */
    public Rule replyText(String text) {
        Rule r = copy();
        r.text = Objects.requireNonNull(text, "text");
        return r;
    }

    /** Answers with a call of this function (added to any calls already scripted on this rule). */
    public Rule replyToolCall(String name, String argumentsJson) {
        return replyToolCalls(ToolCall.of(name, argumentsJson));
    }

    /** Answers with these function calls (added to any calls already scripted on this rule). */
    public Rule replyToolCalls(ToolCall... calls) {
        Rule r = copy();
        List<ToolCall> all = new ArrayList<>(toolCalls);
        all.addAll(List.of(calls));
        r.toolCalls = List.copyOf(all);
        return r;
    }

    /** Answers with this HTTP error status in OpenAI's error shape. */
    public Rule replyError(int status) {
        return replyError(ErrorReply.of(status, null));
    }

    /** Answers with this HTTP error status and a {@code Retry-After} header. */
    public Rule replyError(int status, int retryAfterSeconds) {
        return replyError(ErrorReply.of(status, retryAfterSeconds));
    }

    /** Answers with this error. */
    public Rule replyError(ErrorReply error) {
        Rule r = copy();
        r.error = Objects.requireNonNull(error, "error");
        return r;
    }

    /** Applies only to the first {@code n} matching requests; later ones fall through to the next rules. */
    public Rule times(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("times must be >= 1");
        }
        Rule r = copy();
        r.times = n;
        return r;
    }

    /**
     * Drops the connection abruptly: a stream after {@code chunks} SSE events (never sending {@code [DONE]}); a
     * non-streaming answer before any byte when {@code chunks} is 0, else in the middle of the body.
     */
    public Rule disconnectAfterChunks(int chunks) {
        if (chunks < 0) {
            throw new IllegalArgumentException("chunks must be >= 0");
        }
        Rule r = copy();
        r.fault = Fault.DISCONNECT;
        r.disconnectAfterChunks = chunks;
        return r;
    }

    /** Never answers (until the client gives up, or the server is reset or closed). */
    public Rule hang() {
        Rule r = copy();
        r.fault = Fault.HANG;
        return r;
    }

    /** Time to first token for this rule, overriding the server default. */
    public Rule timeToFirstToken(Duration delay) {
        Rule r = copy();
        r.timeToFirstToken = nonNegative(delay);
        return r;
    }

    /** Delay between streamed tokens for this rule, overriding the server default. */
    public Rule tokenDelay(Duration delay) {
        Rule r = copy();
        r.tokenDelay = nonNegative(delay);
        return r;
    }

    /** Fixed latency before anything is sent for this rule, overriding the server default. */
    public Rule extraLatency(Duration delay) {
        Rule r = copy();
        r.extraLatency = nonNegative(delay);
        return r;
    }

    private static Duration nonNegative(Duration d) {
        Objects.requireNonNull(d, "delay");
        if (d.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative");
        }
        return d;
    }

    boolean matches(MatchInput in) {
        if (endpoint != Endpoint.ANY && endpoint != in.endpoint()) {
            return false;
        }
        String lastText = in.lastMessageText() == null ? "" : in.lastMessageText();
        if (contains != null && !lastText.toLowerCase(Locale.ROOT).contains(contains.toLowerCase(Locale.ROOT))) {
            return false;
        }
        if (pattern != null && !pattern.matcher(lastText).find()) {
            return false;
        }
        if (role != null && !role.equalsIgnoreCase(in.lastMessageRole())) {
            return false;
        }
        if (model != null && !model.equals(in.model())) {
            return false;
        }
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (!h.getValue().equals(in.header(h.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** The rule's name, or null. */
    public String name() {
        return name;
    }

    String contains() {
        return contains;
    }

    Pattern pattern() {
        return pattern;
    }

    String role() {
        return role;
    }

    String model() {
        return model;
    }

    Map<String, String> headers() {
        return headers;
    }

    Endpoint endpoint() {
        return endpoint;
    }

    /** How many matches the rule applies to, 0 for unlimited. */
    public int times() {
        return times;
    }

    String text() {
        return text;
    }

    List<ToolCall> toolCalls() {
        return toolCalls;
    }

    ErrorReply error() {
        return error;
    }

    Fault fault() {
        return fault;
    }

    int disconnectAfterChunks() {
        return disconnectAfterChunks;
    }

    Duration timeToFirstTokenOverride() {
        return timeToFirstToken;
    }

    Duration tokenDelayOverride() {
        return tokenDelay;
    }

    Duration extraLatencyOverride() {
        return extraLatency;
    }

    @Override
    public String toString() {
        return RulesJson.toJson(this).toString();
    }

    /** What a rule looks at in a request. */
    record MatchInput(
            Endpoint endpoint,
            String model,
            String lastMessageRole,
            String lastMessageText,
            Map<String, List<String>> requestHeaders) {

        String header(String lowerCaseName) {
            for (Map.Entry<String, List<String>> e : requestHeaders.entrySet()) {
                if (e.getKey().equalsIgnoreCase(lowerCaseName) && !e.getValue().isEmpty()) {
                    return e.getValue().getFirst();
                }
            }
            return null;
        }
    }
}
