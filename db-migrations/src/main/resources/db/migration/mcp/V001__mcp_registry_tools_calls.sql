-- MCP schema owned by mcp-service: registered MCP servers (credentials encrypted), discovered tools with their
-- approval state, the call audit, and idempotency records. Forward only: add V002__... for changes.

create schema if not exists mcp;

-- One MCP server a tenant registered. Credentials (auth headers) are a SecretBox ciphertext, never plain text;
-- credential_header_names keeps only the header names so the API can show what is configured.
create table mcp.servers (
    id                       uuid        primary key,
    tenant_id                uuid        not null,
    name                     text        not null,
    transport                text        not null,
    url                      text,
    command                  text,
    args                     text[]      not null default '{}',
    credentials_ciphertext   text,
    credential_header_names  text[]      not null default '{}',
    enabled                  boolean     not null default true,
    status                   text        not null default 'new',
    last_error               text,
    server_info              jsonb       not null default '{}'::jsonb,
    prompts                  jsonb       not null default '[]'::jsonb,
    resources                jsonb       not null default '[]'::jsonb,
    discovered_at            timestamptz,
    created_by               text        not null,
    created_at               timestamptz not null default now(),
    updated_at               timestamptz not null default now(),
    constraint servers_tenant_name_key unique (tenant_id, name),
    constraint servers_name_format check (name ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
    constraint servers_transport_known check (transport in ('streamable_http', 'sse', 'stdio')),
    constraint servers_status_known check (status in ('new', 'ready', 'error')),
    constraint servers_endpoint_present check (
        (transport = 'stdio' and command is not null and url is null)
        or (transport <> 'stdio' and url is not null and command is null))
);

create index servers_tenant_created_idx on mcp.servers (tenant_id, created_at desc, id desc);

-- A tool offered by a server. qualified_name is unique per tenant: a name offered by two servers is namespaced
-- ("<server>__<tool>") instead of one shadowing the other. schema_hash covers description + input schema; a change
-- moves an approved tool to 'changed' and calls are refused until someone approves the new hash.
create table mcp.tools (
    id                uuid        primary key,
    tenant_id         uuid        not null,
    server_id         uuid        not null references mcp.servers (id) on delete cascade,
    name              text        not null,
    qualified_name    text        not null,
    title             text,
    description       text        not null default '',
    input_schema      jsonb       not null default '{}'::jsonb,
    schema_hash       text        not null,
    approval_state    text        not null,
    approved_hash     text,
    approved_by       text,
    approved_at       timestamptz,
    allowed_callers   text[]      not null default '{}',
    removed_at        timestamptz,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    constraint tools_server_name_key unique (server_id, name),
    constraint tools_tenant_qualified_key unique (tenant_id, qualified_name),
    constraint tools_approval_known check (approval_state in ('approved', 'pending_approval', 'changed')),
    constraint tools_hash_format check (schema_hash ~ '^[0-9a-f]{64}$')
);

create index tools_tenant_created_idx on mcp.tools (tenant_id, created_at desc, id desc);
create index tools_server_idx on mcp.tools (server_id);

-- One audited tool call: who called what, how long it took, how it ended, and the shape of the arguments
-- (types and sizes, never values, so secrets passed as arguments are not stored).
create table mcp.tool_calls (
    id              uuid        primary key,
    tenant_id       uuid        not null,
    tool_id         uuid        not null,
    server_id       uuid        not null,
    qualified_name  text        not null,
    caller          text        not null,
    agent_id        text,
    task_id         text,
    outcome         text        not null,
    error_code      text,
    duration_ms     bigint      not null,
    output_bytes    bigint      not null default 0,
    truncated       boolean     not null default false,
    argument_shape  jsonb       not null default '{}'::jsonb,
    trace_id        text,
    started_at      timestamptz not null,
    constraint tool_calls_outcome_known check (
        outcome in ('success', 'tool_error', 'timeout', 'protocol_error', 'rejected'))
);

create index tool_calls_tenant_started_idx on mcp.tool_calls (tenant_id, started_at desc, id desc);
create index tool_calls_tool_idx on mcp.tool_calls (tool_id, started_at desc);

-- Idempotency records for creating POSTs (shape shared by every service, see docs/dev/CONTRACTS.md).
create table mcp.idempotency_keys (
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
    constraint idempotency_state_known check (state in ('in_flight', 'completed'))
);
