package com.bl1nk.gateway.sso;

import com.bl1nk.common.net.BoundedBodies;
import com.bl1nk.common.net.UrlBlockedException;
import com.bl1nk.common.net.UrlGuard;
import com.bl1nk.gateway.error.GatewayErrorCode;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to OIDC providers: discovery ({@code /.well-known/openid-configuration}), the key set and the token endpoint,
 * each through the SSRF guard with connect and request timeouts and a bounded body; discovery documents and key sets
 * are cached ({@code metadata-cache-ttl}), a key set fetched again early (at most every 30 s) when a token names a key
 * it lacks. Blocking: call it off the event loop.
 */
@Component
class OidcClient {

    /** What the gateway needs from a discovery document. */
    record Metadata(
            String issuer,
            String authorizationEndpoint,
            String tokenEndpoint,
            String jwksUri,
            List<String> signingAlgorithms) {}

    /**
     * The token endpoint's answer.
     *
     * @param idToken the ID token (compact JWS); the access token is not kept
     */
    record Tokens(String idToken) {}

    private record Cached<T>(T value, Instant fetchedAt) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration MIN_KEY_REFRESH = Duration.ofSeconds(30);

    private final HttpClient http;
    private final SsoProperties properties;
    private final Clock clock;
    private final Map<String, Cached<Metadata>> metadata = new ConcurrentHashMap<>();
    private final Map<String, Cached<JWKSet>> keys = new ConcurrentHashMap<>();

    OidcClient(UrlGuard guard, SsoProperties properties, java.util.Optional<Clock> clock) {
        this.http = guard.httpClientBuilder(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.properties = properties;
        this.clock = clock.orElseGet(Clock::systemUTC);
    }

    /** The provider's discovery document, whose {@code issuer} must be exactly the configured one. */
    Metadata metadata(String issuer) {
        Cached<Metadata> cached = metadata.get(issuer);
        if (cached != null && fresh(cached.fetchedAt(), properties.metadataCacheTtl())) {
            return cached.value();
        }
        String url = (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer)
                + "/.well-known/openid-configuration";
        JsonNode doc = json(get(url, "discovery document"), "discovery document");
        String announced = doc.path("issuer").asString("");
        if (!issuer.equals(announced)) {
            throw unavailable(
                    "issuer_mismatch",
                    "The provider's discovery document names issuer '" + announced + "', not the configured '" + issuer
                            + "'; set the issuer exactly as the provider announces it");
        }
        List<String> algorithms = new ArrayList<>();
        doc.path("id_token_signing_alg_values_supported").forEach(alg -> algorithms.add(alg.asString()));
        Metadata found = new Metadata(
                announced,
                required(doc, "authorization_endpoint"),
                required(doc, "token_endpoint"),
                required(doc, "jwks_uri"),
                List.copyOf(algorithms));
        metadata.put(issuer, new Cached<>(found, clock.instant()));
        return found;
    }

    /** The provider's key set; {@code refresh} fetches it again unless that was done in the last 30 s. */
    JWKSet keys(String jwksUri, boolean refresh) {
        Cached<JWKSet> cached = keys.get(jwksUri);
        boolean usable = cached != null && fresh(cached.fetchedAt(), properties.metadataCacheTtl());
        if (usable && (!refresh || fresh(cached.fetchedAt(), MIN_KEY_REFRESH))) {
            return cached.value();
        }
        String body = get(jwksUri, "key set");
        try {
            JWKSet set = JWKSet.parse(body);
            keys.put(jwksUri, new Cached<>(set, clock.instant()));
            return set;
        } catch (ParseException e) {
            throw unavailable("bad_key_set", "The provider's key set at " + jwksUri + " is not a JWK set");
        }
    }

    /**
     * Redeems an authorization code (with the PKCE verifier) at the token endpoint. A 4xx answer means the provider
     * refused the code or the client: 400 {@code sso_code_rejected} with the provider's OAuth error.
     */
    Tokens redeem(SsoProvider provider, Metadata meta, String code, String redirectUri, String codeVerifier) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", codeVerifier);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(meta.tokenEndpoint()))
                .timeout(properties.requestTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        switch (provider.tokenAuthMethod()) {
            case SsoProvider.BASIC ->
                request.header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((formEncode(provider.clientId()) + ":"
                                                        + formEncode(provider.clientSecret()))
                                                .getBytes(StandardCharsets.UTF_8)));
            case SsoProvider.POST -> {
                form.put("client_id", provider.clientId());
                form.put("client_secret", provider.clientSecret());
            }
            default -> form.put("client_id", provider.clientId());
        }
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> body.append(body.isEmpty() ? "" : "&")
                .append(formEncode(name))
                .append('=')
                .append(formEncode(value)));
        HttpResponse<String> response = send(
                request.POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                "token endpoint");
        if (response.statusCode() >= 400 && response.statusCode() < 500) {
            String error = "unknown";
            String description = "";
            try {
                JsonNode answer = JSON.readTree(response.body());
                error = answer.path("error").asString("unknown");
                description = answer.path("error_description").asString("");
            } catch (JacksonException ignored) {
                // not JSON: the status says enough
            }
            throw SsoLoginException.of(
                            GatewayErrorCode.SSO_CODE_REJECTED,
                            "code_rejected",
                            "The provider refused the authorization code (" + printable(error)
                                    + (description.isBlank() ? "" : ": " + printable(description))
                                    + "); start the login again")
                    .with("providerError", printable(error));
        }
        if (response.statusCode() != 200) {
            throw unavailable(
                    "token_endpoint_failed", "The provider's token endpoint answered HTTP " + response.statusCode());
        }
        JsonNode answer = json(response.body(), "token response");
        String idToken = answer.path("id_token").asString("");
        if (idToken.isEmpty()) {
            throw SsoLoginException.of(
                    GatewayErrorCode.SSO_TOKEN_INVALID,
                    "no_id_token",
                    "The provider's token response has no id_token (is the scope openid granted?)");
        }
        return new Tokens(idToken);
    }

    private String get(String url, String what) {
        HttpRequest request = HttpRequest.newBuilder(uri(url))
                .timeout(properties.requestTimeout())
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response = send(request, what);
        if (response.statusCode() != 200) {
            throw unavailable(
                    "fetch_failed",
                    "The provider's " + what + " at " + url + " answered HTTP " + response.statusCode());
        }
        return response.body();
    }

    private HttpResponse<String> send(HttpRequest request, String what) {
        long max = properties.maxResponseSize().toBytes();
        try {
            return http.send(
                    request,
                    info -> BoundedBodies.limit(HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8), max));
        } catch (UrlBlockedException e) {
            throw unavailable(
                    "url_not_allowed",
                    "The provider's " + what + " is not reachable: "
                            + e.getBody().getDetail());
        } catch (HttpTimeoutException e) {
            throw unavailable(
                    "timeout",
                    "The provider's " + what + " did not answer within "
                            + properties.requestTimeout().toSeconds() + " s");
        } catch (IOException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BoundedBodies.ResponseTooLargeException) {
                    throw unavailable(
                            "response_too_large", "The provider's " + what + " is larger than " + max + " bytes");
                }
            }
            throw unavailable(
                    "unreachable",
                    "The provider's " + what + " could not be reached ("
                            + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted", "Interrupted while calling the provider's " + what);
        }
    }

    private static JsonNode json(String body, String what) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw unavailable("bad_response", "The provider's " + what + " is not a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw unavailable("bad_response", "The provider's " + what + " is not JSON");
        }
    }

    private static String required(JsonNode doc, String field) {
        String value = doc.path(field).asString("");
        if (value.isEmpty()) {
            throw unavailable("bad_discovery", "The provider's discovery document has no " + field);
        }
        return value;
    }

    private static URI uri(String url) {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            throw unavailable("bad_url", "The provider announced an invalid URL");
        }
    }

    private boolean fresh(Instant fetchedAt, Duration ttl) {
        return fetchedAt.plus(ttl).isAfter(clock.instant());
    }

    private static String formEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A provider's text, cut and stripped of control characters before it goes into a problem. */
    static String printable(String text) {
        String cleaned = text.codePoints()
                .filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return cleaned.length() > 200 ? cleaned.substring(0, 200) + "…" : cleaned;
    }

    private static SsoLoginException unavailable(String reason, String detail) {
        return SsoLoginException.of(GatewayErrorCode.SSO_PROVIDER_UNAVAILABLE, reason, detail);
    }
}
