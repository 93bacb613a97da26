-- API-key lifecycle (issue 13): who owns a key (a user or a service account), which models it may call, where it was
-- last used from, and rotation (the old key keeps working until a deadline, then expires).
-- Forward only: never edit this file once applied.

-- A non-human principal of one tenant that owns API keys (CI, a backend). Disabling it stops its keys at once;
-- deleting it revokes them and keeps the row (soft delete) so old keys and audit events still name their owner.
create table identity.service_accounts (
    id           uuid        primary key,
    tenant_id    uuid        not null references identity.tenants (id),
    name         text        not null,
    description  text        not null default '',
    created_at   timestamptz not null default now(),
    created_by   text        not null,
    updated_at   timestamptz not null default now(),
    disabled_at  timestamptz,
    deleted_at   timestamptz,
    constraint service_accounts_name_length check (char_length(name) between 1 and 100),
    constraint service_accounts_description_length check (char_length(description) <= 1000)
);

-- A name is unique among a tenant's live service accounts (a deleted one frees its name).
create unique index service_accounts_tenant_name_key on identity.service_accounts (tenant_id, name)
    where deleted_at is null;

-- Listing a tenant's service accounts newest first with a (created_at, id) cursor.
create index service_accounts_tenant_created_idx on identity.service_accounts (tenant_id, created_at desc, id desc);

-- owner_user_id / service_account_id: at most one; both null = a key from before owners existed, or the bootstrap and
-- recovered platform-admin keys, which belong to the installation rather than to a person.
-- allowed_models: null = every model; else model names, each optionally ending in '*'.
-- rotated_at / replaced_by: set once by a rotation, which also moves expires_at to the old key's deadline.
alter table identity.api_keys
    add column owner_user_id      uuid references identity.users (id),
    add column service_account_id uuid references identity.service_accounts (id),
    add column allowed_models     text[],
    add column last_used_ip       text,
    add column rotated_at         timestamptz,
    add column replaced_by        uuid references identity.api_keys (id),
    add constraint api_keys_one_owner check (owner_user_id is null or service_account_id is null),
    add constraint api_keys_allowed_models_size check (allowed_models is null
        or cardinality(allowed_models) between 1 and 50),
    add constraint api_keys_last_used_ip_length check (last_used_ip is null or char_length(last_used_ip) <= 64);

-- The keys of one owner, to evict or check them when the owner changes.
create index api_keys_service_account_idx on identity.api_keys (service_account_id)
    where service_account_id is not null;
create index api_keys_owner_user_idx on identity.api_keys (owner_user_id) where owner_user_id is not null;
