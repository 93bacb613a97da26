package com.bl1nk.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.idempotency.IdempotencyService;
import com.bl1nk.common.identity.Identity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Idempotency against the real Postgres, in a table of the throwaway test database. */
class IdempotencyServiceIT {

    private static final String TABLE = "it_idem.idempotency_keys";
    private static JdbcTemplate jdbc;
    private static IdempotencyService service;

    private final Identity a = TestIdentities.owner(TestTenants.TENANT_A);
    private final Identity b = TestIdentities.owner(TestTenants.TENANT_B);
    private final AtomicInteger effects = new AtomicInteger();

    record Body(String name, Map<String, Object> options) {}

    @BeforeAll
    static void createTable() {
        jdbc = new JdbcTemplate(TestDatabase.get().dataSource());
        jdbc.execute("""
                create schema if not exists it_idem;
                create table if not exists it_idem.idempotency_keys (
                  tenant_id uuid not null, route text not null, idem_key text not null,
                  request_hash text not null, state text not null,
                  response_status int, response_body text, response_content_type text,
                  created_at timestamptz not null default now(), completed_at timestamptz,
                  primary key (tenant_id, route, idem_key));
                """);
        service = new IdempotencyService(jdbc, JsonMapper.builder().build(), TABLE, Duration.ofHours(24));
    }

    private ResponseEntity<?> create(Identity who, String key, Object body) {
        return service.execute(who, "POST /things", key, body, () -> {
            int n = effects.incrementAndGet();
            return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", "thing-" + n));
        });
    }

    @Test
    void runsTheActionWhenNoKeyIsGiven() {
        create(a, null, new Body("x", Map.of()));
        create(a, null, new Body("x", Map.of()));
        assertThat(effects.get()).isEqualTo(2);
    }

    @Test
    void replaysTheStoredResponseForTheSameKeyAndBody() {
        String key = UUID.randomUUID().toString();
        ResponseEntity<?> first = create(a, key, Map.of("name", "x", "options", Map.of("b", 2, "a", 1)));
        ResponseEntity<?> second = create(a, key, Map.of("options", Map.of("a", 1, "b", 2), "name", "x"));
        assertThat(effects.get()).isEqualTo(1);
        assertThat(first.getStatusCode().value()).isEqualTo(201);
        assertThat(first.getHeaders().containsHeader(IdempotencyService.REPLAYED_HEADER))
                .isFalse();
        assertThat(second.getStatusCode().value()).isEqualTo(201);
        assertThat(second.getHeaders().getFirst(IdempotencyService.REPLAYED_HEADER))
                .isEqualTo("true");
        assertThat(second.getBody()).isEqualTo("{\"id\":\"thing-1\"}");
        assertThat(second.getHeaders().getContentType()).hasToString("application/json");
    }

    @Test
    void refusesTheSameKeyWithADifferentBody() {
        String key = UUID.randomUUID().toString();
        create(a, key, new Body("x", Map.of()));
        assertThatThrownBy(() -> create(a, key, new Body("y", Map.of())))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(422);
                    assertThat(e.code()).isEqualTo("idempotency_key_reused");
                });
        assertThat(effects.get()).isEqualTo(1);
    }

    @Test
    void reportsARequestStillInFlightAs409() {
        String key = UUID.randomUUID().toString();
        Body body = new Body("x", Map.of());
        List<ApiException> inner = new ArrayList<>();
        service.execute(a, "POST /things", key, body, () -> {
            try {
                create(a, key, body);
            } catch (ApiException e) {
                inner.add(e);
            }
            return ResponseEntity.ok("done");
        });
        assertThat(inner).singleElement().satisfies(e -> {
            assertThat(e.getStatusCode().value()).isEqualTo(409);
            assertThat(e.code()).isEqualTo("idempotency_request_in_flight");
        });
    }

    @Test
    void releasesTheKeyWhenTheActionFailsSoARetryRuns() {
        String key = UUID.randomUUID().toString();
        Body body = new Body("x", Map.of());
        assertThatThrownBy(() -> service.execute(a, "POST /things", key, body, () -> {
                    throw ApiException.paymentRequired("budget_exceeded", "no money");
                }))
                .isInstanceOf(ApiException.class);
        ResponseEntity<?> retry = create(a, key, body);
        assertThat(retry.getStatusCode().value()).isEqualTo(201);
        assertThat(effects.get()).isEqualTo(1);
    }

    @Test
    void keysAreScopedToTheTenant() {
        String key = UUID.randomUUID().toString();
        Body body = new Body("x", Map.of());
        create(a, key, body);
        ResponseEntity<?> other = create(b, key, body);
        assertThat(other.getHeaders().containsHeader(IdempotencyService.REPLAYED_HEADER))
                .isFalse();
        assertThat(effects.get()).isEqualTo(2);
    }

    @Test
    void rejectsEmptyAndOverlongKeys() {
        for (String bad : List.of("", " ", "k".repeat(256))) {
            assertThatThrownBy(() -> create(a, bad, new Body("x", Map.of())))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.getStatusCode().value()).isEqualTo(400);
                        assertThat(e.code()).isEqualTo("invalid_idempotency_key");
                    });
        }
        create(a, "k".repeat(255), new Body("x", Map.of()));
        assertThat(effects.get()).isEqualTo(1);
    }

    @Test
    void keysOlderThanTheRetentionMayBeReused() {
        String key = UUID.randomUUID().toString();
        create(a, key, new Body("x", Map.of()));
        jdbc.update("update " + TABLE + " set created_at = now() - interval '25 hours' where idem_key = ?", key);
        ResponseEntity<?> again = create(a, key, new Body("different", Map.of()));
        assertThat(again.getHeaders().containsHeader(IdempotencyService.REPLAYED_HEADER))
                .isFalse();
        assertThat(effects.get()).isEqualTo(2);
    }

    @Test
    void anAbandonedClaimCanBeTakenOverAfterTheInFlightTimeout() {
        String key = UUID.randomUUID().toString();
        Body body = new Body("x", Map.of());
        jdbc.update(
                "insert into " + TABLE + " (tenant_id, route, idem_key, request_hash, state, created_at)"
                        + " values (?, 'POST /things', ?, 'sha256:whatever', 'in_flight', now() - interval '11 minutes')",
                a.tenantId(),
                key);
        ResponseEntity<?> response = create(a, key, body);
        assertThat(response.getStatusCode().value()).isEqualTo(201);
        assertThat(effects.get()).isEqualTo(1);
    }

    @Test
    void refusesUnsafeTableNames() {
        JsonMapper mapper = JsonMapper.builder().build();
        for (String bad : List.of("x; drop table y", "Task.keys", "a.b.c", "\"quoted\"", "")) {
            assertThatThrownBy(() -> new IdempotencyService(jdbc, mapper, bad, Duration.ofHours(1)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void fiftyConcurrentDuplicatesHaveExactlyOneEffect() throws Exception {
        String key = UUID.randomUUID().toString();
        Body body = new Body("concurrent", Map.of("n", 1));
        CountDownLatch start = new CountDownLatch(1);
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(50)) {
            for (int i = 0; i < 50; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    String outcome;
                    try {
                        ResponseEntity<?> r = service.execute(a, "POST /things", key, body, () -> {
                            int n = effects.incrementAndGet();
                            return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", "thing-" + n));
                        });
                        outcome = r.getHeaders().containsHeader(IdempotencyService.REPLAYED_HEADER)
                                ? "replayed"
                                : "executed";
                    } catch (ApiException e) {
                        outcome = e.code();
                    }
                    outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
        }
        System.out.println("IdempotencyServiceIT: 50 concurrent duplicates -> " + outcomes);
        assertThat(effects.get()).isEqualTo(1);
        assertThat(outcomes.get("executed")).hasValue(1);
        assertThat(outcomes.keySet()).isSubsetOf("executed", "replayed", "idempotency_request_in_flight");
        assertThat(outcomes.values().stream().mapToInt(AtomicInteger::get).sum())
                .isEqualTo(50);
    }

    /** Claims, creates and completes in one transaction, as task creation does; returns the response it ends with. */
    private IdempotencyService.StoredResponse createInTransaction(TransactionTemplate tx, String key, Object body) {
        return tx.execute(status -> {
            var earlier = service.claimInTransaction(a, "POST /tx-things", key, body);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            String created = "{\"id\":\"thing-" + effects.incrementAndGet() + "\"}";
            service.completeInTransaction(a, "POST /tx-things", key, 201, created, MediaType.APPLICATION_JSON);
            return new IdempotencyService.StoredResponse(201, created, MediaType.APPLICATION_JSON_VALUE);
        });
    }

    @Test
    void concurrentDuplicatesClaimingInTheirTransactionWaitAndAllGetTheFirstResponse() throws Exception {
        TransactionTemplate tx = new TransactionTemplate(
                new DataSourceTransactionManager(TestDatabase.get().dataSource()));
        String key = UUID.randomUUID().toString();
        Body body = new Body("in-tx", Map.of("n", 1));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<IdempotencyService.StoredResponse>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return createInTransaction(tx, key, body);
                }));
            }
            start.countDown();
            List<IdempotencyService.StoredResponse> responses = new ArrayList<>();
            for (Future<IdempotencyService.StoredResponse> f : futures) {
                responses.add(f.get());
            }
            assertThat(effects.get()).isEqualTo(1);
            assertThat(responses)
                    .extracting(IdempotencyService.StoredResponse::status)
                    .containsOnly(201);
            assertThat(responses)
                    .extracting(IdempotencyService.StoredResponse::body)
                    .containsOnly("{\"id\":\"thing-1\"}");
        }
        assertThatThrownBy(() -> createInTransaction(tx, key, new Body("other", Map.of())))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo("idempotency_key_reused"));
    }

    @Test
    void aClaimRolledBackWithItsTransactionLeavesTheKeyFree() {
        TransactionTemplate tx = new TransactionTemplate(
                new DataSourceTransactionManager(TestDatabase.get().dataSource()));
        String key = UUID.randomUUID().toString();
        Body body = new Body("rolled-back", Map.of());
        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
                    assertThat(service.claimInTransaction(a, "POST /tx-things", key, body))
                            .isEmpty();
                    throw new IllegalStateException("creation failed");
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(createInTransaction(tx, key, body).body()).isEqualTo("{\"id\":\"thing-1\"}");
        assertThat(effects.get()).isEqualTo(1);
    }
}
