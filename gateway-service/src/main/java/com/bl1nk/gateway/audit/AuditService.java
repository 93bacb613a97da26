package com.bl1nk.gateway.audit;

import com.bl1nk.common.identity.Authorization;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.json.CanonicalJson;
import com.bl1nk.common.web.Cursors;
import com.bl1nk.common.web.Page;
import com.bl1nk.common.web.PageRequests;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/** Reads, verifies and exports a tenant's audit log for its owners and admins. Blocking except the export. */
@Service
class AuditService {

    private final AuditRepository repository;
    private final AuditVerifier verifier;
    private final AuditCheckpoints checkpoints;
    private final JsonMapper json;
    private final int pageSize;

    AuditService(
            AuditRepository repository,
            AuditVerifier verifier,
            AuditCheckpoints checkpoints,
            JsonMapper json,
            AuditChainProperties properties) {
        this.repository = repository;
        this.verifier = verifier;
        this.checkpoints = checkpoints;
        this.json = json;
        this.pageSize = properties.verifyPageSize();
    }

    /** Recomputes the caller's tenant's chain and checks its signed checkpoints. */
    AuditVerification verify(Identity caller) {
        Authorization.check(Permission.AUDIT_READ, caller);
        return verifier.verify(caller.tenantId());
    }

    /**
     * The caller's tenant's chain as NDJSON lines with everything needed to check it elsewhere: a header naming the
     * hash rule and the gateway's public keys, every event with its hashes, then every signed checkpoint. Read page by
     * page while it is written, so a long history is never held in memory.
     */
    Flux<String> export(Identity caller) {
        Authorization.check(Permission.AUDIT_READ, caller);
        UUID tenantId = caller.tenantId();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("type", "chain");
        header.put("tenantId", tenantId.toString());
        header.put("genesis", ChainLink.GENESIS);
        header.put("hash", "sha256_hex(prevHash + \"\\n\" + canonical JSON of link: keys sorted, no spaces)");
        header.put("checkpointType", AuditCheckpoints.TYPE);
        header.put(
                "publicKeys",
                checkpoints.publicKeys().stream()
                        .map(k -> k.jwk().toPublicJWK().toJSONObject())
                        .toList());
        Flux<String> events = Flux.<List<AuditRepository.StoredLink>, Long>generate(() -> 0L, (after, sink) -> {
                    List<AuditRepository.StoredLink> page = repository.chainPage(tenantId, after, pageSize);
                    if (page.isEmpty()) {
                        sink.complete();
                        return after;
                    }
                    sink.next(page);
                    return page.getLast().link().seq();
                })
                .concatMapIterable(page -> page)
                .map(row -> line(
                        Map.of("type", "event", "prevHash", row.prevHash(), "hash", row.hash(), "link", row.link())));
        Flux<String> signed = Flux.defer(() -> Flux.fromIterable(repository.checkpoints(tenantId)))
                .map(c -> line(Map.of(
                        "type",
                        "checkpoint",
                        "seq",
                        c.seq(),
                        "hash",
                        c.hash(),
                        "signedAt",
                        c.signedAt().toString(),
                        "keyId",
                        c.keyId(),
                        "statement",
                        c.statement())));
        return Flux.concat(Flux.defer(() -> Flux.just(line(header))), events, signed)
                .subscribeOn(Schedulers.boundedElastic());
    }

    private String line(Object value) {
        return CanonicalJson.of(json, value) + "\n";
    }

    Page<AuditEventView> list(Identity caller, String action, String resourceType, Integer limit, String cursor) {
        Authorization.check(Permission.AUDIT_READ, caller);
        int size = PageRequests.limit(limit);
        Cursors.Cursor after = Cursors.decode(cursor);
        List<AuditEventView> rows = repository.list(
                caller.tenantId(),
                blankToNull(action),
                blankToNull(resourceType),
                after == null ? null : after.createdAt(),
                after == null ? null : after.id(),
                size + 1);
        return Page.of(rows, size, event -> Cursors.encode(event.occurredAt(), event.id()));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
