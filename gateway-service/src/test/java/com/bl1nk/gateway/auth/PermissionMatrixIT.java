package com.bl1nk.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.gateway.support.GatewayIntegrationTest;
import com.bl1nk.testsupport.PermissionMatrix;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's own routes (tenants, API keys, audit, members, invitations, sessions, SSO), as its OpenAPI document
 * lists them, answer real API keys of every role, a narrowed scope, no key and another tenant's key as their declared
 * permission says (open sign-in routes: no key needed, listed open and rate limited); the matrix is
 * docs/permissions/gateway.md. The services' routes behind the gateway have their own matrices.
 */
class PermissionMatrixIT extends GatewayIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> ROLES =
            List.of(Identity.OWNER, Identity.ADMIN, Identity.DEVELOPER, Identity.VIEWER);

    @Autowired
    @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping;

    record Route(String method, String path, Permission permission) {}

    @Test
    void everyGatewayRouteAnswersEveryCallerAsItsPermissionSays() {
        List<Route> routes = routes();
        assertThat(documented())
                .isEqualTo(new TreeSet<>(
                        routes.stream().map(r -> r.method() + " " + r.path()).toList()));

        TestTenant tenant = newTenant("perm-matrix");
        TestTenant other = newTenant("perm-matrix-other");
        Map<String, String> keys = new java.util.HashMap<>();
        for (String role : ROLES) {
            keys.put(
                    role,
                    createKey(tenant.ownerKey(), null, role + " key", List.of(role), List.of())
                            .key());
        }
        String narrowed = createKey(tenant.ownerKey(), null, "narrowed", List.of(Identity.OWNER), List.of("tasks:read"))
                .key();

        StringBuilder doc = new StringBuilder(PermissionMatrix.header("gateway"));
        for (Route route : routes) {
            String path = route.path().replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
            Permission permission = route.permission();
            if (permission.kind() == Permission.Kind.OPEN) {
                // sign-in: no key needed, listed as open and rate limited per client address
                assertThat(permission)
                        .as("%s: the gateway's only open routes are sign-in steps", route)
                        .isIn(Permission.CREDENTIALS, Permission.SIGN_IN);
                if (permission == Permission.CREDENTIALS) {
                    assertThat(OpenPaths.SIGN_IN)
                            .as("%s is a listed sign-in path", route)
                            .contains(route.path());
                } else {
                    assertThat(route.path()).as("%s is an SSO step", route).startsWith("/api/v1/auth/sso/");
                }
                assertThat(OpenPaths.isOpen(PathContainer.parsePath(path)))
                        .as("%s is open", route)
                        .isTrue();
                assertThat(status(route, path, null))
                        .as("%s without a key", route)
                        .isNotIn(401, 403);
                doc.append(PermissionMatrix.row(route.method(), route.path(), permission))
                        .append('\n');
                continue;
            }
            assertThat(status(route, path, null)).as("%s without a key", route).isEqualTo(401);
            switch (permission.kind()) {
                case ROLE -> {
                    for (String role : ROLES) {
                        JsonNode answer = call(route, path, keys.get(role));
                        if (permission.roles().contains(role)) {
                            assertThat(answer.path("status").asInt(200))
                                    .as("%s as %s: %s", route, role, answer)
                                    .isNotIn(401, 403);
                        } else {
                            assertThat(answer.path("code").asString())
                                    .as("%s as %s: %s", route, role, answer)
                                    .isEqualTo("missing_role");
                        }
                    }
                    assertThat(call(route, path, narrowed).path("code").asString())
                            .as("%s with a key scoped to tasks:read", route)
                            .isEqualTo("missing_scope");
                }
                case PLATFORM -> {
                    assertThat(call(route, path, keys.get(Identity.OWNER))
                                    .path("code")
                                    .asString())
                            .as("%s as an owner without platform:admin", route)
                            .isEqualTo("missing_scope");
                    assertThat(status(route, path, adminKey()))
                            .as("%s as the platform admin", route)
                            .isNotIn(401, 403);
                }
                default -> throw new AssertionError(route + ": the gateway has no " + permission.kind() + " routes");
            }
            if (route.path().contains("{")) {
                // another tenant's owner never gets a resource by id
                assertThat(status(route, path, other.ownerKey()) / 100)
                        .as("%s by another tenant", route)
                        .isNotEqualTo(2);
            }
            doc.append(PermissionMatrix.row(route.method(), route.path(), permission))
                    .append('\n');
        }
        PermissionMatrix.assertDocumented("gateway", doc.toString());
    }

    private List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        mapping.getHandlerMethods().forEach((info, handler) -> {
            Method method = handler.getMethod();
            if (!method.getDeclaringClass().getName().startsWith("com.bl1nk.")) {
                return;
            }
            Requires requires = method.getAnnotation(Requires.class);
            assertThat(requires).as("%s declares its permission", method).isNotNull();
            info.getPatternsCondition().getPatterns().forEach(pattern -> {
                for (RequestMethod verb : info.getMethodsCondition().getMethods()) {
                    routes.add(new Route(verb.name(), pattern.getPatternString(), requires.value()));
                }
            });
        });
        routes.sort(Comparator.comparing(Route::path).thenComparing(Route::method));
        return routes;
    }

    private Set<String> documented() {
        byte[] docs = client().get()
                .uri("/v3/api-docs/gateway")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody();
        JsonNode paths = JSON.readTree(docs).path("paths");
        Set<String> routes = new TreeSet<>();
        for (String path : paths.propertyNames()) {
            for (String method : paths.get(path).propertyNames()) {
                routes.add(method.toUpperCase() + " " + path);
            }
        }
        return routes;
    }

    private int status(Route route, String path, String key) {
        return exchange(route, path, key).getStatus().value();
    }

    private JsonNode call(Route route, String path, String key) {
        byte[] body = exchange(route, path, key).getResponseBody();
        if (body == null || body.length == 0) {
            return JSON.createObjectNode();
        }
        // an NDJSON answer (the audit export) is judged by its first line
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
        int newline = text.indexOf('\n');
        return JSON.readTree(newline < 0 ? text : text.substring(0, newline));
    }

    private org.springframework.test.web.reactive.server.EntityExchangeResult<byte[]> exchange(
            Route route, String path, String key) {
        var spec = client().method(HttpMethod.valueOf(route.method())).uri(path).accept(MediaType.APPLICATION_JSON);
        if (key != null) {
            spec = spec.header(HttpHeaders.AUTHORIZATION, bearer(key));
        }
        if (!route.method().equals("GET") && !route.method().equals("DELETE")) {
            spec.contentType(MediaType.APPLICATION_JSON).bodyValue("{}");
        }
        return spec.exchange().expectBody().returnResult();
    }
}
