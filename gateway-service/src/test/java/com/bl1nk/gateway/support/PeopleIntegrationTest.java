package com.bl1nk.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's integration-test context (the same one, so cached) plus what tests of people and sessions share:
 * inviting, accepting, signing in, and calling with a session cookie and its CSRF token.
 */
public abstract class PeopleIntegrationTest extends GatewayIntegrationTest {

    protected static final JsonMapper JSON = JsonMapper.builder().build();

    /** A password that passes the policy. */
    protected static final String PASSWORD = "correct-Horse-battery-42";

    /** Name of the session cookie. */
    protected static final String COOKIE = "BL1NK_SESSION";

    /**
     * A signed-in session as a browser holds it.
     *
     * @param cookie the {@code Cookie} header value
     * @param csrf the session's CSRF token
     * @param userId the user
     * @param tenantId the session's tenant
     * @param email the user's e-mail
     */
    public record Session(String cookie, String csrf, UUID userId, UUID tenantId, String email) {}

    /** A unique e-mail address for one test. */
    protected static String email(String label) {
        return label + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    }

    /** Invites {@code email} with {@code role} using an API key; returns the response body. */
    protected JsonNode invite(String key, String email, String role) {
        byte[] body = client().post()
                .uri("/api/v1/invitations")
                .header(HttpHeaders.AUTHORIZATION, bearer(key))
                .bodyValue(Map.of("email", email, "role", role))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult()
                .getResponseBody();
        return JSON.readTree(body);
    }

    /** The token of an invitation link. */
    protected static String tokenOf(String link) {
        assertThat(link).contains("token=");
        return link.substring(link.indexOf("token=") + "token=".length());
    }

    /** Accepts an invitation as a new user; returns the raw exchange. */
    protected EntityExchangeResult<byte[]> acceptRaw(String token, String name, String password) {
        return client().post()
                .uri("/api/v1/auth/invitations/accept")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("token", token, "displayName", name, "password", password))
                .exchange()
                .expectBody()
                .returnResult();
    }

    /** Accepts an invitation as a new user and returns the signed-in session. */
    protected Session accept(String token, String email) {
        EntityExchangeResult<byte[]> result = acceptRaw(token, "Test Person", PASSWORD);
        assertThat(result.getStatus().value())
                .as(new String(result.getResponseBodyContent()))
                .isEqualTo(200);
        return session(result, email);
    }

    /** A new member of the tenant of {@code ownerKey} with {@code role}, signed in. */
    protected Session member(String ownerKey, String role, String label) {
        String email = email(label);
        JsonNode invitation = invite(ownerKey, email, role);
        return accept(tokenOf(invitation.path("link").asString()), email);
    }

    /** Signs in; returns the raw exchange. */
    protected EntityExchangeResult<byte[]> loginRaw(String email, String password) {
        return client().post()
                .uri("/api/v1/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", password))
                .exchange()
                .expectBody()
                .returnResult();
    }

    /** Signs in and returns the session. */
    protected Session login(String email, String password) {
        EntityExchangeResult<byte[]> result = loginRaw(email, password);
        assertThat(result.getStatus().value())
                .as(new String(result.getResponseBodyContent()))
                .isEqualTo(200);
        return session(result, email);
    }

    /** A request spec carrying the session cookie and, unless {@code csrf} is false, its CSRF token. */
    protected WebTestClient.RequestBodySpec as(
            Session session, org.springframework.http.HttpMethod method, String uri) {
        return client().method(method)
                .uri(uri)
                .header(HttpHeaders.COOKIE, session.cookie())
                .header("X-CSRF-Token", session.csrf());
    }

    /** A request carrying only the session cookie (no CSRF token). */
    protected WebTestClient.RequestBodySpec cookieOnly(
            Session session, org.springframework.http.HttpMethod method, String uri) {
        return client().method(method).uri(uri).header(HttpHeaders.COOKIE, session.cookie());
    }

    /** The status of {@code GET /api/v1/me} with the session. */
    protected int meStatus(Session session) {
        return cookieOnly(session, org.springframework.http.HttpMethod.GET, "/api/v1/me")
                .exchange()
                .expectBody()
                .returnResult()
                .getStatus()
                .value();
    }

    /** The session cookie set by a response. */
    protected static String sessionCookie(EntityExchangeResult<?> result) {
        List<String> cookies = result.getResponseHeaders().getOrEmpty(HttpHeaders.SET_COOKIE);
        return cookies.stream()
                .filter(c -> c.startsWith(COOKIE + "="))
                .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                .reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("no session cookie in " + cookies));
    }

    private static Session session(EntityExchangeResult<byte[]> result, String email) {
        JsonNode body = JSON.readTree(result.getResponseBodyContent());
        return new Session(
                sessionCookie(result),
                body.path("csrfToken").asString(),
                UUID.fromString(body.path("user").path("id").asString()),
                UUID.fromString(body.path("tenantId").asString()),
                email);
    }
}
