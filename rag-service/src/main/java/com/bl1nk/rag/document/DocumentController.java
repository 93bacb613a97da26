package com.bl1nk.rag.document;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.idempotency.IdempotencyService;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.common.web.Page;
import com.bl1nk.common.web.PageRequests;
import jakarta.validation.Valid;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Documents of a knowledge base under {@code /api/v1/knowledge-bases/{kbId}/documents}. */
@RestController
@RequestMapping("/api/v1/knowledge-bases/{kbId}/documents")
class DocumentController {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final DocumentService service;
    private final JsonMapper json;
    private final IdempotencyService idempotency;

    DocumentController(DocumentService service, JsonMapper json, IdempotencyService idempotency) {
        this.service = service;
        this.json = json;
        this.idempotency = idempotency;
    }

    /** Multipart upload: part {@code file}, optional part/field {@code metadata} (a JSON object). */
    @Requires(Permission.KNOWLEDGE_WRITE)
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<?> upload(
            Identity identity,
            @PathVariable UUID kbId,
            @RequestHeader(value = IdempotencyService.HEADER, required = false) String idempotencyKey,
            @RequestPart("file") MultipartFile file,
            @RequestParam(value = "metadata", required = false) String metadata)
            throws IOException {
        byte[] bytes = file.getBytes();
        Map<String, Object> meta = parseMetadata(metadata);
        Map<String, Object> fingerprint = Map.of(
                "name", String.valueOf(file.getOriginalFilename()),
                "sha256", DocumentService.sha256(bytes),
                "metadata", meta);
        return idempotency.execute(
                identity,
                "POST /api/v1/knowledge-bases/" + kbId + "/documents",
                idempotencyKey,
                fingerprint,
                () -> accepted(
                        kbId,
                        service.upload(
                                identity.tenantId(),
                                identity.principal(),
                                kbId,
                                file.getOriginalFilename(),
                                file.getContentType(),
                                bytes,
                                meta)));
    }

    @Requires(Permission.KNOWLEDGE_WRITE)
    @PostMapping(path = "/text", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> uploadText(
            Identity identity,
            @PathVariable UUID kbId,
            @RequestHeader(value = IdempotencyService.HEADER, required = false) String idempotencyKey,
            @Valid @RequestBody TextDocumentRequest request) {
        return idempotency.execute(
                identity,
                "POST /api/v1/knowledge-bases/" + kbId + "/documents/text",
                idempotencyKey,
                request,
                () -> accepted(kbId, service.uploadText(identity.tenantId(), identity.principal(), kbId, request)));
    }

    @Requires(Permission.KNOWLEDGE_READ)
    @GetMapping
    Page<DocumentResponse> list(
            Identity identity,
            @PathVariable UUID kbId,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        Page<Document> page = service.list(identity.tenantId(), kbId, cursor, PageRequests.limit(limit));
        return new Page<>(
                page.items().stream().map(d -> DocumentResponse.of(d, false)).toList(), page.nextCursor());
    }

    @Requires(Permission.KNOWLEDGE_READ)
    @GetMapping("/{id}")
    DocumentResponse get(Identity identity, @PathVariable UUID kbId, @PathVariable UUID id) {
        return DocumentResponse.of(service.get(identity.tenantId(), kbId, id), false);
    }

    @Requires(Permission.KNOWLEDGE_READ)
    @GetMapping("/{id}/chunks")
    Page<ChunkResponse> chunks(
            Identity identity,
            @PathVariable UUID kbId,
            @PathVariable UUID id,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return service.chunks(identity.tenantId(), kbId, id, cursor, PageRequests.limit(limit));
    }

    @Requires(Permission.KNOWLEDGE_WRITE)
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(Identity identity, @PathVariable UUID kbId, @PathVariable UUID id) {
        service.delete(identity.tenantId(), identity.principal(), kbId, id);
        return ResponseEntity.noContent().build();
    }

    private ResponseEntity<DocumentResponse> accepted(UUID kbId, DocumentService.Upload upload) {
        Document d = upload.document();
        return ResponseEntity.status(upload.deduplicated() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .location(URI.create("/api/v1/knowledge-bases/" + kbId + "/documents/" + d.id()))
                .body(DocumentResponse.of(d, upload.deduplicated()));
    }

    private Map<String, Object> parseMetadata(String metadata) {
        if (metadata == null || metadata.isBlank()) {
            return Map.of();
        }
        try {
            Map<String, Object> parsed = json.readValue(metadata, MAP);
            return parsed == null ? Map.of() : parsed;
        } catch (JacksonException e) {
            throw ApiException.invalidField("metadata", "must be a JSON object");
        }
    }
}
