package com.bl1nk.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityTokenCodec;
import com.bl1nk.common.stream.StreamKeys;
import com.bl1nk.gateway.support.PeopleIntegrationTest;
import com.bl1nk.testsupport.TestIdentities;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import tools.jackson.databind.JsonNode;

/**
 * Signed-in sessions end to end on the real Redis and Postgres: sign-up by invitation and password login, the cookie's
 * flags, a session authenticating like an API key (down to the identity token a service gets), CSRF on every change,
 * revoking one session, signing out here and everywhere, switching tenant.
 */
class SessionIT extends PeopleIntegrationTest {

    private final IdentityTokenCodec task = TestIdentities.codec("task");

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    StreamKeys keys;

    @Test
    void signUpViaInvitationThenSignInAgainWithThePassword() {
        TestTenant tenant = newTenant("signup");
        String email = email("new-dev");
        JsonNode invitation = invite(tenant.ownerKey(), email, "developer");
        assertThat(invitation.path("invitation").path("status").asString()).isEqualTo("pending");
        assertThat(invitation.path("link").asString())
                .startsWith("https://bl1nk.example.test/admin/#/accept-invitation");

        EntityExchangeResult<byte[]> accepted =
                acceptRaw(tokenOf(invitation.path("link").asString()), "New Dev", PASSWORD);
        assertThat(accepted.getStatus().value()).isEqualTo(200);
        JsonNode body = JSON.readTree(accepted.getResponseBodyContent());
        assertThat(body.path("user").path("email").asString()).isEqualTo(email);
        assertThat(body.path("tenantId").asString()).isEqualTo(tenant.id().toString());
        assertThat(body.path("role").asString()).isEqualTo("developer");
        assertThat(body.path("method").asString()).isEqualTo("invitation");

        Session session = login(email.toUpperCase(), PASSWORD);
        JsonNode me = JSON.readTree(cookieOnly(session, HttpMethod.GET, "/api/v1/me")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBodyContent());
        assertThat(me.path("principal").asString()).isEqualTo("user:" + session.userId());
        assertThat(me.path("roles").toString()).contains("developer");
        assertThat(me.path("tenants").get(0).path("slug").asString()).isEqualTo(tenant.slug());

        String stored = jdbc.sql("select password_hash from identity.users where email = :email")
                .param("email", email)
                .query(String.class)
                .single();
        assertThat(stored).startsWith("$argon2id$").doesNotContain(PASSWORD);
    }

    @Test
    void theCookieIsHttpOnlySecureAndSameSiteLaxAndTheSessionIdChangesAtEverySignIn() {
        TestTenant tenant = newTenant("cookie");
        Session first = member(tenant.ownerKey(), "viewer", "cookie");

        EntityExchangeResult<byte[]> again = client().post()
                .uri("/api/v1/auth/login")
                .header(HttpHeaders.COOKIE, first.cookie())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", first.email(), "password", PASSWORD))
                .exchange()
                .expectBody()
                .returnResult();

        assertThat(again.getStatus().value()).isEqualTo(200);
        String setCookie = again.getResponseHeaders().getOrEmpty(HttpHeaders.SET_COOKIE).stream()
                .filter(c -> c.startsWith(COOKIE + "="))
                .findFirst()
                .orElseThrow();
        assertThat(setCookie)
                .containsIgnoringCase("HttpOnly")
                .contains("Secure")
                .contains("SameSite=Lax")
                .contains("Path=/");
        assertThat(sessionCookie(again)).as("a new session id at sign-in").isNotEqualTo(first.cookie());
        assertThat(meStatus(first)).as("the old session id no longer works").isEqualTo(401);
    }

    @Test
    void aSessionAuthenticatesRoutedRequestsWithTheSignedIdentityOfTheUserInItsTenant() {
        TestTenant tenant = newTenant("relay");
        Session session = member(tenant.ownerKey(), "developer", "relay");
        String path = "/api/v1/tasks/" + UUID.randomUUID();

        cookieOnly(session, HttpMethod.GET, path).exchange().expectStatus().isOk();

        RecordedRequest upstream = TASK.awaitRequest(path);
        Identity identity =
                task.verify(upstream.getHeaders().get("X-Bl1nk-Identity")).identity();
        assertThat(identity.tenantId()).isEqualTo(tenant.id());
        assertThat(identity.principal()).isEqualTo("user:" + session.userId());
        assertThat(identity.roles()).containsExactly("developer");
        assertThat(identity.scopes()).isEmpty();
        assertThat(upstream.getHeaders().get(HttpHeaders.COOKIE))
                .as("the session cookie never reaches a service")
                .isNull();
    }

    @Test
    void anAuthorizationHeaderWinsOverTheSessionCookie() {
        TestTenant tenant = newTenant("header-wins");
        TestTenant other = newTenant("header-wins-other");
        Session session = member(tenant.ownerKey(), "owner", "header-wins");

        client().get()
                .uri("/api/v1/me")
                .header(HttpHeaders.COOKIE, session.cookie())
                .header(HttpHeaders.AUTHORIZATION, bearer(other.ownerKey()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.principal")
                .isEqualTo("key:" + other.ownerKeyId())
                .jsonPath("$.tenantId")
                .isEqualTo(other.id().toString());
        client().get()
                .uri("/api/v1/me")
                .header(HttpHeaders.COOKIE, session.cookie())
                .header(HttpHeaders.AUTHORIZATION, "Bearer bl1nk_nope_nope")
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void aChangeWithTheCookieIsRefusedWithoutTheCsrfTokenAndDoneWithIt() {
        TestTenant tenant = newTenant("csrf");
        Session admin = member(tenant.ownerKey(), "admin", "csrf");
        Map<String, String> body = Map.of("email", email("csrf-invitee"), "role", "viewer");

        cookieOnly(admin, HttpMethod.POST, "/api/v1/invitations")
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("csrf_token_missing");
        cookieOnly(admin, HttpMethod.POST, "/api/v1/invitations")
                .header("X-CSRF-Token", "not-the-token")
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("csrf_token_invalid");
        assertThat(invitationsFor(body.get("email")))
                .as("nothing written without the token")
                .isZero();

        String csrf = JSON.readTree(cookieOnly(admin, HttpMethod.GET, "/api/v1/auth/session")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .returnResult()
                        .getResponseBodyContent())
                .path("csrfToken")
                .asString();
        assertThat(csrf).isEqualTo(admin.csrf());
        cookieOnly(admin, HttpMethod.POST, "/api/v1/invitations")
                .header("X-CSRF-Token", csrf)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isCreated();
        assertThat(invitationsFor(body.get("email"))).isEqualTo(1);
    }

    @Test
    void aRevokedSessionStopsWorkingOnItsNextRequest() {
        TestTenant tenant = newTenant("revoke");
        Session laptop = member(tenant.ownerKey(), "viewer", "revoke");
        Session phone = login(laptop.email(), PASSWORD);

        JsonNode sessions = JSON.readTree(cookieOnly(laptop, HttpMethod.GET, "/api/v1/auth/sessions")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBodyContent());
        assertThat(sessions.path("items")).hasSize(2);
        JsonNode other = null;
        for (JsonNode item : sessions.path("items")) {
            assertThat(item.path("ip").asString()).isEqualTo("127.0.0.1");
            assertThat(item.path("createdAt").isMissingNode()).isFalse();
            assertThat(item.path("lastSeenAt").isMissingNode()).isFalse();
            assertThat(phone.cookie()).doesNotContain(item.path("id").asString());
            if (!item.path("current").asBoolean()) {
                other = item;
            }
        }
        assertThat(other).isNotNull();
        assertThat(meStatus(phone)).isEqualTo(200);

        as(
                        laptop,
                        HttpMethod.DELETE,
                        "/api/v1/auth/sessions/" + other.path("id").asString())
                .exchange()
                .expectStatus()
                .isNoContent();

        assertThat(meStatus(phone)).isEqualTo(401);
        assertThat(meStatus(laptop)).isEqualTo(200);
        as(
                        laptop,
                        HttpMethod.DELETE,
                        "/api/v1/auth/sessions/" + other.path("id").asString())
                .exchange()
                .expectStatus()
                .isNotFound();
        awaitAudit(tenant.id(), "session.revoked", laptop.userId());
    }

    @Test
    void signingOutEndsThisSessionAndSigningOutEverywhereEndsAll() {
        TestTenant tenant = newTenant("logout");
        Session one = member(tenant.ownerKey(), "viewer", "logout");
        Session two = login(one.email(), PASSWORD);
        Session three = login(one.email(), PASSWORD);

        as(one, HttpMethod.POST, "/api/v1/auth/logout")
                .exchange()
                .expectStatus()
                .isNoContent();
        assertThat(meStatus(one)).isEqualTo(401);
        assertThat(meStatus(two)).isEqualTo(200);

        as(two, HttpMethod.POST, "/api/v1/auth/logout-everywhere")
                .exchange()
                .expectStatus()
                .isNoContent();
        assertThat(meStatus(two)).isEqualTo(401);
        assertThat(meStatus(three)).isEqualTo(401);
        awaitAudit(tenant.id(), "session.ended_everywhere", one.userId());
    }

    @Test
    void anUnknownEmailAndAWrongPasswordGetTheSameAnswer() {
        TestTenant tenant = newTenant("enumeration");
        Session member = member(tenant.ownerKey(), "viewer", "enumeration");

        EntityExchangeResult<byte[]> wrongPassword = loginRaw(member.email(), "wrong-password-123456");
        EntityExchangeResult<byte[]> unknownEmail = loginRaw(email("nobody"), "wrong-password-123456");

        for (EntityExchangeResult<byte[]> result : List.of(wrongPassword, unknownEmail)) {
            assertThat(result.getStatus().value()).isEqualTo(401);
            assertThat(result.getResponseHeaders()
                            .getContentType()
                            .isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .isTrue();
        }
        JsonNode a = JSON.readTree(wrongPassword.getResponseBodyContent());
        JsonNode b = JSON.readTree(unknownEmail.getResponseBodyContent());
        assertThat(a.path("code").asString()).isEqualTo("invalid_credentials");
        assertThat(b.path("code").asString()).isEqualTo(a.path("code").asString());
        assertThat(b.path("detail").asString()).isEqualTo(a.path("detail").asString());
    }

    @Test
    void badSignInInputNamesTheField() {
        client().post()
                .uri("/api/v1/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", " "))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("validation_failed")
                .jsonPath("$.errors[0].field")
                .isEqualTo("email")
                .jsonPath("$.errors[1].field")
                .isEqualTo("password");
    }

    @Test
    void switchingTenantNeedsMembershipAndMovesTheSession() {
        TestTenant first = newTenant("switch-a");
        TestTenant second = newTenant("switch-b");
        TestTenant foreign = newTenant("switch-c");
        Session session = member(first.ownerKey(), "admin", "switch");
        JsonNode invitation = invite(second.ownerKey(), session.email(), "viewer");
        as(session, HttpMethod.POST, "/api/v1/auth/invitations/accept")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("token", tokenOf(invitation.path("link").asString())))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.tenantId")
                .isEqualTo(second.id().toString())
                .jsonPath("$.role")
                .isEqualTo("viewer");

        as(session, HttpMethod.PUT, "/api/v1/auth/session/tenant")
                .bodyValue(Map.of("tenantId", foreign.id()))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("no_tenant");
        as(session, HttpMethod.PUT, "/api/v1/auth/session/tenant")
                .bodyValue(Map.of("tenantId", first.id()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.role")
                .isEqualTo("admin");
        cookieOnly(session, HttpMethod.GET, "/api/v1/me")
                .exchange()
                .expectBody()
                .jsonPath("$.tenantId")
                .isEqualTo(first.id().toString());
    }

    @Test
    void signingOutEverywhereAlsoEndsASessionTheUsersIndexDoesNotList() {
        TestTenant tenant = newTenant("logout-unlisted");
        Session one = member(tenant.ownerKey(), "viewer", "logout-unlisted");
        Session hidden = login(one.email(), PASSWORD);
        // as if it were beyond the first 1,000 the index is read for
        String hiddenId = hidden.cookie().substring(hidden.cookie().indexOf('=') + 1);
        redis.opsForSet()
                .remove(keys.key("bl1nk:gateway:user-sessions:" + one.userId()), hiddenId)
                .block();
        assertThat(meStatus(hidden)).isEqualTo(200);

        as(one, HttpMethod.POST, "/api/v1/auth/logout-everywhere")
                .exchange()
                .expectStatus()
                .isNoContent();

        assertThat(meStatus(hidden)).isEqualTo(401);
        Session again = login(one.email(), PASSWORD);
        assertThat(meStatus(again)).as("a sign-in after it works").isEqualTo(200);
    }

    @Test
    void sessionsLiveUnderTheGatewaysRedisPrefixOnly() {
        TestTenant tenant = newTenant("redis-keys");
        Session session = member(tenant.ownerKey(), "viewer", "redis-keys");
        String id = session.cookie().substring(session.cookie().indexOf('=') + 1);

        assertThat(redis.hasKey(keys.key("bl1nk:gateway:session:sessions:" + id))
                        .block())
                .isTrue();
        assertThat(redis.opsForSet()
                        .isMember(keys.key("bl1nk:gateway:user-sessions:" + session.userId()), id)
                        .block())
                .isTrue();
        assertThat(keys.key("bl1nk:gateway:")).startsWith(keys.prefix());
    }

    @Test
    void anApiKeyHasNoSessionToShowOrEnd() {
        TestTenant tenant = newTenant("key-no-session");
        client().get()
                .uri("/api/v1/auth/session")
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("session_required");
    }

    private int invitationsFor(String email) {
        return jdbc.sql("select count(*) from identity.invitations where email = :email")
                .param("email", email)
                .query(Integer.class)
                .single();
    }

    private void awaitAudit(UUID tenantId, String action, UUID userId) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(jdbc.sql("""
                                select count(*) from identity.audit_events
                                 where tenant_id = :tenant and action = :action and actor = :actor
                                   and details ->> 'ip' is not null
                                """)
                                .param("tenant", tenantId)
                                .param("action", action)
                                .param("actor", "user:" + userId)
                                .query(Integer.class)
                                .single())
                        .isPositive());
    }
}
