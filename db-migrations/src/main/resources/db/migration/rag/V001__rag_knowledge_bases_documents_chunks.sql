-- rag schema owned by rag-service: knowledge bases, documents, chunks with embeddings, idempotency records.
-- Forward only: never edit this file once applied; add V002__... instead.
-- The vector extension lives in public (platform migration); types and operator classes are schema-qualified here.

create schema if not exists rag;

-- A knowledge base fixes its embedding model and dimension at creation: vectors of different models never mix.
create table rag.knowledge_bases (
    id                    uuid        primary key,
    tenant_id             uuid        not null,
    name                  text        not null,
    description           text,
    embedding_provider    text        not null,
    embedding_model       text        not null,
    embedding_dimension   integer     not null,
    chunk_size_tokens     integer     not null,
    chunk_overlap_tokens  integer     not null,
    created_at            timestamptz not null default now(),
    constraint knowledge_bases_tenant_name_key unique (tenant_id, name),
    constraint knowledge_bases_id_tenant_key unique (id, tenant_id),
    constraint knowledge_bases_name_length check (char_length(name) between 1 and 200),
    constraint knowledge_bases_dimension_range check (embedding_dimension between 1 and 2000),
    constraint knowledge_bases_chunk_size_range check (chunk_size_tokens between 32 and 2048),
    constraint knowledge_bases_overlap_range check (chunk_overlap_tokens >= 0 and chunk_overlap_tokens < chunk_size_tokens)
);

create index knowledge_bases_tenant_created_idx on rag.knowledge_bases (tenant_id, created_at desc, id desc);

-- One row per uploaded document. version counts uploads under the same name; live_version is the version whose
-- chunks are served, so a re-upload keeps the old text retrievable until the new version is ready.
create table rag.documents (
    id                  uuid        primary key,
    tenant_id           uuid        not null,
    knowledge_base_id   uuid        not null,
    name                text        not null,
    content_type        text        not null,
    size_bytes          bigint      not null,
    content_hash        text        not null,
    version             integer     not null default 1,
    live_version        integer,
    status              text        not null,
    failure_reason      text,
    progress            integer     not null default 0,
    chunk_count         integer     not null default 0,
    metadata            jsonb       not null default '{}'::jsonb,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    constraint documents_kb_fk foreign key (knowledge_base_id, tenant_id)
        references rag.knowledge_bases (id, tenant_id) on delete cascade,
    constraint documents_kb_name_key unique (knowledge_base_id, name),
    constraint documents_id_tenant_key unique (id, tenant_id),
    constraint documents_status_known check (status in ('queued', 'processing', 'ready', 'failed')),
    constraint documents_progress_range check (progress between 0 and 100),
    constraint documents_hash_format check (content_hash ~ '^[0-9a-f]{64}$'),
    constraint documents_name_length check (char_length(name) between 1 and 500)
);

create index documents_kb_created_idx on rag.documents (tenant_id, knowledge_base_id, created_at desc, id desc);
create index documents_kb_hash_idx on rag.documents (knowledge_base_id, content_hash);

-- The parsed text of a document version (blocks with heading path, page and offsets, as JSON): the ingestion worker
-- chunks and embeds from here, so a worker restart never needs the upload again.
create table rag.document_contents (
    document_id   uuid        not null,
    tenant_id     uuid        not null,
    version       integer     not null,
    parsed        jsonb       not null,
    created_at    timestamptz not null default now(),
    primary key (document_id, version),
    constraint document_contents_document_fk foreign key (document_id, tenant_id)
        references rag.documents (id, tenant_id) on delete cascade
);

-- Chunks carry tenant, knowledge base and document metadata themselves so vector and keyword scans filter without a
-- join. The embedding column is untyped: each knowledge base has one dimension, and a partial expression HNSW index
-- per supported dimension serves it (see docs/adr on embedding dimensions). (document_id, version, chunk_index) is
-- unique: a redelivered ingestion message rewrites nothing.
create table rag.chunks (
    id                  uuid        primary key,
    tenant_id           uuid        not null,
    knowledge_base_id   uuid        not null,
    document_id         uuid        not null,
    version             integer     not null,
    chunk_index         integer     not null,
    content             text        not null,
    heading_path        text[]      not null default '{}',
    heading_text        text        not null default '',
    page                integer,
    start_offset        integer     not null,
    end_offset          integer     not null,
    token_count         integer     not null,
    metadata            jsonb       not null default '{}'::jsonb,
    dimension           integer     not null,
    embedding           public.vector not null,
    tsv                 tsvector    generated always as (
                            setweight(to_tsvector('english'::regconfig, heading_text), 'A')
                            || setweight(to_tsvector('english'::regconfig, content), 'B')) stored,
    created_at          timestamptz not null default now(),
    constraint chunks_document_fk foreign key (document_id, tenant_id)
        references rag.documents (id, tenant_id) on delete cascade,
    constraint chunks_document_version_index_key unique (document_id, version, chunk_index),
    constraint chunks_offsets_valid check (start_offset >= 0 and end_offset >= start_offset),
    constraint chunks_dimension_matches check (public.vector_dims(embedding) = dimension)
);

create index chunks_tenant_kb_idx on rag.chunks (tenant_id, knowledge_base_id);
create index chunks_tsv_idx on rag.chunks using gin (tsv);
create index chunks_metadata_idx on rag.chunks using gin (metadata jsonb_path_ops);

-- One HNSW (cosine) index per supported dimension; 384 is the built-in all-MiniLM-L6-v2 model.
create index chunks_embedding_384_idx on rag.chunks
    using hnsw ((embedding::public.vector(384)) public.vector_cosine_ops) where dimension = 384;
create index chunks_embedding_768_idx on rag.chunks
    using hnsw ((embedding::public.vector(768)) public.vector_cosine_ops) where dimension = 768;
create index chunks_embedding_1024_idx on rag.chunks
    using hnsw ((embedding::public.vector(1024)) public.vector_cosine_ops) where dimension = 1024;
create index chunks_embedding_1536_idx on rag.chunks
    using hnsw ((embedding::public.vector(1536)) public.vector_cosine_ops) where dimension = 1536;

-- Idempotency-Key records for creating POSTs (shape shared by every service, see CONTRACTS.md).
create table rag.idempotency_keys (
    tenant_id              uuid        not null,
    route                  text        not null,
    idem_key               text        not null,
    request_hash           text        not null,
    state                  text        not null,
    response_status        int,
    response_body          text,
    response_content_type  text,
    created_at             timestamptz not null default now(),
    completed_at           timestamptz,
    primary key (tenant_id, route, idem_key),
    constraint idempotency_keys_state_known check (state in ('in_flight', 'completed'))
);
