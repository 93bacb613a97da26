package com.bl1nk.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.common.identity.IdentityHeaders;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes the tenant-isolation test of an endpoint a few lines: as tenant B, every method on tenant A's resource must
 * answer 404 problem+json, exactly like a missing resource.
 *
 * <pre>{@code
 * TenantIsolation.assertInvisibleTo(TENANT_B, client, "/api/v1/things/{id}", id);   // GET
 * TenantIsolation.as(TENANT_B, client)
 *         .put("/api/v1/things/{id}", updateBody, id)
 *         .delete("/api/v1/things/{id}", id)
 *         .listExcludes("/api/v1/things", id);
 * }</pre>
 */
public final class TenantIsolation {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RestTestClient client;
    private final String token;
    private final String internalToken;

    private TenantIsolation(RestTestClient client, String token, String internalToken) {
        this.client = client;
        this.token = token;
        this.internalToken = internalToken;
    }

    /** Asserts that a GET of the resource as an owner of {@code tenant} is a 404 problem. */
    public static void assertInvisibleTo(
            UUID tenant, RestTestClient client, String uriTemplate, Object... uriVariables) {
        as(tenant, client).get(uriTemplate, uriVariables);
    }

    /** Asserts 404 for each listed method (PUT/PATCH/POST send {@code {}} as the JSON body). */
    public static void assertInvisibleTo(
            UUID tenant, RestTestClient client, HttpMethod[] methods, String uriTemplate, Object... uriVariables) {
        TenantIsolation check = as(tenant, client);
        for (HttpMethod method : methods) {
            check.request(method, uriTemplate, "{}", uriVariables);
        }
    }

    /** Starts checks acting as an owner of {@code tenant}. */
    public static TenantIsolation as(UUID tenant, RestTestClient client) {
        return new TenantIsolation(
                client, TestIdentities.token(tenant), TestIdentities.internalToken(TestIdentities.owner(tenant)));
    }

    public TenantIsolation get(String uriTemplate, Object... uriVariables) {
        return request(HttpMethod.GET, uriTemplate, null, uriVariables);
    }

    public TenantIsolation delete(String uriTemplate, Object... uriVariables) {
        return request(HttpMethod.DELETE, uriTemplate, null, uriVariables);
    }

    /** PUT with a valid body, so the 404 cannot hide behind a 400. */
    public TenantIsolation put(String uriTemplate, Object body, Object... uriVariables) {
        return request(HttpMethod.PUT, uriTemplate, body, uriVariables);
    }

    public TenantIsolation patch(String uriTemplate, Object body, Object... uriVariables) {
        return request(HttpMethod.PATCH, uriTemplate, body, uriVariables);
    }

    public TenantIsolation post(String uriTemplate, Object body, Object... uriVariables) {
        return request(HttpMethod.POST, uriTemplate, body, uriVariables);
    }

    /**
     * Asserts that a list endpoint ({@code {items: [{id, ...}], nextCursor}}) at {@code path} answers 200 without any
     * item whose {@code id} is one of {@code hiddenIds} (the other tenant's resources).
     */
    public TenantIsolation listExcludes(String path, Object... hiddenIds) {
        EntityExchangeResult<String> result = client.get()
                .uri(path)
                .header(IdentityHeaders.IDENTITY, token)
                .exchange()
                .returnResult(String.class);
        assertThat(result.getStatus().value())
                .as("list status (body: %s)", result.getResponseBody())
                .isEqualTo(200);
        Set<String> hidden = new HashSet<>();
        for (Object id : hiddenIds) {
            hidden.add(String.valueOf(id));
        }
        for (JsonNode item : JSON.readTree(result.getResponseBody()).path("items")) {
            assertThat(hidden)
                    .as("another tenant's item is listed: %s", item)
                    .doesNotContain(item.path("id").asString());
        }
        return this;
    }

    /**
     * Sends one request and asserts a 404 problem+json; {@code /internal/**} paths go with task-service's token for the
     * tenant, as only a service may call them.
     */
    public TenantIsolation request(HttpMethod method, String uriTemplate, Object body, Object... uriVariables) {
        RestTestClient.RequestBodySpec spec = client.method(method)
                .uri(uriTemplate, uriVariables)
                .header(IdentityHeaders.IDENTITY, uriTemplate.startsWith("/internal/") ? internalToken : token)
                .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);
        if (body != null) {
            spec.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        ProblemAssertions.assertProblem(spec.exchange(), 404, null);
        return this;
    }
}
