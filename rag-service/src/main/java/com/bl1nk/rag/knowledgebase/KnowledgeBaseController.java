package com.bl1nk.rag.knowledgebase;

import com.bl1nk.common.idempotency.IdempotencyService;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.common.web.Page;
import com.bl1nk.common.web.PageRequests;
import jakarta.validation.Valid;
import java.net.URI;
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

/** Knowledge base CRUD under {@code /api/v1/knowledge-bases}. */
@RestController
@RequestMapping("/api/v1/knowledge-bases")
class KnowledgeBaseController {

    private final KnowledgeBaseService service;
    private final IdempotencyService idempotency;

    KnowledgeBaseController(KnowledgeBaseService service, IdempotencyService idempotency) {
        this.service = service;
        this.idempotency = idempotency;
    }

    /** Creates a knowledge base; an {@code Idempotency-Key} makes retries return the first response. */
    @Requires(Permission.KNOWLEDGE_WRITE)
    @PostMapping
    ResponseEntity<?> create(
            Identity identity,
            @RequestHeader(value = IdempotencyService.HEADER, required = false) String idempotencyKey,
            @Valid @RequestBody KnowledgeBaseRequests.Create request) {
        return idempotency.execute(identity, "POST /api/v1/knowledge-bases", idempotencyKey, request, () -> {
            KnowledgeBase kb = service.create(identity.tenantId(), identity.principal(), request);
            return ResponseEntity.created(URI.create("/api/v1/knowledge-bases/" + kb.id()))
                    .body(KnowledgeBaseResponse.of(kb));
        });
    }

    @Requires(Permission.KNOWLEDGE_READ)
    @GetMapping
    Page<KnowledgeBaseResponse> list(
            Identity identity,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        Page<KnowledgeBase> page = service.list(identity.tenantId(), cursor, PageRequests.limit(limit));
        return new Page<>(page.items().stream().map(KnowledgeBaseResponse::of).toList(), page.nextCursor());
    }

    @Requires(Permission.KNOWLEDGE_READ)
    @GetMapping("/{id}")
    KnowledgeBaseResponse get(Identity identity, @PathVariable UUID id) {
        return KnowledgeBaseResponse.of(service.require(identity.tenantId(), id));
    }

    @Requires(Permission.KNOWLEDGE_WRITE)
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(Identity identity, @PathVariable UUID id) {
        service.delete(identity.tenantId(), identity.principal(), id);
        return ResponseEntity.noContent().build();
    }
}
