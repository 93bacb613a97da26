-- GitHub App integration: which installation belongs to which tenant, how events route to agents,
-- and every delivery with its task and its single reply.

create table task.github_installations (
    installation_id bigint primary key,
    tenant_id uuid not null,
    account_login text,
    created_at timestamptz not null default now()
);
create index github_installations_tenant on task.github_installations (tenant_id);

create table task.github_routing_rules (
    id uuid primary key,
    tenant_id uuid not null,
    installation_id bigint not null,
    repository text,
    event text not null check (event in ('issue_comment', 'issues', 'pull_request')),
    trigger text not null check (trigger in ('command', 'opened', 'labeled', 'synchronize')),
    label text,
    agent_name text,
    prompt_template text not null,
    enabled boolean not null default true,
    created_at timestamptz not null default now()
);
create index github_routing_rules_lookup on task.github_routing_rules (installation_id, event) where enabled;
create index github_routing_rules_tenant on task.github_routing_rules (tenant_id, created_at desc, id desc);

create table task.github_deliveries (
    delivery_id text primary key,
    id uuid not null unique default gen_random_uuid(),
    tenant_id uuid,
    installation_id bigint,
    event text not null,
    action text,
    repository text,
    issue_number bigint,
    comment_id bigint,
    payload jsonb,
    status text not null check (status in ('queued', 'ignored', 'task_created', 'replied', 'failed')),
    reason text,
    rule_id uuid,
    agent_name text,
    request text,
    task_id uuid,
    reply_kind text check (reply_kind in ('comment', 'review')),
    reply_state text check (reply_state in ('pending', 'posting', 'posted')),
    reply_github_id bigint,
    attempts int not null default 0,
    next_attempt_at timestamptz not null default now(),
    received_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index github_deliveries_due on task.github_deliveries (next_attempt_at)
    where status in ('queued', 'task_created');
create index github_deliveries_tenant on task.github_deliveries (tenant_id, received_at desc, id desc);
create unique index github_deliveries_task on task.github_deliveries (task_id) where task_id is not null;
