package com.bl1nk.rag.document;

import com.bl1nk.common.web.Cursors;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for {@code rag.documents} and {@code rag.document_contents}; every statement is scoped by tenant. */
@Repository
class DocumentRepository {

    private static final String COLUMNS =
            "id, knowledge_base_id, name, content_type, size_bytes, content_hash, version,"
                    + " live_version, status, failure_reason, progress, chunk_count, metadata::text as metadata_json,"
                    + " created_at, updated_at";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    DocumentRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    Optional<Document> find(UUID tenantId, UUID kbId, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from rag.documents"
                        + " where tenant_id = :tenant and knowledge_base_id = :kb and id = :id")
                .param("tenant", tenantId)
                .param("kb", kbId)
                .param("id", id)
                .query(this::map)
                .optional();
    }

    /** A non-failed document of the knowledge base with the same content, if any. */
    Optional<Document> findByHash(UUID tenantId, UUID kbId, String hash) {
        return jdbc.sql("select " + COLUMNS
                        + " from rag.documents where tenant_id = :tenant and knowledge_base_id = :kb"
                        + " and content_hash = :hash and status <> 'failed' order by created_at limit 1")
                .param("tenant", tenantId)
                .param("kb", kbId)
                .param("hash", hash)
                .query(this::map)
                .optional();
    }

    /**
     * What an upload of {@code name} into the knowledge base would change, for the quota checks.
     *
     * @param tenantBytes the sizes of every document of the tenant added up
     * @param knowledgeBaseDocuments documents in the knowledge base
     * @param replacedBytes the size of the document of that name, which the upload replaces; null for a new name
     */
    record Usage(long tenantBytes, long knowledgeBaseDocuments, Long replacedBytes) {}

    Usage usage(UUID tenantId, UUID kbId, String name) {
        return jdbc.sql("select coalesce(sum(size_bytes), 0) as tenant_bytes,"
                        + " count(*) filter (where knowledge_base_id = :kb) as kb_documents,"
                        + " max(size_bytes) filter (where knowledge_base_id = :kb and name = :name) as replaced_bytes"
                        + " from rag.documents where tenant_id = :tenant")
                .param("tenant", tenantId)
                .param("kb", kbId)
                .param("name", name)
                .query((rs, row) -> new Usage(
                        rs.getLong("tenant_bytes"),
                        rs.getLong("kb_documents"),
                        rs.getObject("replaced_bytes", Long.class)))
                .single();
    }

    /**
     * Inserts version 1, or replaces the document of the same name with the next version (queued again); returns
     * the row after the write.
     */
    Document upsert(
            UUID tenantId,
            UUID kbId,
            String name,
            String contentType,
            long size,
            String hash,
            Map<String, Object> metadata) {
        return jdbc.sql("insert into rag.documents (id, tenant_id, knowledge_base_id, name, content_type, size_bytes,"
                        + " content_hash, version, status, progress, metadata)"
                        + " values (:id, :tenant, :kb, :name, :type, :size, :hash, 1, 'queued', 0, :metadata::jsonb)"
                        + " on conflict (knowledge_base_id, name) do update set content_type = excluded.content_type,"
                        + " size_bytes = excluded.size_bytes, content_hash = excluded.content_hash,"
                        + " version = rag.documents.version + 1, status = 'queued', failure_reason = null,"
                        + " progress = 0, metadata = excluded.metadata, updated_at = now()"
                        + " where rag.documents.tenant_id = excluded.tenant_id"
                        + " returning " + COLUMNS)
                .param("id", UUID.randomUUID())
                .param("tenant", tenantId)
                .param("kb", kbId)
                .param("name", name)
                .param("type", contentType)
                .param("size", size)
                .param("hash", hash)
                .param("metadata", json.writeValueAsString(metadata))
                .query(this::map)
                .single();
    }

    /** Stores the parsed text of a version and drops the parsed text of older versions. */
    void storeContent(UUID tenantId, UUID documentId, int version, String parsedJson) {
        jdbc.sql("delete from rag.document_contents where tenant_id = :tenant and document_id = :id and version < :v")
                .param("tenant", tenantId)
                .param("id", documentId)
                .param("v", version)
                .update();
        jdbc.sql("insert into rag.document_contents (document_id, tenant_id, version, parsed)"
                        + " values (:id, :tenant, :v, :parsed::jsonb)"
                        + " on conflict (document_id, version) do update set parsed = excluded.parsed")
                .param("id", documentId)
                .param("tenant", tenantId)
                .param("v", version)
                .param("parsed", parsedJson)
                .update();
    }

    List<Document> page(UUID tenantId, UUID kbId, Cursors.Cursor after, int limitPlusOne) {
        String sql = "select " + COLUMNS + " from rag.documents where tenant_id = :tenant and knowledge_base_id = :kb"
                + (after == null ? "" : " and (created_at, id) < (:createdAt, :id)")
                + " order by created_at desc, id desc limit :limit";
        JdbcClient.StatementSpec spec =
                jdbc.sql(sql).param("tenant", tenantId).param("kb", kbId).param("limit", limitPlusOne);
        if (after != null) {
            spec = spec.param("createdAt", Timestamp.from(after.createdAt())).param("id", after.id());
        }
        return spec.query(this::map).list();
    }

    /** Chunks of the live version from {@code fromIndex} on. */
    List<ChunkResponse> chunks(UUID tenantId, UUID documentId, int liveVersion, int fromIndex, int limitPlusOne) {
        return jdbc.sql("select id, chunk_index, content, heading_path, page, start_offset, end_offset, token_count"
                        + " from rag.chunks where tenant_id = :tenant and document_id = :id and version = :v"
                        + " and chunk_index >= :from order by chunk_index limit :limit")
                .param("tenant", tenantId)
                .param("id", documentId)
                .param("v", liveVersion)
                .param("from", fromIndex)
                .param("limit", limitPlusOne)
                .query((rs, row) -> new ChunkResponse(
                        rs.getObject("id", UUID.class),
                        rs.getInt("chunk_index"),
                        rs.getString("content"),
                        List.of((String[]) rs.getArray("heading_path").getArray()),
                        (Integer) rs.getObject("page"),
                        rs.getInt("start_offset"),
                        rs.getInt("end_offset"),
                        rs.getInt("token_count")))
                .list();
    }

    /** Deletes the document; its parsed text, chunks and embeddings go with it (cascade) in the same statement. */
    boolean delete(UUID tenantId, UUID kbId, UUID id) {
        return jdbc.sql("delete from rag.documents where tenant_id = :tenant and knowledge_base_id = :kb and id = :id")
                        .param("tenant", tenantId)
                        .param("kb", kbId)
                        .param("id", id)
                        .update()
                == 1;
    }

    private Document map(ResultSet rs, int row) throws SQLException {
        return new Document(
                rs.getObject("id", UUID.class),
                rs.getObject("knowledge_base_id", UUID.class),
                rs.getString("name"),
                rs.getString("content_type"),
                rs.getLong("size_bytes"),
                rs.getString("content_hash"),
                rs.getInt("version"),
                (Integer) rs.getObject("live_version"),
                rs.getString("status"),
                rs.getString("failure_reason"),
                rs.getInt("progress"),
                rs.getInt("chunk_count"),
                json.readValue(rs.getString("metadata_json"), MAP),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
