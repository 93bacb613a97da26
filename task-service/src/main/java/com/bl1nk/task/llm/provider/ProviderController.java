package com.bl1nk.task.llm.provider;

import com.bl1nk.common.idempotency.IdempotencyService;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.common.web.Page;
import com.bl1nk.common.web.PageRequests;
import com.bl1nk.task.llm.provider.ProviderRequests.CreateProvider;
import com.bl1nk.task.llm.provider.ProviderRequests.ProviderView;
import com.bl1nk.task.llm.provider.ProviderRequests.UpdateProvider;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.UUID;
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
import org.springframework.web.bind.annotation.RestController;

/** The provider admin API: tenants bring their own model providers; credentials are write-only. */
@RestController
@RequestMapping("/api/v1/providers")
class ProviderController {

    private final ProviderAdmin admin;
    private final IdempotencyService idempotency;

    ProviderController(ProviderAdmin admin, IdempotencyService idempotency) {
        this.admin = admin;
        this.idempotency = idempotency;
    }

    @Requires(Permission.PROVIDERS_ADMIN)
    @PostMapping
    ResponseEntity<?> create(
            Identity identity,
            @RequestHeader(name = IdempotencyService.HEADER, required = false) String idempotencyKey,
            @Valid @RequestBody CreateProvider request) {
        return idempotency.execute(identity, "POST /api/v1/providers", idempotencyKey, request, () -> {
            ProviderView created = admin.create(identity, request);
            return ResponseEntity.created(URI.create("/api/v1/providers/" + created.id()))
                    .body(created);
        });
    }

    @Requires(Permission.PROVIDERS_READ)
    @GetMapping
    Page<ProviderView> list(
            Identity identity,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return admin.list(identity, PageRequests.limit(limit), cursor);
    }

    @Requires(Permission.PROVIDERS_READ)
    @GetMapping("/{id}")
    ProviderView get(Identity identity, @PathVariable UUID id) {
        return admin.get(identity, id);
    }

    @Requires(Permission.PROVIDERS_ADMIN)
    @PatchMapping("/{id}")
    ProviderView update(Identity identity, @PathVariable UUID id, @Valid @RequestBody UpdateProvider request) {
        return admin.update(identity, id, request);
    }

    @Requires(Permission.PROVIDERS_ADMIN)
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(Identity identity, @PathVariable UUID id) {
        admin.delete(identity, id);
        return ResponseEntity.noContent().build();
    }
}
