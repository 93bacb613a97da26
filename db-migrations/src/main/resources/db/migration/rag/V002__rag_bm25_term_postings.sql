-- BM25 keyword search (issue 17). One posting per (chunk, term) with the term's frequency in the chunk and the
-- chunk's length, so keyword search scores with BM25 on document frequencies counted inside the knowledge bases
-- searched (tenant-scoped, like every chunk row). Terms are the lexemes of to_tsvector('english', text), where the
-- service has already split Thai runs into words (Postgres has no Thai word segmentation).
-- The primary key leads with (knowledge_base_id, term) and includes what scoring reads, so a query term's postings
-- are one index-only range scan.
create table rag.chunk_terms (
    knowledge_base_id   uuid     not null,
    term                text     not null,
    chunk_id            uuid     not null,
    tenant_id           uuid     not null,
    tf                  integer  not null,
    chunk_length        integer  not null,
    constraint chunk_terms_pkey primary key (knowledge_base_id, term, chunk_id) include (tenant_id, tf, chunk_length),
    constraint chunk_terms_chunk_fk foreign key (chunk_id) references rag.chunks (id) on delete cascade,
    constraint chunk_terms_tf_positive check (tf > 0 and chunk_length >= tf)
);

-- the cascade from a deleted chunk finds its postings here
create index chunk_terms_chunk_idx on rag.chunk_terms (chunk_id);

-- a chunk's BM25 length (lexemes counted with repeats); a document's live version sums them so the average chunk
-- length of a knowledge base is one small aggregate over documents
alter table rag.chunks add column term_count integer not null default 0;
alter table rag.documents add column term_count bigint not null default 0;

-- existing chunks: postings from the stored tsvector (heading and content, unsegmented Thai stays one term per run)
insert into rag.chunk_terms (knowledge_base_id, term, chunk_id, tenant_id, tf, chunk_length)
select c.knowledge_base_id, t.lexeme, c.id, c.tenant_id, greatest(cardinality(t.positions), 1), l.len
from rag.chunks c
cross join lateral (select coalesce(sum(greatest(cardinality(u.positions), 1)), 0)::integer as len
                    from unnest(c.tsv) u) l
cross join lateral unnest(c.tsv) t;

update rag.chunks c set term_count = coalesce(
    (select sum(greatest(cardinality(u.positions), 1)) from unnest(c.tsv) u), 0);

update rag.documents d set term_count = coalesce(
    (select sum(c.term_count) from rag.chunks c where c.document_id = d.id and c.version = d.live_version), 0);

-- the postings replace the tsvector for ranking; keeping it would cost every ingestion a GIN insert for nothing
drop index rag.chunks_tsv_idx;
alter table rag.chunks drop column tsv;
