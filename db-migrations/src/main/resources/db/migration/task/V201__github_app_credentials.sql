-- The platform's GitHub App, set by the operator through the API: its private key and webhook secrets are stored
-- only as AES-GCM ciphertext (SecretBox, bound to the column they belong to). One row at most; without it the
-- service falls back to its environment (BL1NK_GITHUB_*).

create table task.github_app (
    id smallint primary key default 1 check (id = 1),
    app_id bigint not null check (app_id > 0),
    private_key_enc text not null,
    webhook_secrets_enc text not null,
    updated_by text,
    updated_at timestamptz not null default now()
);
