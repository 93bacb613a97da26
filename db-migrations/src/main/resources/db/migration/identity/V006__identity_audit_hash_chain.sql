-- A tamper-evident audit log (issue 14): per tenant, events form a hash chain, and the gateway periodically signs the
-- head of each chain (a checkpoint) with its own private key. Editing, deleting, reordering or truncating stored
-- history then breaks a link or contradicts a signed checkpoint, which the verify endpoint and `./bl1nk audit verify`
-- report. Forward only: never edit this file once applied.

-- seq: position in the tenant's chain (1, 2, ...); hash = sha256(prev_hash || '\n' || canonical event JSON).
-- Rows stored before this migration keep null here: they predate the chain and are reported as unchained.
alter table identity.audit_events
    add column seq       bigint,
    add column prev_hash text,
    add column hash      text,
    add constraint audit_events_hash_format check (hash is null or hash ~ '^[0-9a-f]{64}$'),
    add constraint audit_events_chained_whole check ((seq is null) = (hash is null) and (seq is null) = (prev_hash is null));

create unique index audit_events_tenant_seq_key on identity.audit_events (tenant_id, seq) where seq is not null;

-- The newest link of each tenant's chain. Locking its row serialises appends per tenant across gateway replicas.
create table identity.audit_chain_heads (
    tenant_id   uuid        primary key,
    last_seq    bigint      not null,
    last_hash   text        not null,
    updated_at  timestamptz not null
);

-- Signed checkpoints: the gateway's ES256 signature over (tenant, seq, hash, time) as a compact JWS. Insert-only for
-- the gateway's role (ServiceRoles revokes update and delete).
create table identity.audit_checkpoints (
    id          uuid        primary key,
    tenant_id   uuid        not null,
    seq         bigint      not null,
    hash        text        not null,
    signed_at   timestamptz not null,
    key_id      text        not null,
    statement   text        not null,
    constraint audit_checkpoints_tenant_seq_key unique (tenant_id, seq),
    constraint audit_checkpoints_hash_format check (hash ~ '^[0-9a-f]{64}$')
);
