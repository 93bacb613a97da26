package com.bl1nk.gateway.sso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.gateway.support.Browser;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * SSO logins against the real OIDC provider (test-oidc-server, the Spring Authorization Server) driven like a browser:
 * the gateway's start, the provider's form login with its CSRF token, the callback with the code. Each refusal is a
 * 4xx problem naming what went wrong, and writes no user, link or membership.
 */
class SsoLoginIT extends SsoFixture {

    @Test
    void loginMapsAGroupClaimToARoleAndCreatesTheUserJustInTime() {
        SsoTenant sso = ssoTenant("sso-map", Map.of());
        String alice = user("alice", List.of("staff", "bl1nk-devs"), Map.of("name", "Alice Example"));

        Login login = ssoLogin(sso.slug(), alice);

        assertThat(login.status()).as(login.callback().body()).isEqualTo(303);
        assertThat(login.callback().headers().firstValue("Location")).hasValue("/admin");
        assertThat(login.browser().cookies(gateway())).containsKey(COOKIE);
        HttpResponse<String> session = login.browser().get(gateway() + "/api/v1/auth/session");
        assertThat(session.statusCode()).as(session.body()).isEqualTo(200);
        JsonNode view = JSON.readTree(session.body());
        assertThat(view.path("method").asString())
                .as("a tenant's own provider signed the person in")
                .isEqualTo("oidc-tenant");
        assertThat(view.path("role").asString()).isEqualTo("developer");
        assertThat(view.path("tenantId").asString()).isEqualTo(sso.tenant().id().toString());
        HttpResponse<String> tenant = login.browser()
                .get(gateway() + "/api/v1/tenants/" + sso.tenant().id());
        assertThat(tenant.statusCode())
                .as("an API call with the SSO session: %s", tenant.body())
                .isEqualTo(200);
        UUID userId = userId(alice + "@example.test");
        assertThat(userId).isNotNull();
        assertThat(role(sso.tenant().id(), userId)).isEqualTo("developer");
        assertThat(jdbc.sql("select display_name from identity.users where id = :id")
                        .param("id", userId)
                        .query(String.class)
                        .single())
                .isEqualTo("Alice Example");
        assertThat(count(
                        "select count(*) from identity.sso_identities where issuer = :i and subject = :s and user_id = :u",
                        Map.of("i", provider.issuer(), "s", alice, "u", userId)))
                .isEqualTo(1);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(audited(sso.tenant().id(), "sso.login", "success"))
                        .isEqualTo(1));
        String details = jdbc.sql("select details::text from identity.audit_events where tenant_id = :t and action ="
                        + " 'sso.login'")
                .param("t", sso.tenant().id())
                .query(String.class)
                .single();
        assertThat(details)
                .contains(provider.issuer(), "127.0.0.1", "developer")
                .doesNotContain("eyJ");
    }

    @Test
    void aTenantsOwnProviderCannotSignInToAnExistingAccountByEmailEvenAMembers() {
        SsoTenant sso = ssoTenant("sso-takeover", Map.of());
        String mallory = user("victim", List.of("bl1nk-admins"), Map.of());
        UUID victim = UUID.randomUUID();
        jdbc.sql("insert into identity.users (id, email, display_name) values (:id, :e, 'Victim')")
                .param("id", victim)
                .param("e", mallory + "@example.test")
                .update();
        jdbc.sql(
                        "insert into identity.memberships (tenant_id, user_id, role, created_by) values (:t, :u, 'viewer', 't')")
                .param("t", sso.tenant().id())
                .param("u", victim)
                .update();

        Login refused = ssoLogin(sso.slug(), mallory);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.problem().path("reason").asString()).isEqualTo("email_taken");
        assertThat(count("select count(*) from identity.sso_identities where user_id = :u", Map.of("u", victim)))
                .as("no link to the existing account")
                .isZero();
        assertThat(role(sso.tenant().id(), victim)).isEqualTo("viewer");
    }

    @Test
    void aSessionATenantsOwnProviderOpenedStaysInThatTenantWithoutPlatformAdminRights() {
        SsoTenant sso = ssoTenant("sso-confined", Map.of());
        TestTenant other = newTenant("sso-elsewhere");
        String dave = user("dave", List.of("bl1nk-devs"), Map.of());
        Login login = ssoLogin(sso.slug(), dave);
        assertThat(login.status()).isEqualTo(303);
        UUID userId = userId(dave + "@example.test");
        // the same person is also a member elsewhere and a platform admin (by their password account)
        jdbc.sql("update identity.users set platform_admin = true where id = :u")
                .param("u", userId)
                .update();
        jdbc.sql(
                        "insert into identity.memberships (tenant_id, user_id, role, created_by) values (:t, :u, 'owner', 't')")
                .param("t", other.id())
                .param("u", userId)
                .update();
        String csrf = JSON.readTree(
                        login.browser().get(gateway() + "/api/v1/auth/session").body())
                .path("csrfToken")
                .asString();

        HttpResponse<String> moved = login.browser()
                .sendJson(
                        "PUT",
                        gateway() + "/api/v1/auth/session/tenant",
                        "{\"tenantId\":\"" + other.id() + "\"}",
                        csrf);
        HttpResponse<String> platform = login.browser()
                .sendJson("POST", gateway() + "/api/v1/tenants", "{\"slug\":\"sso-minted\",\"name\":\"x\"}", csrf);

        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(403);
        assertThat(JSON.readTree(moved.body()).path("code").asString()).isEqualTo("no_tenant");
        assertThat(platform.statusCode()).as(platform.body()).isEqualTo(403);
        assertThat(count("select count(*) from identity.tenants where slug = 'sso-minted'", Map.of()))
                .isZero();
    }

    @Test
    void anSsoLoginNeverDemotesAnOwner() {
        SsoTenant sso = ssoTenant("sso-owner", Map.of());
        String erin = user("erin", List.of("bl1nk-devs"), Map.of());
        assertThat(ssoLogin(sso.slug(), erin).status()).isEqualTo(303);
        UUID userId = userId(erin + "@example.test");
        jdbc.sql("update identity.memberships set role = 'owner' where tenant_id = :t and user_id = :u")
                .param("t", sso.tenant().id())
                .param("u", userId)
                .update();
        UUID secondOwner = UUID.randomUUID();
        jdbc.sql("insert into identity.users (id, email, display_name) values (:id, :e, 'Second')")
                .param("id", secondOwner)
                .param("e", "second-" + secondOwner + "@example.test")
                .update();
        jdbc.sql(
                        "insert into identity.memberships (tenant_id, user_id, role, created_by) values (:t, :u, 'owner', 't')")
                .param("t", sso.tenant().id())
                .param("u", secondOwner)
                .update();

        assertThat(ssoLogin(sso.slug(), erin).status()).isEqualTo(303);

        assertThat(role(sso.tenant().id(), userId))
                .as("the provider's mapping, which an admin may edit, never demotes an owner")
                .isEqualTo("owner");
    }

    @Test
    void aSecondLoginUpdatesTheRoleWhenTheGroupChanges() {
        SsoTenant sso = ssoTenant("sso-regroup", Map.of());
        String bob = user("bob", List.of("bl1nk-devs"), Map.of());
        assertThat(ssoLogin(sso.slug(), bob).status()).isEqualTo(303);
        UUID userId = userId(bob + "@example.test");
        assertThat(role(sso.tenant().id(), userId)).isEqualTo("developer");

        provider.putUser(bob, PASSWORD, bob + "@example.test", true, List.of("bl1nk-admins", "bl1nk-devs"), Map.of());
        assertThat(ssoLogin(sso.slug(), bob).status()).isEqualTo(303);

        assertThat(role(sso.tenant().id(), userId))
                .as("the strongest mapped group wins")
                .isEqualTo("admin");
        assertThat(count("select count(*) from identity.users where email = :e", Map.of("e", bob + "@example.test")))
                .isEqualTo(1);
    }

    @Test
    void aCallbackWithAnUnknownStateOrFromAnotherBrowserIsRefused() {
        SsoTenant sso = ssoTenant("sso-state", Map.of());
        String carol = user("carol", List.of("bl1nk-devs"), Map.of());
        Browser browser = new Browser();
        String callback = authenticateAtProvider(browser, start(browser, sso.slug()), carol);

        HttpResponse<String> forged = browser.get(withParam(callback, "state", "not-the-state"));
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(forged.body()).path("code").asString()).isEqualTo("sso_state_invalid");
        assertThat(forged.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));

        Browser other = new Browser();
        HttpResponse<String> elsewhere = other.get(callback);
        assertThat(elsewhere.statusCode()).isEqualTo(400);
        JsonNode problem = JSON.readTree(elsewhere.body());
        assertThat(problem.path("code").asString()).isEqualTo("sso_state_invalid");
        assertThat(problem.path("reason").asString()).isEqualTo("other_browser");
        assertThat(userId(carol + "@example.test")).as("nothing written").isNull();
    }

    @Test
    void aReplayedCallbackAndAReplayedCodeAreRefused() {
        SsoTenant sso = ssoTenant("sso-replay", Map.of());
        String dave = user("dave", List.of("bl1nk-devs"), Map.of());
        Login first = ssoLogin(sso.slug(), dave);
        assertThat(first.status()).isEqualTo(303);

        HttpResponse<String> replay = first.browser().get(first.callbackUrl());
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(replay.body()).path("reason").asString()).isEqualTo("unknown_state");

        // the old code under a fresh, valid state: the provider refuses it (used, and bound to another PKCE verifier)
        Browser browser = first.browser();
        String fresh = authenticateAtProvider(browser, start(browser, sso.slug()), dave);
        HttpResponse<String> oldCode = browser.get(withParam(fresh, "code", param(first.callbackUrl(), "code")));
        assertThat(oldCode.statusCode()).as(oldCode.body()).isEqualTo(400);
        assertThat(JSON.readTree(oldCode.body()).path("code").asString()).isEqualTo("sso_code_rejected");
        assertThat(JSON.readTree(oldCode.body()).path("providerError").asString())
                .isEqualTo("invalid_grant");
    }

    @Test
    void anIdTokenForAnotherAudienceIsRefusedAndWritesNothing() {
        SsoTenant sso = ssoTenant("sso-aud", Map.of());
        String eve = user("eve", List.of("bl1nk-admins"), Map.of("idTokenAudience", "some-other-client"));

        Login login = ssoLogin(sso.slug(), eve);

        assertThat(login.status()).as(login.callback().body()).isEqualTo(401);
        assertThat(login.problem().path("code").asString()).isEqualTo("sso_token_invalid");
        assertThat(login.problem().path("reason").asString()).isEqualTo("wrong_audience");
        assertThat(login.problem().path("detail").asString()).contains("some-other-client");
        assertThat(userId(eve + "@example.test")).isNull();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(audited(sso.tenant().id(), "sso.login", "failure"))
                        .isEqualTo(1));
    }

    @Test
    void anExpiredIdTokenIsRefused() {
        SsoTenant sso = ssoTenant("sso-exp", Map.of());
        String frank = user("frank", List.of("bl1nk-admins"), Map.of("idTokenExpired", true));

        Login login = ssoLogin(sso.slug(), frank);

        assertThat(login.status()).isEqualTo(401);
        assertThat(login.problem().path("reason").asString()).isEqualTo("expired");
        assertThat(userId(frank + "@example.test")).isNull();
    }

    @Test
    void aUserWithoutAMappedGroupIsRefusedWhenTheTenantHasNoDefaultRole() {
        SsoTenant strict = ssoTenant("sso-nomap", Map.of());
        String grace = user("grace", List.of("marketing"), Map.of());

        Login refused = ssoLogin(strict.slug(), grace);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.problem().path("code").asString()).isEqualTo("sso_no_role");
        assertThat(refused.problem().path("groupsClaim").asString()).isEqualTo("groups");
        assertThat(userId(grace + "@example.test")).as("nothing written").isNull();

        SsoTenant lenient = ssoTenant("sso-default", Map.of("defaultRole", "viewer"));
        assertThat(ssoLogin(lenient.slug(), grace).status()).isEqualTo(303);
        assertThat(role(lenient.tenant().id(), userId(grace + "@example.test"))).isEqualTo("viewer");
    }

    @Test
    void withoutJustInTimeUsersAnUnknownPersonIsRefused() {
        SsoTenant sso = ssoTenant("sso-nojit", Map.of("jitUsers", false));
        String heidi = user("heidi", List.of("bl1nk-devs"), Map.of());

        Login login = ssoLogin(sso.slug(), heidi);

        assertThat(login.status()).isEqualTo(403);
        assertThat(login.problem().path("code").asString()).isEqualTo("sso_user_refused");
        assertThat(login.problem().path("reason").asString()).isEqualTo("not_provisioned");
        assertThat(userId(heidi + "@example.test")).isNull();
    }

    @Test
    void aProviderErrorIsReportedWithTheProvidersCode() {
        SsoTenant sso = ssoTenant("sso-denied", Map.of());
        Browser browser = new Browser();
        String authorize = start(browser, sso.slug());

        HttpResponse<String> denied = browser.get(gateway() + SsoPaths.callback(sso.slug()) + "?state="
                + param(authorize, "state") + "&error=access_denied&error_description=User%20cancelled");

        assertThat(denied.statusCode()).isEqualTo(400);
        JsonNode problem = JSON.readTree(denied.body());
        assertThat(problem.path("code").asString()).isEqualTo("sso_provider_error");
        assertThat(problem.path("providerError").asString()).isEqualTo("access_denied");
        assertThat(problem.path("detail").asString()).contains("User cancelled");
    }

    @Test
    void aTenantWithoutSsoAndAnUnknownTenantAnswerTheSame404() {
        TestTenant plain = newTenant("sso-none");
        Browser browser = new Browser();

        HttpResponse<String> none = browser.get(gateway() + SsoPaths.start(plain.slug()));
        HttpResponse<String> unknown = browser.get(gateway() + SsoPaths.start("no-such-tenant-" + UUID.randomUUID()));

        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(none.body()).path("code").asString()).isEqualTo("sso_not_configured");
        assertThat(JSON.readTree(unknown.body()).path("code").asString()).isEqualTo("sso_not_configured");
    }

    @Test
    void theStartSendsPkceS256AStateAndANonceAndBindsTheBrowser() {
        SsoTenant sso = ssoTenant("sso-start", Map.of());
        Browser browser = new Browser();

        String authorize = start(browser, sso.slug());

        assertThat(param(authorize, "code_challenge_method")).isEqualTo("S256");
        assertThat(param(authorize, "code_challenge")).hasSize(43);
        assertThat(param(authorize, "state")).hasSizeGreaterThanOrEqualTo(43);
        assertThat(param(authorize, "nonce")).hasSizeGreaterThanOrEqualTo(43);
        assertThat(param(authorize, "client_id")).isEqualTo(sso.clientId());
        assertThat(param(authorize, "redirect_uri")).isEqualTo(gateway() + SsoPaths.callback(sso.slug()));
        assertThat(browser.cookies(gateway())).containsKey(LoginAttempts.COOKIE);
        HttpResponse<String> offsite = browser.get(gateway() + SsoPaths.start(sso.slug()) + "?returnTo=//evil.example");
        assertThat(offsite.statusCode()).isEqualTo(400);
        assertThat(offsite.body()).contains("returnTo");
    }
}
