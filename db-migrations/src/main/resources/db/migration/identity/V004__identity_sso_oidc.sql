-- Single sign-on with OpenID Connect (issue 13 item 3): one provider per tenant, and the link between a provider's
-- subject and a bl1nk user. Users and memberships are V002's; SSO writes them, it owns only these two tables.
-- Forward only: never edit this file once applied.

-- A tenant's OIDC provider. The client secret is stored only encrypted (AES-GCM under BL1NK_MASTER_KEY, bound to the
-- tenant id), never in the clear; a public client (PKCE only) has none.
-- role_mapping: {"<group>": "<role>", ...}; the highest role among the user's matching groups wins, else default_role,
-- else the login is refused. sso_only: members of this tenant may not log in with a password.
create table identity.sso_providers (
    tenant_id                uuid        primary key references identity.tenants (id),
    issuer                   text        not null,
    client_id                text        not null,
    client_secret_encrypted  text,
    token_auth_method        text        not null default 'client_secret_basic',
    scopes                   text[]      not null default array['openid', 'email', 'profile']::text[],
    groups_claim             text        not null default 'groups',
    role_mapping             jsonb       not null default '{}'::jsonb,
    default_role             text,
    jit_users                boolean     not null default true,
    sso_only                 boolean     not null default false,
    enabled                  boolean     not null default true,
    created_at               timestamptz not null default now(),
    updated_at               timestamptz not null default now(),
    updated_by               text        not null,
    constraint sso_providers_issuer_length check (char_length(issuer) between 1 and 2000),
    constraint sso_providers_client_id_length check (char_length(client_id) between 1 and 500),
    constraint sso_providers_token_auth_known
        check (token_auth_method in ('client_secret_basic', 'client_secret_post', 'none')),
    constraint sso_providers_secret_matches_method
        check ((token_auth_method = 'none') = (client_secret_encrypted is null)),
    constraint sso_providers_scopes_openid check ('openid' = any (scopes)),
    constraint sso_providers_default_role_known
        check (default_role is null or default_role in ('owner', 'admin', 'developer', 'viewer')),
    constraint sso_providers_role_mapping_object check (jsonb_typeof(role_mapping) = 'object')
);

-- Who a provider's subject is in bl1nk: (issuer, subject) is the stable identity OIDC promises, unlike the e-mail.
-- A user may be linked to several providers (one per tenant, or the platform-wide one).
create table identity.sso_identities (
    issuer         text        not null,
    subject        text        not null,
    user_id        uuid        not null references identity.users (id),
    email          text,
    created_at     timestamptz not null default now(),
    last_login_at  timestamptz not null default now(),
    primary key (issuer, subject),
    constraint sso_identities_subject_length check (char_length(subject) between 1 and 255)
);

create index sso_identities_user_idx on identity.sso_identities (user_id);
