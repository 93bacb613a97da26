package com.bl1nk.common.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityHeaders;
import com.bl1nk.common.identity.IdentityHolder;
import com.bl1nk.common.identity.IdentityTokenCodec;
import com.bl1nk.common.identity.TrustedKeys;
import com.bl1nk.common.identity.WorkloadKey;
import com.bl1nk.common.trace.Traceparent;
import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

class DownstreamClientsTests {

    private static final UUID TENANT = UUID.randomUUID();

    private static final WorkloadKey TASK_KEY = WorkloadKey.generate("task");
    private static final TrustedKeys TRUSTED = TrustedKeys.of(List.of(TASK_KEY));

    private final IdentityTokenCodec tokens =
            new IdentityTokenCodec("task", TASK_KEY, TRUSTED, Duration.ofMinutes(5), Clock.systemUTC());
    private final List<Map<String, List<String>>> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final CountDownLatch never = new CountDownLatch(1);
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", exchange -> {
            received.add(Map.copyOf(exchange.getRequestHeaders()));
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/hang", exchange -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    @AfterEach
    void stop() {
        never.countDown();
        server.stop(0);
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private DownstreamClients clients(CircuitBreakerRegistry registry) {
        return new DownstreamClients(RestClient::builder, tokens, Duration.ofMinutes(1), registry);
    }

    @Test
    void aCallCarriesThisWorkloadsTokenForTheDownstreamAndATraceparent() {
        RestClient rag = clients(CircuitBreakerRegistry.ofDefaults())
                .restClient(new Downstream("rag", baseUrl(), Duration.ofSeconds(1), Duration.ofSeconds(2)));
        Identity caller = Identity.service("task-service", TENANT, Set.of(Identity.DEVELOPER), Set.of());

        try (var ignored = IdentityHolder.bind(caller)) {
            assertThat(rag.get().uri("/ok").retrieve().body(String.class)).contains("ok");
        }

        Map<String, List<String>> headers = received.getFirst();
        String token = header(headers, IdentityHeaders.IDENTITY);
        assertThat(token).isNotBlank();
        IdentityTokenCodec.Verified verified =
                IdentityTokenCodec.verifier("rag", TRUSTED, Clock.systemUTC()).verify(token);
        assertThat(verified.identity().tenantId()).isEqualTo(TENANT);
        assertThat(verified.issuer()).isEqualTo("task");
        assertThat(Traceparent.parse(header(headers, Traceparent.HEADER))).isPresent();
    }

    @Test
    void aSlowDownstreamFailsAfterTheReadTimeout() {
        RestClient slow = clients(CircuitBreakerRegistry.ofDefaults())
                .restClient(new Downstream("slow", baseUrl(), Duration.ofSeconds(1), Duration.ofMillis(200)));

        long started = System.nanoTime();
        assertThatThrownBy(() -> slow.get().uri("/hang").retrieve().toBodilessEntity())
                .isInstanceOf(ResourceAccessException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void serverErrorsOpenTheDownstreamsCircuitAndThenCallsFailFastWithoutBeingSent() {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowSize(2)
                .minimumNumberOfCalls(2)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofMinutes(1))
                .build());
        DownstreamClients clients = clients(registry);
        RestClient billing =
                clients.restClient(new Downstream("billing", baseUrl(), Duration.ofSeconds(1), Duration.ofSeconds(2)));
        status.set(500);

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> billing.get().uri("/ok").retrieve().toBodilessEntity())
                    .isInstanceOf(RestClientResponseException.class);
        }
        assertThat(clients.circuitBreaker("billing").getState()).isEqualTo(CircuitBreaker.State.OPEN);

        status.set(200);
        assertThatThrownBy(() -> billing.get().uri("/ok").retrieve().toBodilessEntity())
                .isInstanceOf(ResourceAccessException.class)
                .hasRootCauseInstanceOf(CircuitOpenException.class);
        assertThat(received).hasSize(2);
        assertThat(clients.circuitBreaker("rag").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void deliberateGatewayAndBusyAnswersDoNotOpenTheCircuitForEveryTenant() {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowSize(2)
                .minimumNumberOfCalls(2)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofMinutes(1))
                .build());
        DownstreamClients clients = clients(registry);
        RestClient mcp =
                clients.restClient(new Downstream("mcp", baseUrl(), Duration.ofSeconds(1), Duration.ofSeconds(2)));

        for (int code : new int[] {502, 503, 504, 502, 503, 504}) {
            status.set(code);
            assertThatThrownBy(() -> mcp.get().uri("/ok").retrieve().toBodilessEntity())
                    .isInstanceOf(RestClientResponseException.class);
        }
        assertThat(clients.circuitBreaker("mcp").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(received).hasSize(6);
    }

    private static String header(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().getFirst())
                .findFirst()
                .orElse(null);
    }
}
