package com.bl1nk.mcp.registry;

import com.bl1nk.common.idempotency.IdempotencyService;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.common.web.Page;
import jakarta.validation.Valid;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The tenant's MCP servers: register, list, inspect, enable/disable, refresh discovery, delete. */
@RestController
@RequestMapping("/api/v1/mcp/servers")
class ServerController {

    private final RegistryService registry;
    private final ObjectProvider<IdempotencyService> idempotency;

    ServerController(RegistryService registry, ObjectProvider<IdempotencyService> idempotency) {
        this.registry = registry;
        this.idempotency = idempotency;
    }

    @Requires(Permission.TOOLS_ADMIN)
    @PostMapping
    ResponseEntity<?> register(
            Identity identity,
            @RequestHeader(name = IdempotencyService.HEADER, required = false) String idempotencyKey,
            @Valid @RequestBody CreateServerRequest request) {
        IdempotencyService service = idempotency.getIfAvailable();
        if (service == null || idempotencyKey == null) {
            return ResponseEntity.status(HttpStatus.CREATED).body(registry.register(identity, request));
        }
        return service.execute(
                identity,
                "POST /api/v1/mcp/servers",
                idempotencyKey,
                request,
                () -> ResponseEntity.status(HttpStatus.CREATED).body(registry.register(identity, request)));
    }

    @Requires(Permission.TOOLS_READ)
    @GetMapping
    Page<ServerResponse> list(
            Identity identity,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return registry.list(identity, limit, cursor);
    }

    @Requires(Permission.TOOLS_READ)
    @GetMapping("/{id}")
    ServerResponse get(Identity identity, @PathVariable UUID id) {
        return registry.get(identity, id);
    }

    @Requires(Permission.TOOLS_ADMIN)
    @PatchMapping("/{id}")
    ServerResponse update(Identity identity, @PathVariable UUID id, @Valid @RequestBody UpdateServerRequest request) {
        return registry.setEnabled(identity, id, request.enabled());
    }

    @Requires(Permission.TOOLS_USE)
    @PostMapping("/{id}/refresh")
    ServerResponse refresh(Identity identity, @PathVariable UUID id) {
        return registry.refresh(identity, id);
    }

    @Requires(Permission.TOOLS_ADMIN)
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Identity identity, @PathVariable UUID id) {
        registry.delete(identity, id);
    }
}
