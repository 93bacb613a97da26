package com.bl1nk.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.common.audit.AuditOutbox;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.PermissionCoverage;
import com.bl1nk.contracts.audit.AuditRecorded;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Proves that every state-changing route of one servlet service is audited: a test calls each route validly and
 * {@link #expectOne expects} exactly one event with the route's action and the changed resource's id; a
 * POST/PUT/PATCH/DELETE route of the public API that the test neither expected nor {@link #exempt exempted} with a
 * reason fails {@link #assertEveryStateChangingRouteAudited}, so a new endpoint cannot ship unaudited. What was seen
 * becomes the service's section of docs/audit.md, compared like docs/permissions ({@code -Dbl1nk.audit.update=true}
 * rewrites it).
 *
 * <p>Events are read where they must be once the change has committed: the service's {@code <schema>.audit_outbox},
 * or, once relayed, the {@code bl1nk:audit} stream.
 */
public final class AuditCoverage {

    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Path DOC = Path.of("docs/audit.md");

    private final String service;
    private final List<PermissionCoverage.Route> declared;
    private final JdbcTemplate jdbc;
    private final String outboxTable;
    private final StringRedisTemplate redis;
    private final String streamKey;
    private final Map<String, Seen> seen = new TreeMap<>();
    private final Map<String, String> exempt = new TreeMap<>();
    private final Map<UUID, Integer> consumed = new LinkedHashMap<>();

    /**
     * @param service the workload name (task, rag, mcp, billing)
     * @param declared {@code PermissionCoverage.routes(requestMappingHandlerMapping)} of the app under test
     * @param schema the service's schema, which holds its {@code audit_outbox}
     * @param streamKey the real key of {@code bl1nk:audit} ({@code streamKeys.key(AuditRecorded.STREAM)})
     */
    public AuditCoverage(
            String service,
            List<PermissionCoverage.Route> declared,
            JdbcTemplate jdbc,
            String schema,
            StringRedisTemplate redis,
            String streamKey) {
        this.service = service;
        this.declared = List.copyOf(declared);
        this.jdbc = jdbc;
        this.outboxTable = schema + ".audit_outbox";
        this.redis = redis;
        this.streamKey = streamKey;
    }

    /** What one route was seen to record. */
    private record Seen(Set<String> actions, Set<String> resourceTypes, Set<String> details) {}

    /** Declares that {@code route} ("POST /api/v1/...") changes no audited state, and why (shown in the doc). */
    public AuditCoverage exempt(String route, String reason) {
        requireDeclared(route);
        exempt.put(route, reason);
        return this;
    }

    /**
     * Asserts that the call of {@code route} just made for {@code tenant} recorded exactly one event since the last
     * expectation for that tenant, with {@code action}, {@code resourceType} and {@code resourceId}, outcome success,
     * and none of {@code secrets} anywhere in it; returns it.
     */
    public AuditRecorded expectOne(
            UUID tenant, String route, String action, String resourceType, String resourceId, String... secrets) {
        requireDeclared(route);
        List<AuditRecorded> fresh = newEvents(tenant);
        assertThat(fresh)
                .as("%s must record exactly one audit event for tenant %s", route, tenant)
                .hasSize(1);
        AuditRecorded event = fresh.getFirst();
        assertThat(event.action()).as("%s action", route).isEqualTo(action);
        assertThat(event.resourceType()).as("%s resource type", route).isEqualTo(resourceType);
        assertThat(event.resourceId()).as("%s resource id", route).isEqualTo(resourceId);
        assertThat(event.outcome()).as("%s outcome", route).isEqualTo(AuditRecorded.SUCCESS);
        assertThat(event.actor()).as("%s actor", route).isNotBlank();
        String payload = AuditOutbox.AUDIT.encodePayload(event);
        for (String secret : secrets) {
            assertThat(payload)
                    .as("%s's audit event never holds a secret", route)
                    .doesNotContain(secret);
        }
        Seen entry = seen.computeIfAbsent(route, r -> new Seen(new TreeSet<>(), new TreeSet<>(), new TreeSet<>()));
        entry.actions().add(action);
        entry.resourceTypes().add(resourceType);
        entry.details().addAll(event.details().keySet());
        return event;
    }

    /** Asserts that nothing was recorded for {@code tenant} since the last expectation (e.g. after a refused call). */
    public void expectNone(UUID tenant, String because) {
        assertThat(newEvents(tenant)).as(because).isEmpty();
    }

    /**
     * Every event of {@code tenant} committed so far and not yet returned: waits until the outbox holds none of the
     * tenant's rows (the change committed before its response, so its events are in the outbox or already relayed),
     * then reads the stream.
     */
    private List<AuditRecorded> newEvents(UUID tenant) {
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> outboxRows(tenant) == 0);
        List<AuditRecorded> all = new ArrayList<>();
        redis.opsForStream().range(streamKey, Range.unbounded()).forEach(record -> {
            Map<Object, Object> fields = record.getValue();
            if (tenant.toString().equals(fields.get("tenantId"))) {
                all.add(AuditOutbox.AUDIT.decodePayload((String) fields.get("payload")));
            }
        });
        int from = consumed.getOrDefault(tenant, 0);
        consumed.put(tenant, all.size());
        return List.copyOf(all.subList(Math.min(from, all.size()), all.size()));
    }

    private long outboxRows(UUID tenant) {
        Long n =
                jdbc.queryForObject("select count(*) from " + outboxTable + " where tenant_id = ?", Long.class, tenant);
        return n == null ? 0 : n;
    }

    /** The public state-changing routes of the service ("POST /api/v1/..."), sorted. */
    public Set<String> stateChangingRoutes() {
        Set<String> routes = new TreeSet<>();
        for (PermissionCoverage.Route route : declared) {
            if (STATE_CHANGING.contains(route.method())
                    && route.permission() != null
                    && route.permission().kind() != Permission.Kind.INTERNAL) {
                routes.add(route.method() + " " + route.path());
            }
        }
        return routes;
    }

    /** Fails naming every public state-changing route the test neither saw audited nor exempted. */
    public void assertEveryStateChangingRouteAudited() {
        Set<String> missing = new TreeSet<>(stateChangingRoutes());
        missing.removeAll(seen.keySet());
        missing.removeAll(exempt.keySet());
        assertThat(missing)
                .as(
                        "state-changing routes of %s-service without an audit expectation in AuditCoverageIT (audit"
                                + " the change in its transaction and add the route to the test)",
                        service)
                .isEmpty();
    }

    /** The service's section of docs/audit.md. */
    public String section() {
        StringBuilder doc = new StringBuilder();
        doc.append(begin())
                .append("\n### ")
                .append(service)
                .append("-service\n\n")
                .append("| Method | Path | Action | Resource | Details kept |\n")
                .append("|---|---|---|---|---|\n");
        Set<String> routes = new TreeSet<>(seen.keySet());
        routes.addAll(exempt.keySet());
        for (String route : routes) {
            String[] parts = route.split(" ", 2);
            doc.append("| ").append(parts[0]).append(" | `").append(parts[1]).append("` | ");
            Seen entry = seen.get(route);
            if (entry == null) {
                doc.append("not audited: ").append(exempt.get(route)).append(" | — | — |\n");
            } else {
                doc.append(code(entry.actions()))
                        .append(" | ")
                        .append(code(entry.resourceTypes()))
                        .append(" | ")
                        .append(entry.details().isEmpty() ? "—" : code(entry.details()))
                        .append(" |\n");
            }
        }
        return doc.append('\n').append(end()).toString();
    }

    /**
     * Writes ({@code -Dbl1nk.audit.update=true}) or compares this service's section of docs/audit.md (between its
     * {@code <!-- audited:<service> -->} markers).
     */
    public void assertDocumented() {
        assertEveryStateChangingRouteAudited();
        Path file = repositoryRoot().resolve(DOC);
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            String section = section();
            int start = text.indexOf(begin());
            int stop = text.indexOf(end());
            if (Boolean.getBoolean("bl1nk.audit.update")) {
                String updated = start < 0 || stop < start
                        ? text.stripTrailing() + "\n\n" + section + "\n"
                        : text.substring(0, start) + section + text.substring(stop + end().length());
                Files.writeString(file, updated, StandardCharsets.UTF_8);
                return;
            }
            assertThat(start >= 0 && stop > start)
                    .as(
                            "%s has no %s-service section: run ./bl1nk test -Dbl1nk.audit.update=true and commit it",
                            file, service)
                    .isTrue();
            assertThat(text.substring(start, stop + end().length()))
                    .as(
                            "%s is out of date: what %s-service audits changed; regenerate with ./bl1nk test"
                                    + " -Dbl1nk.audit.update=true, review and commit it",
                            file, service)
                    .isEqualTo(section);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void requireDeclared(String route) {
        assertThat(declared.stream().map(r -> r.method() + " " + r.path()))
                .as("%s is a route of %s-service", route, service)
                .contains(route);
    }

    private String begin() {
        return "<!-- audited:" + service + " (generated by AuditCoverageIT; do not edit) -->";
    }

    private String end() {
        return "<!-- /audited:" + service + " -->";
    }

    private static String code(Set<String> values) {
        return String.join(", ", values.stream().map(v -> "`" + v + "`").toList());
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
