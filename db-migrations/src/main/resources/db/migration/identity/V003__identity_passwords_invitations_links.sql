-- People, part two (issue 13): password sign-in, invitations into a tenant, and one-time links (first user, password
-- reset). Builds on V002's users and memberships. Forward only: never edit this file once applied.

-- Argon2id hash of the user's password (spring-security-crypto's encoded form, parameters included); null for a user
-- who has never set one (SSO only, or invited and not yet accepted).
alter table identity.users add column password_hash text;
alter table identity.users add column password_changed_at timestamptz;
alter table identity.users add constraint users_password_hash_format
    check (password_hash is null or password_hash like '$argon2id$%');

-- An invitation of an e-mail address into a tenant with a role. Only the SHA-256 of the link's token is stored; a
-- token works once (accepted_at) and until expires_at, unless revoked first.
create table identity.invitations (
    id           uuid        primary key,
    tenant_id    uuid        not null references identity.tenants (id),
    email        text        not null,
    role         text        not null,
    token_hash   text        not null,
    created_by   text        not null,
    created_at   timestamptz not null default now(),
    expires_at   timestamptz not null,
    accepted_at  timestamptz,
    accepted_by  uuid        references identity.users (id),
    revoked_at   timestamptz,
    constraint invitations_token_hash_key unique (token_hash),
    constraint invitations_token_hash_format check (token_hash ~ '^[0-9a-f]{64}$'),
    constraint invitations_email_format check (email = lower(email) and email ~ '^[^@[:space:]]+@[^@[:space:]]+$'
        and char_length(email) <= 320),
    constraint invitations_role_known check (role in ('owner', 'admin', 'developer', 'viewer')),
    constraint invitations_used_once check (accepted_at is null or revoked_at is null)
);

-- Listing a tenant's invitations newest first with a (created_at, id) cursor.
create index invitations_tenant_created_idx on identity.invitations (tenant_id, created_at desc, id desc);

-- One-time links that are not invitations: the first user's sign-up (into tenant_id, as its owner and platform
-- admin) and password resets (of user_id). Same rules: hash only, single use, expiring.
create table identity.one_time_links (
    id           uuid        primary key,
    purpose      text        not null,
    tenant_id    uuid        references identity.tenants (id),
    user_id      uuid        references identity.users (id),
    token_hash   text        not null,
    created_by   text        not null,
    created_at   timestamptz not null default now(),
    expires_at   timestamptz not null,
    used_at      timestamptz,
    constraint one_time_links_token_hash_key unique (token_hash),
    constraint one_time_links_token_hash_format check (token_hash ~ '^[0-9a-f]{64}$'),
    constraint one_time_links_purpose_known check (purpose in ('first_user', 'password_reset')),
    constraint one_time_links_reset_has_user check (purpose <> 'password_reset' or user_id is not null),
    constraint one_time_links_first_user_has_tenant check (purpose <> 'first_user' or tenant_id is not null)
);
