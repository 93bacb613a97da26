package com.bl1nk.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A browser as far as a login needs one: follows no redirect by itself (the test looks at each hop), and keeps cookies
 * per origin (host and port), since the gateway and the OIDC provider share 127.0.0.1.
 */
public final class Browser {

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final Map<String, Map<String, String>> cookies = new HashMap<>();

    /** GET {@code url} with this browser's cookies for its origin. */
    public HttpResponse<String> get(String url) {
        return send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Accept", "text/html,*/*;q=0.8")
                        .GET(),
                url);
    }

    /** POST a form to {@code url}. */
    public HttpResponse<String> postForm(String url, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body)),
                url);
    }

    /** Sends {@code json} with {@code method} to {@code url}, with the session's CSRF token when given. */
    public HttpResponse<String> sendJson(String method, String url, String json, String csrfToken) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
        if (csrfToken != null) {
            builder.header("X-CSRF-Token", csrfToken);
        }
        return send(builder, url);
    }

    /** The cookies this browser holds for the origin of {@code url}. */
    public Map<String, String> cookies(String url) {
        return Map.copyOf(cookies.getOrDefault(origin(URI.create(url)), Map.of()));
    }

    /** Forgets one cookie of an origin (as if another browser came back). */
    public void dropCookie(String url, String name) {
        cookies.getOrDefault(origin(URI.create(url)), new HashMap<>()).remove(name);
    }

    /** The absolute {@code Location} of a redirect. */
    public static String location(HttpResponse<?> response) {
        String location = response.headers()
                .firstValue("Location")
                .orElseThrow(() ->
                        new AssertionError("No Location in " + response.statusCode() + " from " + response.uri()));
        return response.uri().resolve(location).toString();
    }

    private HttpResponse<String> send(HttpRequest.Builder builder, String url) {
        URI uri = URI.create(url);
        Map<String, String> jar = cookies.computeIfAbsent(origin(uri), o -> new LinkedHashMap<>());
        if (!jar.isEmpty()) {
            builder.header(
                    "Cookie",
                    jar.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining("; ")));
        }
        try {
            HttpResponse<String> response =
                    http.send(builder.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            for (String header : response.headers().allValues("Set-Cookie")) {
                String pair = header.split(";", 2)[0];
                int eq = pair.indexOf('=');
                String name = pair.substring(0, eq).strip();
                String value = pair.substring(eq + 1).strip();
                if (value.isEmpty() || header.toLowerCase().contains("max-age=0")) {
                    jar.remove(name);
                } else {
                    jar.put(name, value);
                }
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String origin(URI uri) {
        return uri.getHost() + ":" + uri.getPort();
    }
}
