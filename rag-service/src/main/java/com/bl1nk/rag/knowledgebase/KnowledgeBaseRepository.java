package com.bl1nk.rag.knowledgebase;

import com.bl1nk.common.web.Cursors;
import com.bl1nk.rag.chunk.ChunkingSettings;
import com.bl1nk.rag.embedding.EmbeddingSpec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code rag.knowledge_bases}; every statement is scoped by tenant. */
@Repository
class KnowledgeBaseRepository {

    private static final String COLUMNS = "id, tenant_id, name, description, embedding_provider, embedding_model,"
            + " embedding_dimension, chunk_size_tokens, chunk_overlap_tokens, created_at";

    private final JdbcClient jdbc;

    KnowledgeBaseRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts; returns false when the tenant already has a knowledge base of that name. */
    boolean insert(KnowledgeBase kb) {
        return jdbc.sql("insert into rag.knowledge_bases (" + COLUMNS + ") values"
                                + " (:id, :tenant, :name, :description, :provider, :model, :dimension, :size, :overlap,"
                                + " :createdAt) on conflict (tenant_id, name) do nothing")
                        .param("id", kb.id())
                        .param("tenant", kb.tenantId())
                        .param("name", kb.name())
                        .param("description", kb.description())
                        .param("provider", kb.embedding().provider())
                        .param("model", kb.embedding().model())
                        .param("dimension", kb.embedding().dimension())
                        .param("size", kb.chunking().maxTokens())
                        .param("overlap", kb.chunking().overlapTokens())
                        .param("createdAt", Timestamp.from(kb.createdAt()))
                        .update()
                == 1;
    }

    /** How many knowledge bases the tenant has. */
    long count(UUID tenantId) {
        return jdbc.sql("select count(*) from rag.knowledge_bases where tenant_id = :tenant")
                .param("tenant", tenantId)
                .query(Long.class)
                .single();
    }

    Optional<KnowledgeBase> find(UUID tenantId, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from rag.knowledge_bases where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId)
                .param("id", id)
                .query(KnowledgeBaseRepository::map)
                .optional();
    }

    List<KnowledgeBase> findAll(UUID tenantId, Collection<UUID> ids) {
        return jdbc.sql("select " + COLUMNS + " from rag.knowledge_bases where tenant_id = :tenant and id = any(:ids)")
                .param("tenant", tenantId)
                .param("ids", ids.toArray(UUID[]::new))
                .query(KnowledgeBaseRepository::map)
                .list();
    }

    /** Newest first, keyset-paged on (created_at, id). */
    List<KnowledgeBase> page(UUID tenantId, Cursors.Cursor after, int limitPlusOne) {
        String sql = "select " + COLUMNS + " from rag.knowledge_bases where tenant_id = :tenant"
                + (after == null ? "" : " and (created_at, id) < (:createdAt, :id)")
                + " order by created_at desc, id desc limit :limit";
        JdbcClient.StatementSpec spec = jdbc.sql(sql).param("tenant", tenantId).param("limit", limitPlusOne);
        if (after != null) {
            spec = spec.param("createdAt", Timestamp.from(after.createdAt())).param("id", after.id());
        }
        return spec.query(KnowledgeBaseRepository::map).list();
    }

    /** Deletes the knowledge base; documents and chunks go with it (cascade) in the same statement. */
    boolean delete(UUID tenantId, UUID id) {
        return jdbc.sql("delete from rag.knowledge_bases where tenant_id = :tenant and id = :id")
                        .param("tenant", tenantId)
                        .param("id", id)
                        .update()
                == 1;
    }

    private static KnowledgeBase map(ResultSet rs, int row) throws SQLException {
        return new KnowledgeBase(
                rs.getObject("id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                rs.getString("name"),
                rs.getString("description"),
                new EmbeddingSpec(
                        rs.getString("embedding_provider"),
                        rs.getString("embedding_model"),
                        rs.getInt("embedding_dimension")),
                new ChunkingSettings(rs.getInt("chunk_size_tokens"), rs.getInt("chunk_overlap_tokens")),
                rs.getTimestamp("created_at").toInstant());
    }
}
