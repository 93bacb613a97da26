-- The audit outbox of this schema's service (issue 14): audited actions are recorded here in the same transaction as
-- the change they describe, and relayed to the bl1nk:audit stream at least once (deleted only once Redis has them).
-- Forward only: never edit this file once applied.
create table identity.audit_outbox (
    event_id     uuid        primary key,
    tenant_id    uuid        not null,
    payload      text        not null,
    traceparent  text,
    created_at   timestamptz not null default now()
);

-- The relay reads oldest first.
create index audit_outbox_created_idx on identity.audit_outbox (created_at, event_id);
