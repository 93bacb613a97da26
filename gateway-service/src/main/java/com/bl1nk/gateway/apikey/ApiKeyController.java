package com.bl1nk.gateway.apikey;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.common.web.Page;
import com.bl1nk.gateway.idempotency.IdempotentPosts;
import com.bl1nk.gateway.web.Blocking;
import com.bl1nk.gateway.web.ClientAddress;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** API keys of the caller's tenant (owner/admin): create, list, get, rotate, revoke; blocking work runs off the event loop. */
@RestController
@RequestMapping("/api/v1/api-keys")
class ApiKeyController {

    private final ApiKeyService keys;
    private final ApiKeyLookup lookup;
    private final IdempotentPosts idempotent;

    ApiKeyController(ApiKeyService keys, ApiKeyLookup lookup, IdempotentPosts idempotent) {
        this.keys = keys;
        this.lookup = lookup;
        this.idempotent = idempotent;
    }

    @Operation(summary = "Create an API key; the full key is in this response only")
    @ApiResponse(responseCode = "201", description = "Created; Location names the new resource")
    @Requires(Permission.KEYS_ADMIN)
    @PostMapping
    Mono<ResponseEntity<CreatedApiKey>> create(
            @Parameter(hidden = true) Identity identity,
            @RequestHeader(name = IdempotentPosts.HEADER, required = false) String idempotencyKey,
            @RequestBody CreateApiKeyRequest request,
            @Parameter(hidden = true) ServerWebExchange exchange) {
        String clientIp = ClientAddress.of(exchange);
        return idempotent.execute(
                identity,
                "POST /api/v1/api-keys",
                idempotencyKey,
                request,
                CreatedApiKey.class,
                () -> keys.create(identity, request, clientIp),
                created -> "/api/v1/api-keys/" + created.id(),
                CreatedApiKey::withoutSecret);
    }

    @Operation(summary = "List the tenant's API keys, newest first (never the secret)")
    @Requires(Permission.KEYS_ADMIN)
    @GetMapping
    Mono<Page<ApiKeyView>> list(
            @Parameter(hidden = true) Identity identity,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return Blocking.call(() -> keys.list(identity, limit, cursor));
    }

    @Operation(summary = "Get one API key of the tenant (never the secret)")
    @Requires(Permission.KEYS_ADMIN)
    @GetMapping("/{id}")
    Mono<ApiKeyView> get(@Parameter(hidden = true) Identity identity, @PathVariable UUID id) {
        return Blocking.call(() -> keys.get(identity, id));
    }

    @Operation(summary = "Revoke an API key; it stops working at once")
    @ApiResponse(responseCode = "204", description = "Revoked (or already revoked)")
    @Requires(Permission.KEYS_ADMIN)
    @DeleteMapping("/{id}")
    Mono<ResponseEntity<Void>> revoke(
            @Parameter(hidden = true) Identity identity,
            @PathVariable UUID id,
            @Parameter(hidden = true) ServerWebExchange exchange) {
        String clientIp = ClientAddress.of(exchange);
        return Blocking.call(() -> keys.revoke(identity, id, clientIp))
                .flatMap(lookup::evict)
                .thenReturn(ResponseEntity.noContent().build());
    }

    @Operation(
            summary = "Rotate an API key: a new key with the same settings (secret shown once); the old one works until"
                    + " the deadline (default 24 h, at most 30 days, or 'now') and not after")
    @ApiResponse(responseCode = "200", description = "Rotated; the new key is in this response only")
    @Requires(Permission.KEYS_ADMIN)
    @PostMapping("/{id}/rotate")
    Mono<RotatedApiKey> rotate(
            @Parameter(hidden = true) Identity identity,
            @PathVariable UUID id,
            @RequestBody(required = false) RotateApiKeyRequest request,
            @Parameter(hidden = true) ServerWebExchange exchange) {
        String clientIp = ClientAddress.of(exchange);
        return Blocking.call(() -> keys.rotate(identity, id, request, clientIp))
                .flatMap(rotation -> lookup.evict(rotation.previousPrefix()).thenReturn(rotation.answer()));
    }
}
