package com.bl1nk.gateway.tenant;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.gateway.idempotency.IdempotentPosts;
import com.bl1nk.gateway.web.Blocking;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Tenants API of the control plane; blocking work runs off the event loop. */
@RestController
@RequestMapping("/api/v1/tenants")
class TenantController {

    private final TenantService tenants;
    private final IdempotentPosts idempotent;

    TenantController(TenantService tenants, IdempotentPosts idempotent) {
        this.tenants = tenants;
        this.idempotent = idempotent;
    }

    @Operation(summary = "Create a tenant (scope platform:admin)")
    @ApiResponse(responseCode = "201", description = "Created; Location names the new resource")
    @Requires(Permission.PLATFORM_ADMIN)
    @PostMapping
    Mono<ResponseEntity<TenantView>> create(
            @Parameter(hidden = true) Identity identity,
            @RequestHeader(name = IdempotentPosts.HEADER, required = false) String idempotencyKey,
            @RequestBody CreateTenantRequest request) {
        return idempotent.execute(
                identity,
                "POST /api/v1/tenants",
                idempotencyKey,
                request,
                TenantView.class,
                () -> tenants.create(identity, request),
                created -> "/api/v1/tenants/" + created.id());
    }

    @Operation(summary = "Get a tenant (your own, or any for a platform admin)")
    @Requires(Permission.TENANT_READ)
    @GetMapping("/{id}")
    Mono<TenantView> get(@Parameter(hidden = true) Identity identity, @PathVariable UUID id) {
        return Blocking.call(() -> tenants.get(identity, id));
    }
}
