package com.bl1nk.gateway.sso;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.gateway.support.Browser;
import com.bl1nk.gateway.support.OidcProvider;
import com.bl1nk.gateway.support.PeopleIntegrationTest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import tools.jackson.databind.JsonNode;

/** Shared steps of the SSO tests: a tenant with SSO at the real provider, and a login driven like a browser. */
abstract class SsoFixture extends PeopleIntegrationTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"");

    final OidcProvider provider = OidcProvider.get();

    /** A tenant whose SSO is configured at the provider with its own client. */
    record SsoTenant(TestTenant tenant, String clientId, String secret) {
        String slug() {
            return tenant.slug();
        }
    }

    /** What one login produced. */
    record Login(String callbackUrl, HttpResponse<String> callback, Browser browser) {
        int status() {
            return callback.statusCode();
        }

        JsonNode problem() {
            return JSON.readTree(callback.body());
        }
    }

    String gateway() {
        return "http://127.0.0.1:" + port;
    }

    /** A fresh tenant with SSO: mapping {@code bl1nk-admins=admin, bl1nk-devs=developer}, plus {@code config}. */
    SsoTenant ssoTenant(String label, Map<String, Object> config) {
        TestTenant tenant = newTenant(label);
        String clientId = "client-" + tenant.slug();
        String secret = UUID.randomUUID().toString();
        provider.putClient(clientId, secret, gateway() + SsoPaths.callback(tenant.slug()), "client_secret_basic");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("issuer", provider.issuer());
        body.put("clientId", clientId);
        body.put("clientSecret", secret);
        body.put("roleMapping", Map.of("bl1nk-admins", "admin", "bl1nk-devs", "developer"));
        body.putAll(config);
        client().put()
                .uri("/api/v1/sso/config")
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk();
        return new SsoTenant(tenant, clientId, secret);
    }

    /** A user at the provider with a unique name and e-mail. */
    String user(String label, List<String> groups, Map<String, Object> extra) {
        String username = label + "-" + UUID.randomUUID().toString().substring(0, 8);
        provider.putUser(username, PASSWORD, username + "@example.test", true, groups, extra);
        return username;
    }

    /** Starts a login in {@code browser}; returns the provider's authorization URL. */
    String start(Browser browser, String slug) {
        HttpResponse<String> start = browser.get(gateway() + SsoPaths.start(slug));
        assertThat(start.statusCode()).as("start: %s", start.body()).isEqualTo(302);
        String authorize = Browser.location(start);
        assertThat(authorize).startsWith(provider.issuer() + "/oauth2/authorize?");
        return authorize;
    }

    /** Signs in at the provider (form login with its CSRF token); returns the callback URL it redirects to. */
    String authenticateAtProvider(Browser browser, String authorize, String username) {
        HttpResponse<String> toLogin = browser.get(authorize);
        if (toLogin.statusCode() == 302 && Browser.location(toLogin).endsWith("/login")) {
            HttpResponse<String> form = browser.get(Browser.location(toLogin));
            Matcher csrf = CSRF.matcher(form.body());
            assertThat(csrf.find()).as("login form with a CSRF token").isTrue();
            HttpResponse<String> posted = browser.postForm(
                    provider.issuer() + "/login",
                    Map.of("username", username, "password", PASSWORD, "_csrf", csrf.group(1)));
            assertThat(posted.statusCode()).as("login POST").isEqualTo(302);
            toLogin = browser.get(Browser.location(posted));
        }
        assertThat(toLogin.statusCode()).as("authorize: %s", toLogin.body()).isEqualTo(302);
        String callback = Browser.location(toLogin);
        assertThat(URI.create(callback).getPath()).endsWith("/callback");
        return callback;
    }

    /** A whole login in a new browser. */
    Login ssoLogin(String slug, String username) {
        Browser browser = new Browser();
        String callback = authenticateAtProvider(browser, start(browser, slug), username);
        return new Login(callback, browser.get(callback), browser);
    }

    static String param(String url, String name) {
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(
                        pair.substring(name.length() + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("No " + name + " in " + url);
    }

    static String withParam(String url, String name, String value) {
        String query = URI.create(url).getRawQuery();
        StringBuilder rebuilt = new StringBuilder();
        for (String pair : query.split("&")) {
            if (!pair.startsWith(name + "=")) {
                rebuilt.append(rebuilt.isEmpty() ? "" : "&").append(pair);
            }
        }
        rebuilt.append("&")
                .append(name)
                .append("=")
                .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
        return url.substring(0, url.indexOf('?') + 1) + rebuilt;
    }

    UUID userId(String email) {
        return jdbc.sql("select id from identity.users where email = :email")
                .param("email", email)
                .query(UUID.class)
                .optional()
                .orElse(null);
    }

    String role(UUID tenantId, UUID userId) {
        return jdbc.sql("select role from identity.memberships where tenant_id = :t and user_id = :u")
                .param("t", tenantId)
                .param("u", userId)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    int count(String sql, Map<String, Object> params) {
        return jdbc.sql(sql).params(params).query(Integer.class).single();
    }

    /** Audit events of a tenant with this action and outcome. */
    int audited(UUID tenantId, String action, String outcome) {
        return count(
                "select count(*) from identity.audit_events where tenant_id = :t and action = :a and outcome = :o",
                Map.of("t", tenantId, "a", action, "o", outcome));
    }
}
