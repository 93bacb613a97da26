-- Agents (versioned), tasks, their persisted steps, the enqueue outbox and the idempotency table of task-service.

create table if not exists task.agents (
    id              uuid primary key,
    tenant_id       uuid not null,
    name            text not null,
    current_version int  not null,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    deleted_at      timestamptz
);
create unique index if not exists agents_tenant_name_live on task.agents (tenant_id, name) where deleted_at is null;
create index if not exists agents_tenant_id on task.agents (tenant_id, id);

-- One immutable row per agent version; a task records the version it ran.
create table if not exists task.agent_versions (
    agent_id             uuid not null,
    version              int  not null,
    tenant_id            uuid not null,
    name                 text not null,
    instructions         text not null,
    model                text,
    routing_policy       text,
    knowledge_base_ids   jsonb not null default '[]'::jsonb,
    allowed_tools        jsonb not null default '[]'::jsonb,
    allowed_sub_agents   jsonb not null default '[]'::jsonb,
    max_steps            int not null,
    max_cost_usd         numeric(18, 8) not null,
    max_delegation_depth int not null,
    created_at           timestamptz not null default now(),
    primary key (agent_id, version)
);

create table if not exists task.tasks (
    id              uuid primary key,
    tenant_id       uuid not null,
    agent_id        uuid not null,
    agent_version   int  not null,
    parent_task_id  uuid,
    root_task_id    uuid not null,
    depth           int  not null default 0,
    max_depth       int  not null default 0,
    status          text not null check (status in ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out')),
    status_reason   text,
    input           text not null,
    output          text,
    budget_usd      numeric(18, 8) not null,
    cost_usd        numeric(18, 8) not null default 0,
    children_cost_usd numeric(18, 8) not null default 0,
    prompt_tokens   bigint not null default 0,
    completion_tokens bigint not null default 0,
    attempts        int  not null default 0,
    principal       text,
    api_key_id      uuid,
    lease_owner     text,
    lease_until     timestamptz,
    not_before      timestamptz not null default now(),
    enqueued_at     timestamptz,
    queue_message_id text,
    deadline_at     timestamptz,
    created_at      timestamptz not null default now(),
    started_at      timestamptz,
    finished_at     timestamptz,
    updated_at      timestamptz not null default now()
);
create index if not exists tasks_tenant_created on task.tasks (tenant_id, created_at desc, id desc);
create index if not exists tasks_parent on task.tasks (parent_task_id) where parent_task_id is not null;
create index if not exists tasks_open on task.tasks (status, not_before) where status in ('queued', 'running');

-- Every step of the agent loop, written before the loop moves on, so a reclaimed task resumes where it stopped.
create table if not exists task.task_steps (
    task_id           uuid not null,
    seq               int  not null,
    tenant_id         uuid not null,
    kind              text not null check (kind in ('retrieval', 'model', 'tool', 'delegate')),
    status            text not null check (status in ('started', 'completed', 'failed')),
    input             jsonb,
    output            jsonb,
    prompt_tokens     int not null default 0,
    completion_tokens int not null default 0,
    cost_usd          numeric(18, 8) not null default 0,
    latency_ms        bigint not null default 0,
    attempt           int not null default 1,
    started_at        timestamptz not null default now(),
    completed_at      timestamptz,
    primary key (task_id, seq)
);
create index if not exists task_steps_tenant on task.task_steps (tenant_id, task_id);

-- Written in the same transaction as the task row; a relay moves it to the Redis stream and deletes it.
create table if not exists task.task_outbox (
    id         bigserial primary key,
    task_id    uuid not null,
    tenant_id  uuid not null,
    created_at timestamptz not null default now()
);

create table if not exists task.idempotency_keys (
    tenant_id             uuid not null,
    route                 text not null,
    idem_key              text not null,
    request_hash          text not null,
    state                 text not null,
    response_status       int,
    response_body         text,
    response_content_type text,
    created_at            timestamptz not null default now(),
    completed_at          timestamptz,
    primary key (tenant_id, route, idem_key)
);
