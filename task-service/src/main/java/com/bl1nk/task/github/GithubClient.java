package com.bl1nk.task.github;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The few GitHub REST calls bl1nk makes, authenticated as a GitHub App installation; rate limits surface as
 * {@link GithubApiException#retryAt()} so callers reschedule instead of blocking a thread.
 */
class GithubClient {

    private static final Duration TOKEN_REFRESH_MARGIN = Duration.ofMinutes(5);
    private static final Duration SECONDARY_LIMIT_BACKOFF = Duration.ofSeconds(60);
    private static final int MAX_PAGES = 10;

    private final GithubProperties properties;
    private final Clock clock;
    private final JsonMapper json;
    private final HttpClient http;
    private final Supplier<GithubAppSettings.App> app;
    private final Map<Long, InstallationToken> tokens = new ConcurrentHashMap<>();

    /** A client for the App in {@code properties} alone (tests). */
    GithubClient(GithubProperties properties, Clock clock, JsonMapper json) {
        this(properties, fixed(GithubAppSettings.fromEnvironment(properties)), clock, json);
    }

    /** A client for whichever App {@code app} supplies now. */
    GithubClient(GithubProperties properties, Supplier<GithubAppSettings.App> app, Clock clock, JsonMapper json) {
        this.properties = properties;
        this.app = app;
        this.clock = clock;
        this.json = json;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A token belongs to the App that obtained it: when the operator replaces the App, new tokens are fetched. */
    private record InstallationToken(Long appId, String token, Instant expiresAt) {}

    boolean configured() {
        return app.get().canCallGithub();
    }

    private static Supplier<GithubAppSettings.App> fixed(GithubAppSettings.App app) {
        return () -> app;
    }

    /** A short-lived JWT proving we are the App (RS256, issued a minute in the past to absorb clock drift). */
    String appJwt() {
        GithubAppSettings.App current = app.get();
        if (!current.canCallGithub()) {
            throw new GithubApiException(0, "the GitHub App is not configured (app id and private key)", null);
        }
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(String.valueOf(current.appId()))
                .issueTime(Date.from(now.minusSeconds(60)))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(9))))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        try {
            jwt.sign(new RSASSASigner(current.privateKey()));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign the GitHub App JWT", e);
        }
        return jwt.serialize();
    }

    /** An installation access token, reused until shortly before it expires. */
    String installationToken(long installationId) {
        InstallationToken cached = tokens.get(installationId);
        Long appId = app.get().appId();
        if (cached != null
                && Objects.equals(cached.appId(), appId)
                && clock.instant().isBefore(cached.expiresAt().minus(TOKEN_REFRESH_MARGIN))) {
            return cached.token();
        }
        HttpRequest request = request("/app/installations/" + installationId + "/access_tokens")
                .header("Authorization", "Bearer " + appJwt())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        JsonNode body = sendJson(request);
        String token = body.path("token").asString();
        Instant expiresAt =
                parseInstant(body.path("expires_at").asString(), clock.instant().plusSeconds(3600));
        tokens.put(installationId, new InstallationToken(appId, token, expiresAt));
        return token;
    }

    JsonNode issue(long installationId, String repository, long number) {
        return sendJson(authorized(installationId, repoPath(repository) + "/issues/" + number)
                .GET()
                .build());
    }

    List<JsonNode> recentComments(long installationId, String repository, long number, int limit) {
        if (limit == 0) {
            return List.of();
        }
        JsonNode page = sendJson(authorized(
                        installationId,
                        repoPath(repository) + "/issues/" + number + "/comments?per_page=100&sort=created")
                .GET()
                .build());
        List<JsonNode> comments = new ArrayList<>();
        page.forEach(comments::add);
        return comments.subList(Math.max(0, comments.size() - limit), comments.size());
    }

    /** The pull request's diff, cut to {@code maxBytes} (a cut diff ends with a notice). */
    String pullRequestDiff(long installationId, String repository, long number, int maxBytes) {
        HttpRequest request = authorized(installationId, repoPath(repository) + "/pulls/" + number)
                .header("Accept", "application/vnd.github.diff")
                .GET()
                .build();
        HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            if (response.statusCode() >= 300) {
                throw failure(response.statusCode(), response.headers(), new String(in.readNBytes(4096)));
            }
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length <= maxBytes) {
                return new String(bytes, StandardCharsets.UTF_8);
            }
            return new String(bytes, 0, maxBytes, StandardCharsets.UTF_8) + "\n[diff cut at " + maxBytes + " bytes]";
        } catch (IOException e) {
            throw new GithubApiException(0, "reading the diff failed: " + e.getMessage(), null);
        }
    }

    JsonNode createIssueComment(long installationId, String repository, long number, String body) {
        return sendJson(authorized(installationId, repoPath(repository) + "/issues/" + number + "/comments")
                .POST(jsonBody(Map.of("body", body)))
                .build());
    }

    JsonNode createPullRequestReview(long installationId, String repository, long number, String body) {
        return sendJson(authorized(installationId, repoPath(repository) + "/pulls/" + number + "/reviews")
                .POST(jsonBody(Map.of("body", body, "event", "COMMENT")))
                .build());
    }

    /** Finds a comment or review we posted earlier by the marker it carries. */
    Optional<Long> findByMarker(long installationId, String repository, long number, boolean review, String marker) {
        String path = review
                ? repoPath(repository) + "/pulls/" + number + "/reviews"
                : repoPath(repository) + "/issues/" + number + "/comments";
        for (int page = 1; page <= MAX_PAGES; page++) {
            JsonNode items = sendJson(authorized(installationId, path + "?per_page=100&page=" + page)
                    .GET()
                    .build());
            for (JsonNode item : items) {
                if (item.path("body").asString("").contains(marker)) {
                    return Optional.of(item.path("id").asLong());
                }
            }
            if (items.size() < 100) {
                break;
            }
        }
        return Optional.empty();
    }

    /** Adds a reaction ("eyes" = working on it) to an issue comment, or to the issue itself when commentId is null. */
    void react(long installationId, String repository, long number, Long commentId, String content) {
        String path = commentId != null
                ? repoPath(repository) + "/issues/comments/" + commentId + "/reactions"
                : repoPath(repository) + "/issues/" + number + "/reactions";
        sendJson(authorized(installationId, path)
                .POST(jsonBody(Map.of("content", content)))
                .build());
    }

    private static String repoPath(String repository) {
        if (repository == null || !repository.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("not a repository full name: " + repository);
        }
        return "/repos/" + repository;
    }

    private HttpRequest.Builder authorized(long installationId, String path) {
        return request(path).header("Authorization", "token " + installationToken(installationId));
    }

    private HttpRequest.Builder request(String path) {
        String base = properties.apiBaseUrl().toString().replaceAll("/+$", "");
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(properties.requestTimeout())
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("User-Agent", "bl1nk-agent-builder");
    }

    private HttpRequest.BodyPublisher jsonBody(Object value) {
        return HttpRequest.BodyPublishers.ofString(json.writeValueAsString(value));
    }

    private JsonNode sendJson(HttpRequest request) {
        HttpRequest withType = HttpRequest.newBuilder(request, (name, value) -> true)
                .header("Content-Type", "application/json")
                .build();
        HttpResponse<String> response = send(withType, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw failure(response.statusCode(), response.headers(), response.body());
        }
        return response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new GithubApiException(0, unreachable(e), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GithubApiException(0, "interrupted while calling GitHub", null);
        }
    }

    /**
     * Why GitHub could not be asked, for a delivery's {@code reason}: which GitHub and what went wrong, never "null"
     * (the JDK's connect failures often carry no message of their own).
     */
    String unreachable(IOException e) {
        URI base = properties.apiBaseUrl();
        String where = base.getHost() + (base.getPort() == -1 ? "" : ":" + base.getPort());
        return "GitHub (" + where + ") could not be reached: " + cause(e)
                + "; the delivery is retried (check the network, or BL1NK_GITHUB_API_URL for GitHub Enterprise)";
    }

    private String cause(IOException e) {
        Throwable deepest = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.http.HttpConnectTimeoutException) {
                return "no connection within " + properties.requestTimeout().toSeconds() + " s";
            }
            if (t instanceof java.net.http.HttpTimeoutException) {
                return "no answer within " + properties.requestTimeout().toSeconds() + " s";
            }
            if (t instanceof java.net.UnknownHostException
                    || t instanceof java.nio.channels.UnresolvedAddressException) {
                return "the host name does not resolve";
            }
            if (t instanceof javax.net.ssl.SSLException) {
                return "the TLS handshake failed (" + describe(t) + ")";
            }
            if (t instanceof java.net.ConnectException) {
                // the JDK client's ConnectException usually has no message: say what it means
                String message = deepestMessage(t);
                return "could not connect ("
                        + (message == null ? "connection refused or no route to the host" : message) + ")";
            }
            deepest = t;
        }
        return describe(deepest);
    }

    private static String deepestMessage(Throwable e) {
        String message = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message;
    }

    private static String describe(Throwable t) {
        String message = deepestMessage(t);
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** Maps GitHub's primary and secondary rate-limit answers to a retry time. */
    private GithubApiException failure(int status, java.net.http.HttpHeaders headers, String body) {
        Instant now = clock.instant();
        Instant retryAt = null;
        Optional<String> retryAfter = headers.firstValue("Retry-After");
        if (retryAfter.isPresent()) {
            retryAt = com.bl1nk.common.retry.RetryAfter.parse(retryAfter.get(), clock)
                    .map(now::plus)
                    .orElse(now.plus(SECONDARY_LIMIT_BACKOFF));
        } else if ((status == 403 || status == 429)
                && headers.firstValue("X-RateLimit-Remaining").map("0"::equals).orElse(false)) {
            retryAt = headers.firstValue("X-RateLimit-Reset")
                    .map(Long::parseLong)
                    .map(Instant::ofEpochSecond)
                    .orElse(now.plus(SECONDARY_LIMIT_BACKOFF));
        } else if (status == 429 || (status == 403 && body != null && body.contains("rate limit"))) {
            retryAt = now.plus(SECONDARY_LIMIT_BACKOFF);
        }
        String excerpt = body == null ? "" : body.substring(0, Math.min(body.length(), 300));
        return new GithubApiException(status, "GitHub answered " + status + ": " + excerpt, retryAt);
    }

    private static Instant parseInstant(String value, Instant fallback) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException | NullPointerException e) {
            return fallback;
        }
    }
}
