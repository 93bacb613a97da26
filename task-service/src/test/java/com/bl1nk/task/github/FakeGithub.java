package com.bl1nk.task.github;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stateful stand-in for GitHub's REST API on loopback: it checks the App JWT and installation tokens the way GitHub
 * does, keeps the comments and reviews posted, and can rate-limit or lose a response on demand.
 */
final class FakeGithub implements AutoCloseable {

    static final long APP_ID = 4242;

    private static final Pattern TOKENS = Pattern.compile("/app/installations/(\\d+)/access_tokens");
    private static final Pattern COMMENTS = Pattern.compile("/repos/([^/]+/[^/]+)/issues/(\\d+)/comments");
    private static final Pattern REVIEWS = Pattern.compile("/repos/([^/]+/[^/]+)/pulls/(\\d+)/reviews");
    private static final Pattern PULL = Pattern.compile("/repos/([^/]+/[^/]+)/pulls/(\\d+)");
    private static final Pattern REACTIONS =
            Pattern.compile("/repos/([^/]+/[^/]+)/issues/(comments/)?(\\d+)/reactions");

    private final HttpServer server;
    private final JsonMapper json = JsonMapper.builder().build();
    private final KeyPair appKey;
    private final Map<String, Long> tokens = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(1000);
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final AtomicInteger rateLimitedAnswers = new AtomicInteger();
    private final AtomicInteger loseNextPostResponses = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);
    final List<Posted> comments = new CopyOnWriteArrayList<>();
    final List<Posted> reviews = new CopyOnWriteArrayList<>();
    final List<String> reactions = new CopyOnWriteArrayList<>();
    final List<String> unauthorized = new CopyOnWriteArrayList<>();
    volatile String diff = "diff --git a/README.md b/README.md\n+hello\n";

    record Posted(long id, String repository, long number, String body) {}

    FakeGithub() throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            appKey = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The App's private key as GitHub hands it out: PKCS#1 PEM. */
    String privateKeyPem() {
        byte[] pkcs8 = appKey.getPrivate().getEncoded();
        byte[] pkcs1 = Arrays.copyOfRange(pkcs8, 26, pkcs8.length); // 2048-bit keys: fixed PKCS#8 header
        return "-----BEGIN RSA PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(pkcs1)
                + "\n-----END RSA PRIVATE KEY-----\n";
    }

    int tokenRequests() {
        return tokenRequests.get();
    }

    void rateLimitNext(int answers) {
        rateLimitedAnswers.set(answers);
    }

    /** The next post is stored but its response never arrives (the caller times out), as when a worker dies. */
    void loseNextPostResponse() {
        loseNextPostResponses.set(1);
    }

    List<Posted> commentsOn(String repository, long number) {
        return comments.stream()
                .filter(c -> c.repository().equals(repository) && c.number() == number)
                .toList();
    }

    void addComment(String repository, long number, String body) {
        comments.add(new Posted(ids.incrementAndGet(), repository, number, body));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (rateLimitedAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                exchange.getResponseHeaders().add("X-RateLimit-Remaining", "0");
                exchange.getResponseHeaders()
                        .add(
                                "X-RateLimit-Reset",
                                String.valueOf(Instant.now().plusSeconds(2).getEpochSecond()));
                send(exchange, 403, "{\"message\":\"API rate limit exceeded\"}");
                return;
            }
            Matcher m;
            if ((m = TOKENS.matcher(path)).matches() && method.equals("POST")) {
                if (!validAppJwt(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    unauthorized.add(path);
                    send(exchange, 401, "{\"message\":\"A JSON web token could not be decoded\"}");
                    return;
                }
                tokenRequests.incrementAndGet();
                String token = "ghs_" + ids.incrementAndGet();
                tokens.put(token, Long.parseLong(m.group(1)));
                send(
                        exchange,
                        201,
                        json.writeValueAsString(Map.of(
                                "token",
                                token,
                                "expires_at",
                                Instant.now().plusSeconds(3600).toString())));
                return;
            }
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("token ") || !tokens.containsKey(auth.substring(6))) {
                unauthorized.add(path);
                send(exchange, 401, "{\"message\":\"Bad credentials\"}");
                return;
            }
            if ((m = COMMENTS.matcher(path)).matches()) {
                String repo = m.group(1);
                long number = Long.parseLong(m.group(2));
                if (method.equals("POST")) {
                    JsonNode request = json.readTree(body);
                    Posted posted = new Posted(
                            ids.incrementAndGet(),
                            repo,
                            number,
                            request.path("body").asString());
                    comments.add(posted);
                    if (loseNextPostResponses.getAndSet(0) > 0) {
                        released.await(30, TimeUnit.SECONDS);
                        return;
                    }
                    send(exchange, 201, json.writeValueAsString(Map.of("id", posted.id(), "body", posted.body())));
                } else {
                    send(exchange, 200, listJson(commentsOn(repo, number)));
                }
                return;
            }
            if ((m = REVIEWS.matcher(path)).matches()) {
                String repo = m.group(1);
                long number = Long.parseLong(m.group(2));
                if (method.equals("POST")) {
                    JsonNode request = json.readTree(body);
                    Posted posted = new Posted(
                            ids.incrementAndGet(),
                            repo,
                            number,
                            request.path("body").asString());
                    reviews.add(posted);
                    send(exchange, 200, json.writeValueAsString(Map.of("id", posted.id(), "body", posted.body())));
                } else {
                    send(
                            exchange,
                            200,
                            listJson(reviews.stream()
                                    .filter(r -> r.repository().equals(repo) && r.number() == number)
                                    .toList()));
                }
                return;
            }
            if ((m = REACTIONS.matcher(path)).matches() && method.equals("POST")) {
                reactions.add(path);
                send(exchange, 201, "{\"id\":1,\"content\":\"eyes\"}");
                return;
            }
            if ((m = PULL.matcher(path)).matches() && method.equals("GET")) {
                send(exchange, 200, diff);
                return;
            }
            send(exchange, 404, "{\"message\":\"Not Found\"}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String listJson(List<Posted> items) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Posted p : items) {
            out.add(Map.of("id", p.id(), "body", p.body(), "user", Map.of("login", "someone", "type", "User")));
        }
        return json.writeValueAsString(out);
    }

    private boolean validAppJwt(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        try {
            SignedJWT jwt = SignedJWT.parse(authorization.substring(7));
            return jwt.verify(new RSASSAVerifier((RSAPublicKey) appKey.getPublic()))
                    && String.valueOf(APP_ID).equals(jwt.getJWTClaimsSet().getIssuer())
                    && jwt.getJWTClaimsSet().getExpirationTime().toInstant().isAfter(Instant.now());
        } catch (Exception e) {
            return false;
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
    }
}
