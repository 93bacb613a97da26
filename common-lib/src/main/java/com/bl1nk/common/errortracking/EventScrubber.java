package com.bl1nk.common.errortracking;

import io.sentry.Hint;
import io.sentry.SentryEvent;
import io.sentry.SentryOptions;
import io.sentry.protocol.Message;
import io.sentry.protocol.Request;
import io.sentry.protocol.SentryException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Runs on every event before it leaves the process: drops what may carry user content or credentials (request
 * bodies, cookies, headers that authenticate, user data, breadcrumbs, log arguments, extras) and masks secrets that
 * slipped into messages, exception values and tags (API keys, bearer tokens, JWTs, provider keys, PEM blocks,
 * {@code password=...} pairs, passwords in URLs). Prompts reach logs only as arguments, so sending the log template
 * without its arguments keeps them out.
 */
public final class EventScrubber implements SentryOptions.BeforeSendCallback {

    /** Placeholder for anything removed. */
    public static final String REDACTED = "[redacted]";

    /** Longest exception value or message sent; the rest is cut. */
    static final int MAX_TEXT = 500;

    /** Headers kept on a request (everything else is dropped). */
    private static final Set<String> SAFE_HEADERS =
            Set.of("content-type", "content-length", "accept", "user-agent", "traceparent", "x-request-id");

    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("-----BEGIN [A-Z0-9 ]+-----[\\s\\S]*?(-----END [A-Z0-9 ]+-----|$)"), REDACTED),
            new Rule(Pattern.compile("(?i)\\bBearer\\s+[A-Za-z0-9._~+/=-]+"), "Bearer " + REDACTED),
            new Rule(Pattern.compile("(?i)\\bBasic\\s+[A-Za-z0-9+/=]{8,}"), "Basic " + REDACTED),
            new Rule(Pattern.compile("\\bbl1nk_[A-Za-z0-9]+_[A-Za-z0-9_-]+"), REDACTED),
            new Rule(Pattern.compile("\\beyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*"), REDACTED),
            new Rule(Pattern.compile("\\bsk-[A-Za-z0-9_-]{8,}"), REDACTED),
            new Rule(Pattern.compile("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b"), REDACTED),
            new Rule(Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{20,}"), REDACTED),
            new Rule(Pattern.compile("://[^/\\s:@]+:[^/\\s@]+@"), "://" + REDACTED + "@"),
            new Rule(
                    Pattern.compile(
                            "(?i)\\b(password|passwd|secret|api[_-]?key|access[_-]?key|token|authorization|credentials?)"
                                    + "(\"?\\s*[=:]\\s*\"?)[^\\s\",;&}]+"),
                    "$1$2" + REDACTED));

    @Override
    public SentryEvent execute(SentryEvent event, Hint hint) {
        Message message = event.getMessage();
        if (message != null) {
            // the template only: arguments are where request content and prompts would be
            String template = message.getMessage() != null ? message.getMessage() : message.getFormatted();
            Message safe = new Message();
            safe.setMessage(scrub(template));
            safe.setFormatted(scrub(template));
            event.setMessage(safe);
        }
        if (event.getExceptions() != null) {
            for (SentryException exception : event.getExceptions()) {
                exception.setValue(scrub(exception.getValue()));
            }
        }
        event.setRequest(scrub(event.getRequest()));
        event.setUser(null);
        event.setBreadcrumbs(new ArrayList<>());
        event.setExtras(new LinkedHashMap<>());
        if (event.getTags() != null) {
            Map<String, String> tags = new LinkedHashMap<>();
            event.getTags().forEach((k, v) -> tags.put(k, sensitiveName(k) ? REDACTED : scrub(v)));
            event.setTags(tags);
        }
        Object mdc = event.getContexts().get("MDC");
        if (mdc instanceof Map<?, ?> values) {
            Map<String, Object> safe = new LinkedHashMap<>();
            values.forEach((k, v) -> safe.put(
                    String.valueOf(k), sensitiveName(String.valueOf(k)) ? REDACTED : scrub(String.valueOf(v))));
            event.getContexts().put("MDC", safe);
        }
        return event;
    }

    /** Masks every known secret shape in {@code text} and cuts it to {@value #MAX_TEXT} characters. */
    public static String scrub(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (Rule rule : RULES) {
            result = rule.pattern().matcher(result).replaceAll(rule.replacement());
        }
        return result.length() > MAX_TEXT ? result.substring(0, MAX_TEXT) + "…" : result;
    }

    private static Request scrub(Request request) {
        if (request == null) {
            return null;
        }
        Request safe = new Request();
        safe.setMethod(request.getMethod());
        safe.setUrl(scrub(request.getUrl()));
        if (request.getHeaders() != null) {
            Map<String, String> headers = new LinkedHashMap<>();
            request.getHeaders().forEach((name, value) -> {
                if (SAFE_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    headers.put(name, scrub(value));
                }
            });
            safe.setHeaders(headers);
        }
        // no body, no cookies, no query string (it may hold tokens), no environment
        return safe;
    }

    private static boolean sensitiveName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("auth")
                || n.contains("token")
                || n.contains("secret")
                || n.contains("password")
                || n.contains("key")
                || n.contains("cookie")
                || n.contains("prompt");
    }

    private record Rule(Pattern pattern, String replacement) {}
}
