package com.bl1nk.gateway.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real OIDC provider of the SSO tests: test-oidc-server's jar (the Spring Authorization Server) run as a child JVM
 * on a random loopback port, started once per test JVM and stopped with it. Kept out of this JVM so its servlet stack
 * and Spring Security never reach the gateway's reactive test classpath. Tests register their client (with the
 * gateway's callback URL) and users through its {@code /test-admin} endpoints.
 */
public final class OidcProvider {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static volatile OidcProvider instance;

    private final String issuer;

    private OidcProvider(String issuer) {
        this.issuer = issuer;
    }

    /** The running provider, started on first use. */
    public static OidcProvider get() {
        if (instance == null) {
            synchronized (OidcProvider.class) {
                if (instance == null) {
                    instance = start();
                }
            }
        }
        return instance;
    }

    /** The issuer URL ({@code http://127.0.0.1:<port>}). */
    public String issuer() {
        return issuer;
    }

    /** Registers (or replaces) a client allowed to redirect to {@code redirectUri}. */
    public void putClient(String clientId, String secret, String redirectUri, String authMethod) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("secret", secret);
        body.put("redirectUris", List.of(redirectUri));
        body.put("authMethod", authMethod);
        put("/test-admin/clients/" + clientId, body);
    }

    /** Creates or replaces a user; {@code extra} may set idTokenAudience, idTokenExpired, name. */
    public void putUser(
            String username,
            String password,
            String email,
            boolean emailVerified,
            List<String> groups,
            Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>(extra);
        body.put("password", password);
        body.put("email", email);
        body.put("emailVerified", emailVerified);
        body.put("groups", groups);
        put("/test-admin/users/" + username, body);
    }

    private void put(String path, Map<String, Object> body) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(issuer + path))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 204) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static OidcProvider start() {
        String jar = System.getProperty("bl1nk.test.oidc-server.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("The test OIDC server jar is missing (" + jar + "): build test-oidc-server"
                    + " first (the reactor does, with -am), and run this test through failsafe");
        }
        try {
            Path dir = Files.createTempDirectory("test-oidc");
            Path portFile = dir.resolve("port");
            Path log = dir.resolve("server.log");
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(
                            java,
                            "-Xmx256m",
                            "-XX:TieredStopAtLevel=1",
                            "-jar",
                            jar,
                            "--bl1nk.test-oidc.port-file=" + portFile)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "stop-test-oidc-server"));
            await("the test OIDC server to listen (log: " + log + ")")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("The test OIDC server exited: " + Files.readString(log));
                        }
                        return Files.isRegularFile(portFile);
                    });
            return new OidcProvider(
                    "http://127.0.0.1:" + Files.readString(portFile).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
