-- Identity schema owned by gateway-service: tenants, API keys, audit log, idempotency records.
-- Forward only: never edit this file once applied; add V002__... instead.

create schema if not exists identity;

-- A tenant is the unit of isolation; every other row in every schema carries its id.
create table identity.tenants (
    id          uuid        primary key,
    slug        text        not null,
    name        text        not null,
    status      text        not null default 'active',
    created_at  timestamptz not null default now(),
    constraint tenants_slug_key unique (slug),
    constraint tenants_slug_format check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    constraint tenants_name_length check (char_length(name) between 1 and 200),
    constraint tenants_status_known check (status in ('active', 'suspended'))
);

-- API keys: "bl1nk_<prefix>_<secret>". Only the prefix (lookup handle) and a SHA-256 of the
-- secret are stored; the secret has 256 bits of entropy, so a fast hash is enough (no KDF needed).
create table identity.api_keys (
    id                     uuid        primary key,
    tenant_id              uuid        not null references identity.tenants (id),
    name                   text        not null,
    prefix                 text        not null,
    secret_hash            text        not null,
    roles                  text[]      not null default '{}',
    scopes                 text[]      not null default '{}',
    rate_limit_per_minute  integer,
    created_at             timestamptz not null default now(),
    created_by             text        not null,
    last_used_at           timestamptz,
    expires_at             timestamptz,
    revoked_at             timestamptz,
    constraint api_keys_prefix_key unique (prefix),
    constraint api_keys_prefix_format check (prefix ~ '^[a-z0-9]{8,32}$'),
    constraint api_keys_secret_hash_format check (secret_hash ~ '^[0-9a-f]{64}$'),
    constraint api_keys_name_length check (char_length(name) between 1 and 200),
    constraint api_keys_roles_known check (roles <@ array['owner', 'admin', 'developer', 'viewer']::text[]),
    constraint api_keys_rate_limit_positive check (rate_limit_per_minute is null or rate_limit_per_minute > 0)
);

-- Listing a tenant's keys newest first with a (created_at, id) cursor.
create index api_keys_tenant_created_idx on identity.api_keys (tenant_id, created_at desc, id desc);

-- Audit log written by the audit-writer consumer group from the bl1nk:audit stream.
-- event_id is the stream message's eventId: a redelivered message inserts nothing (on conflict do nothing).
-- No foreign key to tenants: an audit row must never be refused.
create table identity.audit_events (
    id             uuid        primary key,
    event_id       uuid        not null,
    tenant_id      uuid        not null,
    actor          text        not null,
    action         text        not null,
    resource_type  text        not null,
    resource_id    text,
    outcome        text        not null,
    details        jsonb       not null default '{}'::jsonb,
    trace_id       text,
    occurred_at    timestamptz not null,
    recorded_at    timestamptz not null default now(),
    constraint audit_events_event_id_key unique (event_id)
);

-- Listing a tenant's audit events newest first with a (occurred_at, id) cursor.
create index audit_events_tenant_occurred_idx on identity.audit_events (tenant_id, occurred_at desc, id desc);
create index audit_events_tenant_resource_idx on identity.audit_events (tenant_id, resource_type, resource_id);

-- Idempotency-Key records for creating POSTs (shape shared by every service, see CONTRACTS.md).
create table identity.idempotency_keys (
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
