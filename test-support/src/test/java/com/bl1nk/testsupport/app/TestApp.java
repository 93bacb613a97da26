package com.bl1nk.testsupport.app;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.idempotency.IdempotencyService;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityHeaders;
import com.bl1nk.common.identity.IdentityTokenCodec;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.common.identity.ServiceTokenInterceptor;
import com.bl1nk.common.sse.SseStream;
import com.bl1nk.common.sse.SseStreams;
import com.bl1nk.common.trace.TraceContext;
import com.bl1nk.common.web.Cursors;
import com.bl1nk.common.web.Page;
import com.bl1nk.common.web.PageRequests;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** A minimal service built only from common-lib, to prove the auto-configurations work together in a real app. */
@SpringBootApplication
public class TestApp {

    @Bean
    InitializingBean idempotencyTable(JdbcTemplate jdbc) {
        return () -> jdbc.execute("""
                create schema if not exists it_app;
                create table if not exists it_app.idempotency_keys (
                  tenant_id uuid not null, route text not null, idem_key text not null,
                  request_hash text not null, state text not null,
                  response_status int, response_body text, response_content_type text,
                  created_at timestamptz not null default now(), completed_at timestamptz,
                  primary key (tenant_id, route, idem_key));
                """);
    }

    /** A filter that fails outside Spring MVC, to prove /error also renders problems. */
    @Bean
    jakarta.servlet.Filter failingFilter() {
        return (request, response, chain) -> {
            String path = ((jakarta.servlet.http.HttpServletRequest) request).getRequestURI();
            if (path.equals("/api/v1/filter-boom")) {
                throw new IllegalStateException("filter secret=hunter2");
            }
            if (path.equals("/api/v1/filter-send-error")) {
                ((jakarta.servlet.http.HttpServletResponse) response).sendError(503);
                return;
            }
            chain.doFilter(request, response);
        };
    }

    public record CreateThing(@NotBlank String name) {}

    public record Thing(UUID id, UUID tenantId, String name) {}

    public record WhoAmI(UUID tenantId, String principal, String traceId, String traceparent) {}

    @RestController
    static class ThingController {

        private final Map<UUID, Thing> things = new ConcurrentHashMap<>();
        private final IdempotencyService idempotency;
        private final SseStreams sse;
        private final RestClient.Builder restClient;
        private final Environment environment;
        private final IdentityTokenCodec codec;

        ThingController(
                IdempotencyService idempotency,
                SseStreams sse,
                RestClient.Builder restClient,
                Environment environment,
                IdentityTokenCodec codec) {
            this.idempotency = idempotency;
            this.sse = sse;
            this.restClient = restClient;
            this.environment = environment;
            this.codec = codec;
        }

        @Requires(Permission.AGENTS_WRITE)
        @PostMapping("/api/v1/things")
        ResponseEntity<?> create(
                Identity identity,
                @RequestHeader(name = IdempotencyService.HEADER, required = false) String key,
                @Valid @RequestBody CreateThing body) {
            return idempotency.execute(identity, "POST /api/v1/things", key, body, () -> {
                Thing thing = new Thing(UUID.randomUUID(), identity.tenantId(), body.name());
                things.put(thing.id(), thing);
                return ResponseEntity.status(HttpStatus.CREATED).body(thing);
            });
        }

        @Requires(Permission.AGENTS_READ)
        @GetMapping("/api/v1/things")
        Page<Thing> list(
                Identity identity,
                @RequestParam(required = false) Integer limit,
                @RequestParam(required = false) String cursor) {
            int size = PageRequests.limit(limit);
            Cursors.Cursor after = Cursors.decode(cursor);
            List<Thing> mine = things.values().stream()
                    .filter(t -> t.tenantId().equals(identity.tenantId()))
                    .sorted(Comparator.comparing(Thing::id))
                    .filter(t -> after == null || t.id().compareTo(after.id()) > 0)
                    .limit(size + 1L)
                    .toList();
            return Page.of(mine, size, t -> Cursors.encode(Instant.EPOCH, t.id()));
        }

        @Requires(Permission.AGENTS_READ)
        @GetMapping("/api/v1/things/{id}")
        Thing get(Identity identity, @PathVariable UUID id) {
            return find(identity, id);
        }

        @Requires(Permission.AGENTS_WRITE)
        @PutMapping("/api/v1/things/{id}")
        Thing put(Identity identity, @PathVariable UUID id, @Valid @RequestBody CreateThing body) {
            Thing thing = find(identity, id);
            Thing updated = new Thing(thing.id(), thing.tenantId(), body.name());
            things.put(id, updated);
            return updated;
        }

        @Requires(Permission.AGENTS_WRITE)
        @DeleteMapping("/api/v1/things/{id}")
        ResponseEntity<Void> delete(Identity identity, @PathVariable UUID id) {
            things.remove(find(identity, id).id());
            return ResponseEntity.noContent().build();
        }

        @Requires(Permission.AGENTS_READ)
        @GetMapping("/api/v1/whoami")
        WhoAmI whoami(Identity identity, @RequestHeader(name = "traceparent", required = false) String traceparent) {
            return new WhoAmI(identity.tenantId(), identity.principal(), TraceContext.currentTraceId(), traceparent);
        }

        @Requires(Permission.AGENTS_READ)
        @GetMapping("/api/v1/relay")
        Map<String, Object> relay() {
            String port = environment.getProperty("local.server.port");
            WhoAmI downstream = restClient
                    .clone()
                    .requestInterceptor(new ServiceTokenInterceptor(codec, "task", Duration.ofMinutes(1)))
                    .build()
                    .get()
                    .uri("http://127.0.0.1:" + port + "/api/v1/whoami")
                    .retrieve()
                    .body(WhoAmI.class);
            return Map.of("traceId", TraceContext.currentTraceId(), "downstream", downstream);
        }

        @Requires(Permission.AGENTS_READ)
        @GetMapping("/api/v1/explicit-identity")
        WhoAmI explicit(Identity identity) {
            return restClient
                    .build()
                    .get()
                    .uri("http://127.0.0.1:" + environment.getProperty("local.server.port") + "/api/v1/whoami")
                    .header(IdentityHeaders.IDENTITY, "set-by-caller")
                    .retrieve()
                    .body(WhoAmI.class);
        }

        @Requires(Permission.AGENTS_READ)
        @GetMapping("/api/v1/boom")
        String boom() {
            throw new IllegalStateException("jdbc:postgresql://secret-host/db password=hunter2");
        }

        @Requires(Permission.AGENTS_READ)
        @GetMapping(path = "/api/v1/events")
        SseEmitter events() {
            SseStream stream = sse.open(Duration.ofSeconds(30));
            stream.send("1-0", "ThingCreated", Map.of("n", 1));
            return stream.emitter();
        }

        private Thing find(Identity identity, UUID id) {
            Thing thing = things.get(id);
            if (thing == null || !thing.tenantId().equals(identity.tenantId())) {
                throw ApiException.notFound("thing", id);
            }
            return thing;
        }
    }
}
