package com.bl1nk.rag.ingest;

import com.bl1nk.rag.chunk.Chunk;
import com.pgvector.PGvector;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of ingestion: status transitions, idempotent chunk writes and the live swap; all scoped by tenant. */
@Repository
class IngestRepository {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    IngestRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** Document identity and metadata needed to write chunks. */
    record Target(UUID knowledgeBaseId, String metadataJson) {}

    /**
     * Marks {@code version} as processing if it is still the current version and not finished; empty when the
     * message is stale (newer upload, deleted, already ready).
     */
    Optional<Target> startProcessing(UUID tenantId, UUID documentId, int version) {
        return jdbc.sql("update rag.documents set status = 'processing', updated_at = now()"
                        + " where tenant_id = :tenant and id = :id and version = :v"
                        + " and status in ('queued', 'processing')"
                        + " returning knowledge_base_id, metadata::text as metadata_json")
                .param("tenant", tenantId)
                .param("id", documentId)
                .param("v", version)
                .query((rs, row) -> new Target(rs.getObject("knowledge_base_id", UUID.class), rs.getString(2)))
                .optional();
    }

    Optional<String> parsedContent(UUID tenantId, UUID documentId, int version) {
        return jdbc.sql("select parsed::text from rag.document_contents"
                        + " where tenant_id = :tenant and document_id = :id and version = :v")
                .param("tenant", tenantId)
                .param("id", documentId)
                .param("v", version)
                .query(String.class)
                .optional();
    }

    /** Chunk indexes already written for this version (by an earlier, interrupted attempt). */
    Set<Integer> writtenIndexes(UUID tenantId, UUID documentId, int version) {
        return new HashSet<>(jdbc.sql("select chunk_index from rag.chunks"
                        + " where tenant_id = :tenant and document_id = :id and version = :v")
                .param("tenant", tenantId)
                .param("id", documentId)
                .param("v", version)
                .query(Integer.class)
                .list());
    }

    /** Writes chunks; a chunk already present for (document, version, index) is left as it is. */
    void insertChunks(
            UUID tenantId,
            Target target,
            UUID documentId,
            int version,
            int dimension,
            List<Chunk> chunks,
            List<float[]> vectors) {
        List<Object[]> rows = new ArrayList<>(chunks.size());
        List<Object[]> postings = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            Chunk c = chunks.get(i);
            UUID chunkId = UUID.randomUUID();
            String searchText = c.searchText();
            postings.add(new Object[] {searchText, chunkId});
            rows.add(new Object[] {
                chunkId,
                tenantId,
                target.knowledgeBaseId(),
                documentId,
                version,
                c.chunkIndex(),
                c.content(),
                c.headingPath().toArray(String[]::new),
                String.join(" ", c.headingPath()),
                c.page(),
                c.start(),
                c.end(),
                c.tokens(),
                target.metadataJson(),
                dimension,
                new PGvector(vectors.get(i)),
                searchText
            });
        }
        template.batchUpdate(
                "insert into rag.chunks (id, tenant_id, knowledge_base_id, document_id, version, chunk_index, content,"
                        + " heading_path, heading_text, page, start_offset, end_offset, token_count, metadata,"
                        + " dimension, embedding, term_count) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                        + " ?::jsonb, ?, ?::vector, (select coalesce(sum(greatest(cardinality(u.positions), 1)), 0)"
                        + " from unnest(to_tsvector('english', ?)) u)) on conflict (document_id, version, chunk_index)"
                        + " do nothing",
                rows);
        // BM25 postings from the same analysis Postgres gives queries; a chunk that already existed (redelivery) kept
        // its own id, so the join finds nothing for the id generated here and nothing is written twice.
        template.batchUpdate(
                "insert into rag.chunk_terms (knowledge_base_id, term, chunk_id, tenant_id, tf, chunk_length)"
                        + " select c.knowledge_base_id, t.lexeme, c.id, c.tenant_id,"
                        + " greatest(cardinality(t.positions), 1), c.term_count"
                        + " from rag.chunks c, unnest(to_tsvector('english', ?)) t where c.id = ?"
                        + " on conflict do nothing",
                postings);
    }

    void progress(UUID tenantId, UUID documentId, int version, int percent) {
        jdbc.sql("update rag.documents set progress = greatest(progress, :p), updated_at = now()"
                        + " where tenant_id = :tenant and id = :id and version = :v and status = 'processing'")
                .param("p", percent)
                .param("tenant", tenantId)
                .param("id", documentId)
                .param("v", version)
                .update();
    }

    /** Makes {@code version} live; false when a newer upload replaced it meanwhile (caller rolls back). */
    boolean markReady(UUID tenantId, UUID documentId, int version, int chunkCount) {
        return jdbc.sql("update rag.documents set status = 'ready', progress = 100, live_version = :v,"
                                + " chunk_count = :count, failure_reason = null, updated_at = now(),"
                                + " term_count = (select coalesce(sum(c.term_count), 0) from rag.chunks c"
                                + " where c.tenant_id = :tenant and c.document_id = :id and c.version = :v)"
                                + " where tenant_id = :tenant and id = :id and version = :v")
                        .param("v", version)
                        .param("count", chunkCount)
                        .param("tenant", tenantId)
                        .param("id", documentId)
                        .update()
                == 1;
    }

    /** Removes the chunks of every other version (the replaced upload). */
    void deleteOtherVersions(UUID tenantId, UUID documentId, int version) {
        jdbc.sql("delete from rag.chunks where tenant_id = :tenant and document_id = :id and version <> :v")
                .param("tenant", tenantId)
                .param("id", documentId)
                .param("v", version)
                .update();
    }

    void markFailed(UUID tenantId, UUID documentId, int version, String reason) {
        jdbc.sql("update rag.documents set status = 'failed', failure_reason = :reason, updated_at = now()"
                        + " where tenant_id = :tenant and id = :id and version = :v and status <> 'ready'")
                .param("reason", reason.length() > 1000 ? reason.substring(0, 1000) : reason)
                .param("tenant", tenantId)
                .param("id", documentId)
                .param("v", version)
                .update();
        jdbc.sql("delete from rag.chunks where tenant_id = :tenant and document_id = :id and version = :v")
                .param("tenant", tenantId)
                .param("id", documentId)
                .param("v", version)
                .update();
    }

    /** Queued documents nobody touched since {@code before}: their stream message was probably lost. */
    List<Map<String, Object>> staleQueued(Instant before, int limit) {
        return jdbc.sql("select tenant_id, knowledge_base_id, id, version from rag.documents"
                        + " where status = 'queued' and updated_at < :before order by updated_at limit :limit")
                .param("before", Timestamp.from(before))
                .param("limit", limit)
                .query()
                .listOfRows();
    }

    void touch(UUID tenantId, UUID documentId) {
        jdbc.sql("update rag.documents set updated_at = now() where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId)
                .param("id", documentId)
                .update();
    }
}
