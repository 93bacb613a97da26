package com.bl1nk.gateway.audit;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.common.web.Page;
import com.bl1nk.gateway.web.Blocking;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The tenant's audit log (owner/admin), newest first. */
@RestController
@RequestMapping("/api/v1/audit-events")
class AuditController {

    private final AuditService audit;

    AuditController(AuditService audit) {
        this.audit = audit;
    }

    @Operation(summary = "List the tenant's audit events, newest first")
    @Requires(Permission.AUDIT_READ)
    @GetMapping
    Mono<Page<AuditEventView>> list(
            @Parameter(hidden = true) Identity identity,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String resourceType,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return Blocking.call(() -> audit.list(identity, action, resourceType, limit, cursor));
    }

    @Operation(
            summary = "Verify the tenant's audit hash chain and its signed checkpoints",
            description = "Recomputes every link and names the first edited, missing, reordered or truncated event.")
    @Requires(Permission.AUDIT_READ)
    @GetMapping("/verification")
    Mono<AuditVerification> verify(@Parameter(hidden = true) Identity identity) {
        return Blocking.call(() -> audit.verify(identity));
    }

    @Operation(
            summary = "Export the tenant's audit chain with its proofs (NDJSON)",
            description = "A header line (hash rule, gateway public keys), every event with prevHash and hash, then"
                    + " every signed checkpoint: enough to verify the history without bl1nk.")
    @Requires(Permission.AUDIT_READ)
    @GetMapping("/export")
    ResponseEntity<Flux<String>> export(@Parameter(hidden = true) Identity identity) {
        // whatever the client accepts: the permission decides first, and the body is always NDJSON
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_NDJSON).body(audit.export(identity));
    }
}
