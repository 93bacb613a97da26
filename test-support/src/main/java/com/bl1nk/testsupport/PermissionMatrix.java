package com.bl1nk.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityHeaders;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.PermissionCoverage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The route × role matrix of one servlet service, walked for real: every route of its OpenAPI document must be a
 * declared endpoint ({@link Requires}) and vice versa; each is called with no token, with each role, with a key scoped
 * to another permission, with another tenant's key and (for internal ones) with the gateway's token, and must answer as
 * the matrix says. The matrix is written to {@code docs/permissions/<service>.md}; a changed matrix fails until the file
 * is regenerated ({@code -Dbl1nk.permissions.update=true}) and committed, so every change of who may do what is
 * reviewed.
 */
public final class PermissionMatrix {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> ROLES =
            List.of(Identity.OWNER, Identity.ADMIN, Identity.DEVELOPER, Identity.VIEWER);
    private static final Pattern VARIABLE = Pattern.compile("\\{\\*?([^}/]+)}");
    private static final Set<String> SKIP_EXECUTION = Set.of(
            // would act on platform-wide state shared by the other tests of this JVM
            "DELETE /api/v1/github/app");

    private final String service;
    private final String baseUrl;
    private final List<PermissionCoverage.Route> declared;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param service the workload name (task, rag, mcp, billing) tokens are addressed to
     * @param port the port the app under test listens on
     */
    /**
     * @param declared {@code PermissionCoverage.routes(requestMappingHandlerMapping)} of the app under test
     */
    public PermissionMatrix(String service, int port, List<PermissionCoverage.Route> declared) {
        this.service = service;
        this.baseUrl = "http://127.0.0.1:" + port;
        this.declared = List.copyOf(declared);
    }

    /** One declared route. */
    public record Route(String method, String path, Permission permission, String consumes, String produces) {
        String key() {
            return method + " " + path;
        }
    }

    /** Every route of the service's controllers with its permission. */
    public List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        for (PermissionCoverage.Route route : declared) {
            assertThat(route.permission())
                    .as("%s %s declares its permission", route.method(), route.path())
                    .isNotNull();
            routes.add(new Route(route.method(), route.path(), route.permission(), route.consumes(), route.produces()));
        }
        return routes;
    }

    /** Asserts that the OpenAPI document lists exactly the declared routes but the internal ones, and none of those. */
    public void assertOpenApiMatchesRoutes() {
        HttpResponse<String> docs = send("GET", "/v3/api-docs", null, null);
        assertThat(docs.statusCode()).as("GET /v3/api-docs").isEqualTo(200);
        Set<String> documented = new TreeSet<>();
        JsonNode paths = JSON.readTree(docs.body()).path("paths");
        for (String path : paths.propertyNames()) {
            if (path.equals("/error")) {
                continue; // Spring's error page, served by the framework for failed requests, not a bl1nk route
            }
            for (String method : paths.get(path).propertyNames()) {
                documented.add(method.toUpperCase() + " " + path);
            }
        }
        assertThat(documented)
                .as("internal operations are not in %s's public API docs", service)
                .noneMatch(route -> route.contains(" /internal/"));
        Set<String> declared = new TreeSet<>();
        for (Route route : routes()) {
            if (route.permission().kind() != Permission.Kind.INTERNAL) {
                declared.add(route.method() + " " + route.path().replace("{*", "{"));
            }
        }
        assertThat(declared)
                .as("declared routes of %s vs its OpenAPI document", service)
                .isEqualTo(documented);
    }

    /** Calls every route as every kind of caller and asserts the matrix; returns the matrix as Markdown. */
    public String assertEnforced() {
        StringBuilder doc = new StringBuilder();
        doc.append("# Permissions: ")
                .append(service)
                .append("-service\n\n")
                .append("Generated by `PermissionMatrixIT` of ")
                .append(service)
                .append("-service from the running service (do not edit; regenerate with ")
                .append("`./bl1nk test -Dbl1nk.permissions.update=true`). ✓ allowed, ✗ 403. Every route also answers ")
                .append("401 without a token, 403 `missing_scope` to a key scoped to other permissions, and never ")
                .append("serves another tenant's data (404).\n\n")
                .append("| Method | Path | Permission (scope) | owner | admin | developer | viewer |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (Route route : routes()) {
            doc.append(check(route)).append('\n');
        }
        return doc.toString();
    }

    private String check(Route route) {
        String path = concrete(route.path());
        Permission permission = route.permission();
        String row = "| " + route.method() + " | `" + route.path() + "` | ";
        boolean execute = !SKIP_EXECUTION.contains(route.key());
        switch (permission.kind()) {
            case OPEN -> {
                return row + openCell(permission) + " | — | — | — | — |";
            }
            case INTERNAL -> {
                expect(route, call(route, path, null), 401, null);
                expect(
                        route,
                        call(route, path, TestIdentities.token(owner(UUID.randomUUID()))),
                        403,
                        "caller_not_allowed");
                assertNotForbidden(route, call(route, path, TestIdentities.internalToken(owner(UUID.randomUUID()))));
                return row + "internal: service token of an allowed caller only | ✗ | ✗ | ✗ | ✗ |";
            }
            case PLATFORM -> {
                expect(route, call(route, path, null), 401, null);
                expect(route, call(route, path, token(Identity.OWNER, Set.of())), 403, "missing_scope");
                if (execute) {
                    assertNotForbidden(route, call(route, path, token(Identity.OWNER, Set.of("platform:admin"))));
                }
                return row + "`platform:admin` (scope only) | ✗ | ✗ | ✗ | ✗ |";
            }
            case ROLE -> {
                expect(route, call(route, path, null), 401, null);
                StringBuilder cells = new StringBuilder(row + "`" + permission.scope() + "` |");
                for (String role : ROLES) {
                    boolean allowed = permission.roles().contains(role);
                    HttpResponse<String> response = null;
                    if (!allowed || execute) {
                        response = call(route, path, token(role, Set.of()));
                    }
                    if (allowed) {
                        if (response != null) {
                            assertNotForbidden(route, response);
                        }
                    } else {
                        expect(route, response, 403, "missing_role");
                    }
                    cells.append(allowed ? " ✓ |" : " ✗ |");
                }
                String other = permission == Permission.TASKS_READ ? "agents:read" : "tasks:read";
                expect(route, call(route, path, token(Identity.OWNER, Set.of(other))), 403, "missing_scope");
                if (execute) {
                    assertNotForbidden(route, call(route, path, token(Identity.OWNER, Set.of(permission.scope()))));
                    if (route.path().contains("{")) {
                        // another tenant's owner never gets an object by id it does not own
                        HttpResponse<String> otherTenant = call(route, path, token(Identity.OWNER, Set.of()));
                        assertThat(otherTenant.statusCode() / 100)
                                .as("%s by another tenant: %s", route.key(), otherTenant.body())
                                .isNotEqualTo(2);
                    }
                }
                return cells.toString();
            }
            default -> throw new IllegalStateException();
        }
    }

    /** The Markdown head of a service's matrix. */
    public static String header(String service) {
        return "# Permissions: " + service + "-service\n\n"
                + "Generated by `PermissionMatrixIT` of " + service
                + "-service from the running service (do not edit; regenerate with "
                + "`./bl1nk test -Dbl1nk.permissions.update=true`). ✓ allowed, ✗ 403. Every route also answers "
                + "401 without a token, 403 `missing_scope` to a key scoped to other permissions, and never "
                + "serves another tenant's data (404).\n\n"
                + "| Method | Path | Permission (scope) | owner | admin | developer | viewer |\n"
                + "|---|---|---|---|---|---|---|\n";
    }

    /** The Markdown row of one route. */
    public static String row(String method, String path, Permission permission) {
        String row = "| " + method + " | `" + path + "` | ";
        return switch (permission.kind()) {
            case OPEN -> row + openCell(permission) + " | — | — | — | — |";
            case INTERNAL -> row + "internal: service token of an allowed caller only | ✗ | ✗ | ✗ | ✗ |";
            case PLATFORM -> row + "`platform:admin` (scope only) | ✗ | ✗ | ✗ | ✗ |";
            case ROLE -> {
                StringBuilder cells = new StringBuilder(row + "`" + permission.scope() + "` |");
                for (String role : ROLES) {
                    cells.append(permission.roles().contains(role) ? " ✓ |" : " ✗ |");
                }
                yield cells.toString();
            }
        };
    }

    private static String openCell(Permission permission) {
        return switch (permission) {
            case SIGN_IN -> "none: a sign-in step, rate limited per client IP";
            case CREDENTIALS -> "open: the request carries a password or link token (rate limited per address)";
            default -> "none: the request is signed";
        };
    }

    /** Writes or compares {@code docs/permissions/<service>.md}. */
    public void assertDocumented(String matrix) {
        assertDocumented(service, matrix);
    }

    /** Writes ({@code -Dbl1nk.permissions.update=true}) or compares {@code docs/permissions/<service>.md}. */
    public static void assertDocumented(String service, String matrix) {
        Path file = repositoryRoot().resolve("docs/permissions/" + service + ".md");
        try {
            if (Boolean.getBoolean("bl1nk.permissions.update")) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, matrix, StandardCharsets.UTF_8);
                return;
            }
            assertThat(Files.exists(file))
                    .as("%s is missing: run ./bl1nk test -Dbl1nk.permissions.update=true and commit it", file)
                    .isTrue();
            assertThat(Files.readString(file, StandardCharsets.UTF_8))
                    .as(
                            "%s is out of date: who may do what changed; regenerate with ./bl1nk test"
                                    + " -Dbl1nk.permissions.update=true, review and commit it",
                            file)
                    .isEqualTo(matrix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String concrete(String pattern) {
        Matcher m = VARIABLE.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = name.equals("version")
                    ? "1"
                    : name.equals("model")
                            ? "mock-gpt"
                            : name.equals("qualifiedName")
                                    ? "srv__tool"
                                    : UUID.randomUUID().toString();
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String token(String role, Set<String> scopes) {
        UUID tenant = UUID.randomUUID();
        UUID key = UUID.randomUUID();
        return TestIdentities.token(new Identity(tenant, "key:" + key, Set.of(role), scopes, key));
    }

    private static Identity owner(UUID tenant) {
        return TestIdentities.owner(tenant);
    }

    private static void expect(Route route, HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode())
                .as("%s -> %s", route.key(), response.body())
                .isEqualTo(status);
        if (code != null) {
            JsonNode body = JSON.readTree(response.body());
            // problem+json, or OpenAI's error shape under /v1
            String actual = body.has("error")
                    ? body.path("error").path("code").asString()
                    : body.path("code").asString();
            assertThat(actual).as("%s -> %s", route.key(), response.body()).isEqualTo(code);
        }
    }

    private static void assertNotForbidden(Route route, HttpResponse<String> response) {
        assertThat(response.statusCode())
                .as("%s must be allowed -> %s", route.key(), response.body())
                .isNotIn(401, 403);
    }

    /** Calls a route with a body of the type it consumes (an empty JSON object, or an empty multipart form). */
    private HttpResponse<String> call(Route route, String path, String token) {
        if (route.consumes() != null && route.consumes().startsWith("multipart/")) {
            return send(
                    route.method(),
                    path,
                    token,
                    "--bl1nk-matrix--\r\n",
                    "multipart/form-data; boundary=bl1nk-matrix",
                    accept(route));
        }
        return send(route.method(), path, token, "{}", "application/json", accept(route));
    }

    private static String accept(Route route) {
        return route.produces() == null ? "application/json" : route.produces() + ", application/problem+json";
    }

    private HttpResponse<String> send(String method, String path, String token, String body) {
        return send(method, path, token, body, "application/json", "application/json");
    }

    private HttpResponse<String> send(
            String method, String path, String token, String body, String contentType, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(20))
                .header("Accept", accept);
        if (token != null) {
            request.header(IdentityHeaders.IDENTITY, token);
        }
        boolean hasBody = body != null && !method.equals("GET") && !method.equals("DELETE");
        if (hasBody) {
            request.header("Content-Type", contentType);
        }
        request.method(
                method, hasBody ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("bl1nk"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("not inside the bl1nk repository");
        }
        return dir;
    }
}
