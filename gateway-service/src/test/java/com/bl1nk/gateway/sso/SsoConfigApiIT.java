package com.bl1nk.gateway.sso;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The SSO configuration API: owners and admins of a tenant manage its provider, nobody else reads or changes it; the
 * client secret goes in encrypted and never comes out; bad input is a 400 naming the field, and writes nothing.
 */
class SsoConfigApiIT extends SsoFixture {

    @Autowired
    SsoPolicy policy;

    private Map<String, Object> valid() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("issuer", provider.issuer());
        body.put("clientId", "bl1nk-console");
        body.put("clientSecret", "s3cret-value-never-shown");
        body.put("roleMapping", Map.of("bl1nk-admins", "admin"));
        return body;
    }

    private WebTestClient.ResponseSpec put(String key, Map<String, Object> body) {
        return client().put()
                .uri("/api/v1/sso/config")
                .header(HttpHeaders.AUTHORIZATION, bearer(key))
                .bodyValue(body)
                .exchange();
    }

    private WebTestClient.ResponseSpec get(String key) {
        return client().get()
                .uri("/api/v1/sso/config")
                .header(HttpHeaders.AUTHORIZATION, bearer(key))
                .exchange();
    }

    private JsonNode json(WebTestClient.ResponseSpec spec, int status) {
        byte[] body = spec.expectStatus()
                .isEqualTo(status)
                .expectBody()
                .returnResult()
                .getResponseBody();
        return JSON.readTree(body);
    }

    @Test
    void anOwnerConfiguresSsoAndTheSecretIsStoredEncryptedAndNeverReturned() {
        TestTenant tenant = newTenant("sso-api");

        JsonNode created = json(put(tenant.ownerKey(), valid()), 200);

        assertThat(created.path("clientSecretSet").asBoolean()).isTrue();
        assertThat(created.path("groupsClaim").asString()).isEqualTo("groups");
        assertThat(created.path("tokenAuthMethod").asString()).isEqualTo("client_secret_basic");
        assertThat(created.path("callbackPath").asString())
                .isEqualTo("/api/v1/auth/sso/" + tenant.slug() + "/callback");
        assertThat(created.toString()).doesNotContain("s3cret-value-never-shown");
        String stored = jdbc.sql("select client_secret_encrypted from identity.sso_providers where tenant_id = :t")
                .param("t", tenant.id())
                .query(String.class)
                .single();
        assertThat(stored).startsWith("v1:").doesNotContain("s3cret-value-never-shown");

        Map<String, Object> changed = valid();
        changed.remove("clientSecret");
        changed.put("ssoOnly", true);
        JsonNode updated = json(put(tenant.ownerKey(), changed), 200);
        assertThat(updated.path("clientSecretSet").asBoolean())
                .as("the stored secret is kept")
                .isTrue();
        assertThat(updated.path("ssoOnly").asBoolean()).isTrue();
        assertThat(get(tenant.ownerKey())
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody())
                .doesNotContain("s3cret-value-never-shown");
    }

    @Test
    void badInputIsA400NamingEachFieldAndWritesNothing() {
        TestTenant tenant = newTenant("sso-bad");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("issuer", "http://93.184.215.14");
        body.put("clientId", " ");
        body.put("clientSecret", "x");
        body.put("roleMapping", Map.of("devs", "superuser"));
        body.put("defaultRole", "root");
        body.put("scopes", List.of("email"));

        JsonNode problem = json(put(tenant.ownerKey(), body), 400);

        assertThat(problem.path("code").asString()).isEqualTo("validation_failed");
        Map<String, String> errors = new LinkedHashMap<>();
        problem.path("errors")
                .forEach(e ->
                        errors.put(e.path("field").asString(), e.path("message").asString()));
        assertThat(errors).containsKeys("issuer", "clientId", "roleMapping.devs", "defaultRole", "scopes");
        assertThat(errors.get("issuer")).contains("https");
        assertThat(errors.get("roleMapping.devs")).contains("superuser");
        get(tenant.ownerKey()).expectStatus().isNotFound();
        assertThat(count("select count(*) from identity.sso_providers where tenant_id = :t", Map.of("t", tenant.id())))
                .isZero();
    }

    @Test
    void anIssuerTheSsrfGuardRefusesIsA400NamingTheIssuer() {
        TestTenant tenant = newTenant("sso-ssrf");
        Map<String, Object> body = valid();
        body.put("issuer", "https://169.254.169.254/latest");

        JsonNode problem = json(put(tenant.ownerKey(), body), 400);

        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("issuer");
        assertThat(problem.path("errors").get(0).path("message").asString()).contains("link-local");
    }

    @Test
    void anotherTenantsAdminCannotReadOrChangeTheConfiguration() {
        TestTenant a = newTenant("sso-iso-a");
        TestTenant b = newTenant("sso-iso-b");
        put(a.ownerKey(), valid()).expectStatus().isOk();
        String adminOfB = createKey(b.ownerKey(), null, "b admin", List.of("admin"), List.of())
                .key();

        get(adminOfB).expectStatus().isNotFound();
        Map<String, Object> hijack = valid();
        hijack.put("clientId", "attacker");
        put(adminOfB, hijack).expectStatus().isOk();

        assertThat(json(get(a.ownerKey()), 200).path("clientId").asString()).isEqualTo("bl1nk-console");
        assertThat(json(get(adminOfB), 200).path("tenantId").asString()).isEqualTo(b.id().toString());
    }

    @Test
    void aViewerOrDeveloperCannotChangeItAndAnAdminCannotMapGroupsToOwner() {
        TestTenant tenant = newTenant("sso-roles");
        String viewer = createKey(tenant.ownerKey(), null, "viewer", List.of("viewer"), List.of())
                .key();
        String developer = createKey(tenant.ownerKey(), null, "dev", List.of("developer"), List.of())
                .key();
        String admin = createKey(tenant.ownerKey(), null, "admin", List.of("admin"), List.of())
                .key();

        assertThat(json(put(viewer, valid()), 403).path("code").asString()).isEqualTo("missing_role");
        assertThat(json(put(developer, valid()), 403).path("code").asString()).isEqualTo("missing_role");
        assertThat(json(get(viewer), 403).path("code").asString()).isEqualTo("missing_role");
        Map<String, Object> toOwner = valid();
        toOwner.put("roleMapping", Map.of("bl1nk-admins", "owner"));
        assertThat(json(put(admin, toOwner), 403).path("code").asString()).isEqualTo("role_not_grantable");
        get(tenant.ownerKey()).expectStatus().isNotFound();

        put(admin, valid()).expectStatus().isOk();
        client().delete()
                .uri("/api/v1/sso/config")
                .header(HttpHeaders.AUTHORIZATION, bearer(viewer))
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void anSsoOnlyTenantsMembersMayNotUseTheirPassword() {
        SsoTenant sso = ssoTenant("sso-only", Map.of("ssoOnly", true));
        String ivan = user("ivan", List.of("bl1nk-devs"), Map.of());
        assertThat(ssoLogin(sso.slug(), ivan).status()).isEqualTo(303);
        java.util.UUID ivanId = userId(ivan + "@example.test");

        assertThat(policy.passwordLoginAllowed(ivanId)).isFalse();
        assertThat(policy.ssoOnly(sso.tenant().id())).isTrue();

        Map<String, Object> relaxed = new LinkedHashMap<>();
        relaxed.put("issuer", provider.issuer());
        relaxed.put("clientId", sso.clientId());
        relaxed.put("roleMapping", Map.of("bl1nk-devs", "developer"));
        relaxed.put("ssoOnly", false);
        put(sso.tenant().ownerKey(), relaxed).expectStatus().isOk();
        assertThat(policy.passwordLoginAllowed(ivanId)).isTrue();
    }

    @Test
    void anSsoOnlyTenantRefusesPasswordLoginOfItsMembersOnceThePasswordIsRight() {
        TestTenant tenant = newTenant("sso-only-pw");
        Session member = member(tenant.ownerKey(), "developer", "pw-user");
        assertThat(login(member.email(), PASSWORD).userId()).isEqualTo(member.userId());

        Map<String, Object> ssoOnly = valid();
        ssoOnly.put("ssoOnly", true);
        put(tenant.ownerKey(), ssoOnly).expectStatus().isOk();

        var refused = loginRaw(member.email(), PASSWORD);
        assertThat(refused.getStatus().value()).isEqualTo(403);
        assertThat(JSON.readTree(refused.getResponseBodyContent()).path("code").asString())
                .isEqualTo("password_login_disabled");
        assertThat(refused.getResponseHeaders().getOrEmpty(HttpHeaders.SET_COOKIE))
                .as("no session")
                .noneMatch(c -> c.startsWith(COOKIE + "="));
        var wrong = loginRaw(member.email(), "not-the-password-at-all");
        assertThat(wrong.getStatus().value())
                .as("a wrong password learns nothing about SSO")
                .isEqualTo(401);
    }

    @Test
    void changesAreAuditedWithoutTheSecret() {
        TestTenant tenant = newTenant("sso-audit");
        put(tenant.ownerKey(), valid()).expectStatus().isOk();
        client().delete()
                .uri("/api/v1/sso/config")
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .exchange()
                .expectStatus()
                .isNoContent();

        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .untilAsserted(() -> {
                    assertThat(audited(tenant.id(), "sso.config_updated", "success"))
                            .isEqualTo(1);
                    assertThat(audited(tenant.id(), "sso.config_deleted", "success"))
                            .isEqualTo(1);
                });
        assertThat(jdbc.sql("select string_agg(details::text, ' ') from identity.audit_events where tenant_id = :t")
                        .param("t", tenant.id())
                        .query(String.class)
                        .single())
                .doesNotContain("s3cret-value-never-shown");
    }
}
