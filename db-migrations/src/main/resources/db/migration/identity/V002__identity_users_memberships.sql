-- People: users and their membership of tenants (issue 13). Every feature for humans (invitations, password login,
-- sessions, SSO, API keys owned by a user) builds on these two tables and adds its own in a later migration.
-- Forward only: never edit this file once applied.

-- A person. The e-mail is the login name, stored lower-cased; a user may belong to several tenants.
-- platform_admin: the operator of the platform (creates tenants, platform prices); the first user gets it.
create table identity.users (
    id              uuid        primary key,
    email           text        not null,
    display_name    text        not null,
    status          text        not null default 'active',
    platform_admin  boolean     not null default false,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    constraint users_email_key unique (email),
    constraint users_email_format check (email = lower(email) and email ~ '^[^@[:space:]]+@[^@[:space:]]+$'
        and char_length(email) <= 320),
    constraint users_display_name_length check (char_length(display_name) between 1 and 200),
    constraint users_status_known check (status in ('active', 'disabled'))
);

-- A user's role in one tenant (the roles of the permission model). A tenant always keeps at least one owner:
-- enforced by the service under the tenant's lock, not here.
create table identity.memberships (
    tenant_id   uuid        not null references identity.tenants (id),
    user_id     uuid        not null references identity.users (id),
    role        text        not null,
    created_at  timestamptz not null default now(),
    created_by  text        not null,
    primary key (tenant_id, user_id),
    constraint memberships_role_known check (role in ('owner', 'admin', 'developer', 'viewer'))
);

-- The tenants of one user, for the tenant switcher and for login.
create index memberships_user_idx on identity.memberships (user_id);
