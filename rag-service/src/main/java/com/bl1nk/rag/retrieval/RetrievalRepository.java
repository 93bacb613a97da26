package com.bl1nk.rag.retrieval;

import com.bl1nk.rag.chunk.WordSegmenter;
import com.pgvector.PGvector;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The search SQL. Filters live on the chunk rows themselves (tenant, knowledge base, document, metadata) so the HNSW
 * scan can apply them, and {@code hnsw.iterative_scan} keeps scanning until k rows pass them.
 */
@Repository
class RetrievalRepository {

    private static final String SELECT = "select c.id, c.knowledge_base_id, c.document_id, d.name as document_name,"
            + " c.chunk_index, c.content, c.heading_path, c.page, c.start_offset, c.end_offset, ";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final RetrievalProperties properties;

    RetrievalRepository(JdbcTemplate jdbc, TransactionTemplate tx, RetrievalProperties properties) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.properties = properties;
    }

    /** Where the search may look. */
    record Scope(UUID tenantId, List<UUID> knowledgeBaseIds, List<UUID> documentIds, String metadataJson) {}

    List<Hit> vector(Scope scope, int dimension, PGvector queryVector, int limit) {
        if (dimension < 1 || dimension > 2000) {
            throw new IllegalArgumentException("dimension out of range");
        }
        // The dimension is an int, so inlining it is safe; it must be literal to match the partial expression index.
        String distance = "(c.embedding::vector(" + dimension + ") <=> ?::vector(" + dimension + "))";
        // The nearest-neighbour scan runs on chunks alone (a join lets the planner trade the HNSW index for an exact
        // sort of the whole knowledge base); the live-version check comes after, on a few extra candidates.
        List<Object> args = new ArrayList<>();
        args.add(queryVector);
        StringBuilder sql = new StringBuilder("with nearest as materialized (select c.id, c.knowledge_base_id,"
                        + " c.document_id, c.version, c.chunk_index, c.content, c.heading_path, c.page,"
                        + " c.start_offset, c.end_offset, ")
                .append(distance)
                .append(" as distance from rag.chunks c where c.dimension = ")
                .append(dimension);
        where(scope, sql, args);
        sql.append(" order by ").append(distance).append(" limit ?) ");
        args.add(queryVector);
        args.add(limit * 2 + 10);
        sql.append("select c.id, c.knowledge_base_id, c.document_id, d.name as document_name, c.chunk_index,"
                + " c.content, c.heading_path, c.page, c.start_offset, c.end_offset, c.distance from nearest c"
                + " join rag.documents d on d.id = c.document_id and d.live_version = c.version"
                + " order by c.distance limit ?");
        args.add(limit);
        List<Hit> hits = tx.execute(status -> {
            jdbc.queryForObject(
                    "select set_config('hnsw.ef_search', ?, true) || set_config('hnsw.iterative_scan',"
                            + " 'relaxed_order', true) || set_config('hnsw.max_scan_tuples', ?, true)",
                    String.class,
                    Integer.toString(Math.max(properties.efSearch(), limit * 2 + 10)),
                    Integer.toString(properties.maxScanTuples()));
            return jdbc.query(sql.toString(), (rs, row) -> map(rs, 1.0 - rs.getDouble("distance")), args.toArray());
        });
        List<Hit> sorted = new ArrayList<>(hits == null ? List.of() : hits);
        // relaxed_order may return neighbours slightly out of order.
        sorted.sort((a, b) -> Double.compare(b.score(), a.score()));
        return sorted;
    }

    /** Distinct query terms scored (after stemming and stop words); the rest of a very long query is ignored. */
    static final int MAX_QUERY_TERMS = 32;

    /** Candidate lists fetched at most, each four times wider, when versions not yet live fill the slots. */
    static final int MAX_KEYWORD_PASSES = 3;

    /**
     * BM25 over the term postings: document frequencies and the average chunk length are counted inside the tenant's
     * knowledge bases being searched, so one knowledge base's vocabulary never skews another's scores. The query is
     * analysed like the chunks (Thai split into words, then Postgres' English configuration), any term may match.
     */
    List<Hit> keyword(Scope scope, String query, int limit) {
        // A query's cost grows with its distinct terms (each reads all its postings) and with each wider pass: both
        // are bounded, so a 4,000-character query cannot hold the shared database for seconds.
        // Scores come from postings alone (one index range per query term); only the best candidates are joined to
        // rag.chunks for content and to rag.documents for the name and live-version check. Chunks of a version not
        // yet live can take candidate slots; when fewer than limit live rows come back from a full candidate list,
        // fetch a larger one.
        UUID[] kbs = scope.knowledgeBaseIds().toArray(UUID[]::new);
        int candidates = limit * 2 + 10;
        for (int pass = 1; ; pass++) {
            List<Object> args = new ArrayList<>();
            StringBuilder sql = new StringBuilder("with q as materialized (select distinct t.lexeme as term"
                    + " from unnest(to_tsvector('english', ?)) t order by term limit " + MAX_QUERY_TERMS + "),"
                    + " stats as materialized (select greatest(coalesce(sum(chunk_count), 0), 1)::float8 as n,"
                    + " greatest(coalesce(sum(term_count), 0)::float8 / greatest(coalesce(sum(chunk_count), 0), 1), 1)"
                    + " as avgdl from rag.documents where tenant_id = ? and knowledge_base_id = any(?)"
                    + " and live_version is not null),"
                    + " postings as materialized (select p.chunk_id, p.tf, p.chunk_length,"
                    + " count(*) over (partition by p.term) as df from q join rag.chunk_terms p on p.term = q.term"
                    + " where p.tenant_id = ? and p.knowledge_base_id = any(?)),"
                    + " ranked as materialized (select p.chunk_id as id, sum(ln(1 + (greatest(s.n, p.df) - p.df + 0.5)"
                    + " / (p.df + 0.5)) * p.tf * (? + 1) / (p.tf + ? * (1 - ? + ? * p.chunk_length / s.avgdl)))"
                    + " as rank from postings p cross join stats s");
            args.add(WordSegmenter.segment(query));
            args.add(scope.tenantId());
            args.add(kbs);
            args.add(scope.tenantId());
            args.add(kbs);
            double k1 = properties.bm25K1();
            double b = properties.bm25B();
            args.addAll(List.of(k1, k1, b, b));
            if (scope.documentIds() != null && !scope.documentIds().isEmpty() || scope.metadataJson() != null) {
                sql.append(" join rag.chunks c on c.id = p.chunk_id where true");
                where(scope, sql, args);
            }
            sql.append(" group by p.chunk_id order by rank desc, p.chunk_id limit ?) ")
                    .append(SELECT)
                    .append("r.rank, d.id is not null as live from ranked r join rag.chunks c on c.id = r.id")
                    .append(" and c.tenant_id = ?")
                    .append(" left join rag.documents d on d.id = c.document_id and d.tenant_id = c.tenant_id")
                    .append(" and d.live_version = c.version order by r.rank desc, c.id");
            args.add(candidates);
            args.add(scope.tenantId());
            int[] rows = {0};
            List<Hit> hits = new ArrayList<>();
            jdbc.query(
                    sql.toString(),
                    rs -> {
                        rows[0]++;
                        if (rs.getBoolean("live") && hits.size() < limit) {
                            hits.add(map(rs, rs.getDouble("rank")));
                        }
                    },
                    args.toArray());
            if (hits.size() >= limit || rows[0] < candidates || pass == MAX_KEYWORD_PASSES) {
                return hits;
            }
            candidates = candidates > Integer.MAX_VALUE / 4 ? Integer.MAX_VALUE : candidates * 4;
        }
    }

    /** How many of {@code documentIds} the tenant has in these knowledge bases. */
    int countVisibleDocuments(UUID tenantId, List<UUID> knowledgeBaseIds, List<UUID> documentIds) {
        Integer n = jdbc.queryForObject(
                "select count(*) from rag.documents where tenant_id = ? and knowledge_base_id = any(?) and id = any(?)",
                Integer.class,
                tenantId,
                knowledgeBaseIds.toArray(UUID[]::new),
                documentIds.toArray(UUID[]::new));
        return n == null ? 0 : n;
    }

    private static void where(Scope scope, StringBuilder sql, List<Object> args) {
        sql.append(" and c.tenant_id = ? and c.knowledge_base_id = any(?)");
        args.add(scope.tenantId());
        args.add(scope.knowledgeBaseIds().toArray(UUID[]::new));
        if (scope.documentIds() != null && !scope.documentIds().isEmpty()) {
            sql.append(" and c.document_id = any(?)");
            args.add(scope.documentIds().toArray(UUID[]::new));
        }
        if (scope.metadataJson() != null) {
            sql.append(" and c.metadata @> ?::jsonb");
            args.add(scope.metadataJson());
        }
    }

    private static Hit map(ResultSet rs, double score) throws SQLException {
        return new Hit(
                rs.getObject("id", UUID.class),
                rs.getObject("knowledge_base_id", UUID.class),
                rs.getObject("document_id", UUID.class),
                rs.getString("document_name"),
                rs.getInt("chunk_index"),
                rs.getString("content"),
                List.of((String[]) rs.getArray("heading_path").getArray()),
                (Integer) rs.getObject("page"),
                rs.getInt("start_offset"),
                rs.getInt("end_offset"),
                score);
    }
}
