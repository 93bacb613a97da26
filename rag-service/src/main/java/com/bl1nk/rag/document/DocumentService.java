package com.bl1nk.rag.document;

import com.bl1nk.common.audit.AuditOutbox;
import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.error.CommonErrorCode;
import com.bl1nk.common.web.Cursors;
import com.bl1nk.common.web.Page;
import com.bl1nk.contracts.audit.AuditRecorded;
import com.bl1nk.rag.error.RagErrorCode;
import com.bl1nk.rag.knowledgebase.KnowledgeBase;
import com.bl1nk.rag.knowledgebase.KnowledgeBaseService;
import com.bl1nk.rag.parse.DocumentParser;
import com.bl1nk.rag.parse.DocumentRejectedException;
import com.bl1nk.rag.parse.ParsedDocument;
import com.bl1nk.rag.quota.TenantQuotas;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Accepts documents: everything that can be wrong with an upload is found before the one transaction that stores
 * it, so a rejected upload leaves nothing behind.
 */
@Service
public class DocumentService {

    private final KnowledgeBaseService knowledgeBases;
    private final DocumentRepository repository;
    private final DocumentParser parser;
    private final ParseGate parseGate;
    private final DocumentProperties properties;
    private final TenantQuotas quotas;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final AuditOutbox audit;

    DocumentService(
            KnowledgeBaseService knowledgeBases,
            DocumentRepository repository,
            DocumentParser parser,
            DocumentProperties properties,
            TenantQuotas quotas,
            TransactionTemplate tx,
            ApplicationEventPublisher events,
            JsonMapper json,
            AuditOutbox audit) {
        this.knowledgeBases = knowledgeBases;
        this.repository = repository;
        this.parser = parser;
        this.parseGate = new ParseGate(properties.parseConcurrency(), properties.parseTimeout());
        this.properties = properties;
        this.quotas = quotas;
        this.tx = tx;
        this.events = events;
        this.json = json;
        this.audit = audit;
    }

    /** Result of an upload: the document and whether it matched existing content. */
    record Upload(Document document, boolean deduplicated) {}

    Upload upload(
            UUID tenantId,
            String actor,
            UUID kbId,
            String name,
            String declaredType,
            byte[] bytes,
            Map<String, Object> metadata) {
        KnowledgeBase kb = knowledgeBases.require(tenantId, kbId);
        if (name == null || name.isBlank()) {
            throw ApiException.invalidField("name", "a document needs a name (file name)");
        }
        String documentName = name.strip();
        if (documentName.length() > 500) {
            throw ApiException.invalidField("name", "must be at most 500 characters");
        }
        if (bytes.length == 0) {
            throw ApiException.of(RagErrorCode.EMPTY_DOCUMENT, "the document is empty");
        }
        if (bytes.length > properties.maxUploadBytes()) {
            throw ApiException.payloadTooLarge(
                            "the document has " + bytes.length + " bytes; the limit is " + properties.maxUploadBytes())
                    .withProperty("limit", properties.maxUploadBytes());
        }
        String hash = sha256(bytes);
        // Early refusal without the lock, so a tenant over its quota does not hold a parser thread; the check that
        // counts is the one in the transaction below.
        if (repository.findByHash(tenantId, kb.id(), hash).isEmpty()) {
            checkQuotas(tenantId, kb.id(), documentName, bytes.length);
        }
        ParsedDocument parsed;
        try {
            parsed = parseGate.run(tenantId, () -> parser.parse(bytes, documentName, declaredType));
        } catch (DocumentRejectedException e) {
            throw rejected(e);
        }
        String parsedJson = json.writeValueAsString(parsed);
        Map<String, Object> meta = metadata == null ? Map.of() : metadata;
        return tx.execute(status -> {
            quotas.lock(tenantId);
            Optional<Document> same = repository.findByHash(tenantId, kb.id(), hash);
            if (same.isPresent()) {
                return new Upload(same.get(), true);
            }
            checkQuotas(tenantId, kb.id(), documentName, bytes.length);
            Document stored =
                    repository.upsert(tenantId, kb.id(), documentName, parsed.contentType(), bytes.length, hash, meta);
            repository.storeContent(tenantId, stored.id(), stored.version(), parsedJson);
            events.publishEvent(new DocumentQueued(tenantId, kb.id(), stored.id(), stored.version()));
            // name, size and hash identify what was stored; the content never enters the audit trail
            audit.record(AuditRecorded.success(
                    tenantId,
                    actor,
                    "document.uploaded",
                    "document",
                    stored.id().toString(),
                    Map.of(
                            "knowledgeBaseId",
                            kb.id().toString(),
                            "name",
                            documentName,
                            "contentType",
                            parsed.contentType(),
                            "sizeBytes",
                            bytes.length,
                            "sha256",
                            hash,
                            "version",
                            stored.version())));
            return new Upload(stored, false);
        });
    }

    /**
     * Refuses an upload that would take the tenant past its stored bytes or the knowledge base past its document
     * count; a document replaced under the same name counts with its new size and not as one more document.
     */
    private void checkQuotas(UUID tenantId, UUID kbId, String name, long size) {
        DocumentRepository.Usage usage = repository.usage(tenantId, kbId, name);
        long replaced = usage.replacedBytes() == null ? 0 : usage.replacedBytes();
        quotas.checkStoredBytes(usage.tenantBytes(), usage.tenantBytes() - replaced + size, size);
        if (usage.replacedBytes() == null) {
            quotas.checkDocuments(usage.knowledgeBaseDocuments());
        }
    }

    Upload uploadText(UUID tenantId, String actor, UUID kbId, TextDocumentRequest request) {
        String type = request.contentType() == null ? DocumentParser.TEXT_PLAIN : request.contentType();
        return upload(
                tenantId,
                actor,
                kbId,
                request.name(),
                type,
                request.text().getBytes(StandardCharsets.UTF_8),
                request.metadata());
    }

    Document get(UUID tenantId, UUID kbId, UUID id) {
        knowledgeBases.require(tenantId, kbId);
        return repository.find(tenantId, kbId, id).orElseThrow(() -> ApiException.notFound("document", id));
    }

    Page<Document> list(UUID tenantId, UUID kbId, String cursor, int limit) {
        knowledgeBases.require(tenantId, kbId);
        List<Document> rows = repository.page(tenantId, kbId, Cursors.decode(cursor), limit + 1);
        return Page.of(rows, limit, d -> Cursors.encode(d.createdAt(), d.id()));
    }

    Page<ChunkResponse> chunks(UUID tenantId, UUID kbId, UUID id, String cursor, int limit) {
        Document document = get(tenantId, kbId, id);
        if (document.liveVersion() == null) {
            return new Page<>(List.of(), null);
        }
        int from = decodeChunkCursor(cursor);
        List<ChunkResponse> rows = repository.chunks(tenantId, id, document.liveVersion(), from, limit + 1);
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        return new Page<>(
                rows.subList(0, limit), encodeChunkCursor(rows.get(limit).chunkIndex()));
    }

    void delete(UUID tenantId, String actor, UUID kbId, UUID id) {
        knowledgeBases.require(tenantId, kbId);
        tx.executeWithoutResult(status -> {
            Document document =
                    repository.find(tenantId, kbId, id).orElseThrow(() -> ApiException.notFound("document", id));
            if (!repository.delete(tenantId, kbId, id)) {
                throw ApiException.notFound("document", id);
            }
            audit.record(AuditRecorded.success(
                    tenantId,
                    actor,
                    "document.deleted",
                    "document",
                    id.toString(),
                    Map.of(
                            "knowledgeBaseId", kbId.toString(),
                            "name", document.name(),
                            "sizeBytes", document.sizeBytes(),
                            "sha256", document.contentHash())));
        });
    }

    private static ApiException rejected(DocumentRejectedException e) {
        return ApiException.of(e.error(), e.getMessage());
    }

    /** Hex SHA-256 of {@code bytes}: the dedupe key and the idempotency fingerprint of an upload. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encodeChunkCursor(int index) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("c1:" + index).getBytes(StandardCharsets.UTF_8));
    }

    private static int decodeChunkCursor(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8);
            if (decoded.startsWith("c1:")) {
                int index = Integer.parseInt(decoded.substring(3));
                if (index >= 0) {
                    return index;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the problem below
        }
        throw ApiException.of(
                CommonErrorCode.INVALID_CURSOR, "The cursor is malformed; pass back nextCursor unchanged");
    }
}
