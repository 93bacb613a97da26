-- Billing schema owned by billing-service: price book, usage ledger, budgets, reservations, alerts.
-- Forward only: never edit this file once applied; add V002__... instead.
-- Money is numeric (exact decimal), USD only for now; never float.

create schema if not exists billing;

-- Price book. One row is one price *version* of one provider+model, effective from a moment on; a price change
-- inserts a new row and never rewrites an old one, so past costs stay what they were.
-- tenant_id null = the platform default book; a tenant's own row (e.g. a negotiated price) wins over it.
create table billing.prices (
    id                        uuid          primary key,
    tenant_id                 uuid,
    provider                  text          not null,
    model                     text          not null,
    input_per_mtok_usd        numeric(18, 8) not null,
    output_per_mtok_usd       numeric(18, 8) not null,
    cached_input_per_mtok_usd numeric(18, 8),
    context_window            integer,
    supports_tools            boolean       not null default false,
    currency                  text          not null default 'USD',
    effective_from            timestamptz   not null,
    created_at                timestamptz   not null default now(),
    created_by                text          not null,
    constraint prices_version_key unique nulls not distinct (tenant_id, provider, model, effective_from),
    constraint prices_non_negative check (input_per_mtok_usd >= 0 and output_per_mtok_usd >= 0
        and (cached_input_per_mtok_usd is null or cached_input_per_mtok_usd >= 0)),
    constraint prices_currency_usd check (currency = 'USD'),
    constraint prices_provider_format check (provider ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
    constraint prices_model_length check (char_length(model) between 1 and 200),
    constraint prices_context_window_positive check (context_window is null or context_window > 0)
);

-- "The version effective at t": newest effective_from <= t for (tenant or default, provider, model).
create index prices_lookup_idx on billing.prices (provider, model, tenant_id, effective_from desc);

-- Per-tenant billing settings: whether unpriced models may be called, and where threshold alerts are posted.
-- The webhook secret signs alerts (Standard Webhooks); it must be readable to sign, so it is stored as issued.
create table billing.tenant_settings (
    tenant_id              uuid        primary key,
    allow_unpriced_models  boolean     not null default false,
    alert_webhook_url      text,
    alert_webhook_secret   text,
    updated_at             timestamptz not null default now(),
    constraint tenant_settings_webhook_pair check ((alert_webhook_url is null) = (alert_webhook_secret is null))
);

-- Budgets per tenant, per API key or per agent, over a daily/monthly/total period (UTC), with soft thresholds
-- (percent of the limit that raise an alert) and a hard limit that reservations can never exceed.
create table billing.budgets (
    id                 uuid          primary key,
    tenant_id          uuid          not null,
    scope              text          not null,
    scope_id           uuid,
    period             text          not null,
    limit_usd          numeric(20, 8) not null,
    thresholds         integer[]     not null default '{50,80,100}',
    currency           text          not null default 'USD',
    created_at         timestamptz   not null default now(),
    updated_at         timestamptz   not null default now(),
    constraint budgets_scope_key unique nulls not distinct (tenant_id, scope, scope_id, period),
    constraint budgets_scope_known check (scope in ('tenant', 'api_key', 'agent')),
    constraint budgets_scope_id_present check ((scope = 'tenant') = (scope_id is null)),
    constraint budgets_period_known check (period in ('daily', 'monthly', 'total')),
    constraint budgets_limit_non_negative check (limit_usd >= 0),
    constraint budgets_currency_usd check (currency = 'USD'),
    constraint budgets_thresholds_range check (cardinality(thresholds) <= 10 and 1 <= all (thresholds)
        and 100 >= all (thresholds))
);

create index budgets_tenant_created_idx on billing.budgets (tenant_id, created_at desc, id desc);

-- Running totals of one budget in one period. Reservations move money into `reserved` with a conditional UPDATE
-- (spent + reserved + amount <= limit) that holds the row lock, so concurrent reservations on any replica
-- serialise on this row and can never overshoot the limit (ADR 0002).
create table billing.budget_counters (
    budget_id     uuid           not null references billing.budgets (id) on delete cascade,
    period_start  timestamptz    not null,
    spent_usd     numeric(30, 14) not null default 0,
    reserved_usd  numeric(30, 14) not null default 0,
    updated_at    timestamptz    not null default now(),
    primary key (budget_id, period_start),
    constraint budget_counters_non_negative check (spent_usd >= 0 and reserved_usd >= 0)
);

-- A hold of up to max_cost_usd on every budget that applies to the call, until settled, released or expired.
-- actual_cost_usd is what the caller reported on settle, ledger_cost_usd what billing priced from usage events,
-- charged_usd what the budget counters currently count for this call (the ledger cost once one is known).
create table billing.reservations (
    id                uuid           primary key,
    tenant_id         uuid           not null,
    api_key_id        uuid,
    agent_id          uuid,
    task_id           uuid,
    provider          text           not null,
    model             text           not null,
    max_cost_usd      numeric(20, 8) not null,
    status            text           not null default 'active',
    actual_cost_usd   numeric(30, 14),
    ledger_cost_usd   numeric(30, 14),
    charged_usd       numeric(30, 14) not null default 0,
    unpriced          boolean        not null default false,
    trace_id          text,
    created_at        timestamptz    not null default now(),
    expires_at        timestamptz    not null,
    closed_at         timestamptz,
    constraint reservations_status_known check (status in ('active', 'settled', 'released', 'expired')),
    constraint reservations_max_cost_non_negative check (max_cost_usd >= 0),
    constraint reservations_actual_cost_non_negative check (actual_cost_usd is null or actual_cost_usd >= 0)
);

create index reservations_tenant_created_idx on billing.reservations (tenant_id, created_at desc, id desc);
-- The sweeper scans only active reservations by expiry.
create index reservations_active_expiry_idx on billing.reservations (expires_at) where status = 'active';

-- Which counters a reservation holds money on, and how much (so settle/release undo exactly that).
create table billing.reservation_holds (
    reservation_id  uuid           not null references billing.reservations (id) on delete cascade,
    budget_id       uuid           not null references billing.budgets (id) on delete cascade,
    period_start    timestamptz    not null,
    amount_usd      numeric(20, 8) not null,
    primary key (reservation_id, budget_id)
);

-- The usage ledger: one row per metered model call, from the bl1nk:usage stream. event_id is unique, so a
-- redelivered event inserts nothing and is counted once. cost_usd is priced by billing's own book at occurred_at.
create table billing.usage_records (
    id                 uuid           primary key,
    event_id           uuid           not null,
    tenant_id          uuid           not null,
    api_key_id         uuid,
    agent_id           uuid,
    task_id            uuid,
    reservation_id     uuid,
    provider           text           not null,
    model              text           not null,
    kind               text           not null default 'chat',
    prompt_tokens      bigint         not null,
    completion_tokens  bigint         not null,
    cached_tokens      bigint         not null default 0,
    cost_usd           numeric(30, 14) not null,
    price_id           uuid,
    estimated          boolean        not null default false,
    unpriced           boolean        not null default false,
    reported_cost_usd  numeric(30, 14),
    latency_ms         bigint,
    trace_id           text,
    occurred_at        timestamptz    not null,
    recorded_at        timestamptz    not null default now(),
    constraint usage_records_event_id_key unique (event_id),
    constraint usage_records_tokens_non_negative check (prompt_tokens >= 0 and completion_tokens >= 0
        and cached_tokens >= 0 and cached_tokens <= prompt_tokens),
    constraint usage_records_cost_non_negative check (cost_usd >= 0),
    constraint usage_records_kind_known check (kind in ('chat', 'embedding'))
);

create index usage_records_tenant_occurred_idx on billing.usage_records (tenant_id, occurred_at desc, id desc);
create index usage_records_tenant_task_idx on billing.usage_records (tenant_id, task_id) where task_id is not null;
create index usage_records_reservation_idx on billing.usage_records (reservation_id) where reservation_id is not null;

-- One row per threshold crossed per budget per period: the primary key makes each alert fire once, whichever replica
-- sees the crossing first. It doubles as the outbox for the audit event and the webhook delivery.
create table billing.budget_alerts (
    id                   uuid           primary key,
    tenant_id            uuid           not null,
    budget_id            uuid           not null references billing.budgets (id) on delete cascade,
    period_start         timestamptz    not null,
    threshold_percent    integer        not null,
    spent_usd            numeric(30, 14) not null,
    limit_usd            numeric(20, 8) not null,
    created_at           timestamptz    not null default now(),
    audit_published_at   timestamptz,
    webhook_state        text           not null default 'pending',
    webhook_attempts     integer        not null default 0,
    webhook_next_at      timestamptz    not null default now(),
    webhook_last_status  integer,
    webhook_delivered_at timestamptz,
    constraint budget_alerts_once unique (budget_id, period_start, threshold_percent),
    constraint budget_alerts_webhook_state_known check (webhook_state in ('pending', 'delivered', 'failed', 'skipped'))
);

create index budget_alerts_tenant_created_idx on billing.budget_alerts (tenant_id, created_at desc, id desc);
create index budget_alerts_outbox_idx on billing.budget_alerts (webhook_next_at)
    where webhook_state = 'pending' or audit_published_at is null;

-- Idempotency-Key records for creating POSTs (shape shared by every service, see CONTRACTS.md).
create table billing.idempotency_keys (
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
