-- Task schema owned by task-service, first part: the model layer (LLM providers per tenant, routing policies)
-- and the idempotency records. Agents and tasks come in later migrations (V002__...).
-- Forward only: never edit this file once applied; add V00N__... instead.

create schema if not exists task;

-- A model provider a tenant configured. Credentials (API key, AWS keys, extra header values) are one AES-GCM
-- ciphertext bound to the tenant id (common-lib SecretBox), never returned by the API; only header names are plain.
-- The platform default providers come from configuration and are not stored here.
create table task.llm_providers (
    id                 uuid        primary key,
    tenant_id          uuid        not null,
    name               text        not null,
    kind               text        not null,
    base_url           text,
    region             text,
    credentials_enc    text,
    header_names       text[]      not null default '{}',
    models             jsonb       not null default '[]'::jsonb,
    enabled            boolean     not null default true,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    constraint llm_providers_tenant_name_key unique (tenant_id, name),
    constraint llm_providers_name_format check (name ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    constraint llm_providers_kind_known check (kind in ('openai_compatible', 'bedrock', 'mock')),
    constraint llm_providers_models_array check (jsonb_typeof(models) = 'array')
);

create index llm_providers_tenant_created_idx on task.llm_providers (tenant_id, created_at, id);

-- A named routing policy: the alias a request puts in "model" and how it picks a provider+model.
create table task.routing_policies (
    id                     uuid        primary key,
    tenant_id              uuid        not null,
    name                   text        not null,
    strategy               text        not null,
    models                 jsonb       not null default '[]'::jsonb,
    required_capabilities  text[]      not null default '{}',
    created_at             timestamptz not null default now(),
    updated_at             timestamptz not null default now(),
    constraint routing_policies_tenant_name_key unique (tenant_id, name),
    constraint routing_policies_name_format check (name ~ '^[a-z0-9][a-z0-9._/-]{0,62}$'),
    constraint routing_policies_strategy_known check (strategy in ('cheapest', 'fastest', 'fallback', 'pinned')),
    constraint routing_policies_models_array check (jsonb_typeof(models) = 'array')
);

create index routing_policies_tenant_created_idx on task.routing_policies (tenant_id, created_at, id);

-- Idempotency records for creating POSTs (same shape in every service, see docs/dev/CONTRACTS.md).
create table task.idempotency_keys (
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
