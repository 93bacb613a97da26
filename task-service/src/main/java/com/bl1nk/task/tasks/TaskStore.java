package com.bl1nk.task.tasks;

import com.bl1nk.common.idempotency.TenantLocks;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The Postgres record of tasks and steps. Every read for an API caller is scoped by tenant; the queue and loop pass the
 * tenant they got from the task message, so a forged message cannot touch another tenant's task. Step JSON, outputs and
 * reasons pass through {@link StoredText} here, so a U+0000 from a model or a tool cannot make a write fail.
 */
@Repository
public class TaskStore {

    private static final String COLUMNS = """
            id, tenant_id, agent_id, agent_version, parent_task_id, root_task_id, depth, max_depth, status, status_reason, input,
            output, budget_usd, cost_usd, children_cost_usd, prompt_tokens, completion_tokens, attempts, principal,
            api_key_id, lease_owner, deadline_at, created_at, started_at, finished_at
            """;

    private static final String OPEN = "('queued', 'running')";

    private final JdbcClient jdbc;
    private final TaskMetrics metrics;

    TaskStore(JdbcClient jdbc, TaskMetrics metrics) {
        this.jdbc = jdbc;
        this.metrics = metrics;
    }

    /** A new task to write. */
    record NewTask(
            UUID id,
            UUID tenantId,
            UUID agentId,
            int agentVersion,
            UUID parentTaskId,
            UUID rootTaskId,
            int depth,
            int maxDepth,
            String input,
            BigDecimal budgetUsd,
            String principal,
            UUID apiKeyId,
            Instant deadlineAt) {}

    /** Inserts the task as queued together with its outbox row (one statement) and returns the row. */
    /** Serialises root-task creation per tenant until the surrounding transaction ends (for the quota count). */
    void lockTenantForCreate(UUID tenantId) {
        TenantLocks.lock(jdbc, "bl1nk tasks", tenantId);
    }

    /** The tenant's tasks that are queued or running (delegated ones included). */
    int countActive(UUID tenantId) {
        return jdbc.sql("select count(*) from task.tasks where tenant_id = :tenant and status in ('queued', 'running')")
                .param("tenant", tenantId)
                .query(Integer.class)
                .single();
    }

    TaskRecord insertQueued(NewTask t) {
        return jdbc.sql("""
                        with outbox as (insert into task.task_outbox (task_id, tenant_id) values (?, ?))
                        insert into task.tasks (id, tenant_id, agent_id, agent_version, parent_task_id, root_task_id,
                            depth, max_depth, status, input, budget_usd, principal, api_key_id, deadline_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?)
                        returning """ + " " + COLUMNS)
                .params(
                        t.id(),
                        t.tenantId(),
                        t.id(),
                        t.tenantId(),
                        t.agentId(),
                        t.agentVersion(),
                        t.parentTaskId(),
                        t.rootTaskId(),
                        t.depth(),
                        t.maxDepth(),
                        t.input(),
                        t.budgetUsd(),
                        t.principal(),
                        t.apiKeyId(),
                        Timestamp.from(t.deadlineAt()))
                .query(TaskStore::map)
                .single();
    }

    public Optional<TaskRecord> find(UUID tenantId, UUID taskId) {
        return jdbc.sql("select " + COLUMNS + " from task.tasks where tenant_id = ? and id = ?")
                .params(tenantId, taskId)
                .query(TaskStore::map)
                .optional();
    }

    /** Tasks newest first after a keyset position. */
    List<TaskRecord> list(UUID tenantId, Instant createdBefore, UUID idBefore, TaskStatus status, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from task.tasks where tenant_id = ?");
        var params = new java.util.ArrayList<Object>();
        params.add(tenantId);
        if (status != null) {
            sql.append(" and status = ?");
            params.add(status.wire());
        }
        if (createdBefore != null) {
            sql.append(" and (created_at, id) < (?, ?)");
            params.add(Timestamp.from(createdBefore));
            params.add(idBefore);
        }
        sql.append(" order by created_at desc, id desc limit ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(TaskStore::map).list();
    }

    public List<TaskRecord> children(UUID tenantId, UUID parentId) {
        return jdbc.sql("select " + COLUMNS
                        + " from task.tasks where tenant_id = ? and parent_task_id = ? order by created_at, id")
                .params(tenantId, parentId)
                .query(TaskStore::map)
                .list();
    }

    /**
     * Takes the task for this worker when it is queued and due, or running under an expired lease (its worker died);
     * returns empty when another worker holds it or it has ended.
     */
    public Optional<TaskRecord> claim(UUID tenantId, UUID taskId, String owner, Duration lease) {
        return jdbc.sql("update task.tasks set status = 'running', lease_owner = ?, lease_until = now() + ?::interval,"
                        + " attempts = attempts + 1, started_at = coalesce(started_at, now()),"
                        + " updated_at = now() where tenant_id = ? and id = ? and not_before <= now()"
                        + " and (status = 'queued' or (status = 'running' and lease_until < now()))"
                        + " returning " + COLUMNS)
                .params(owner, interval(lease), tenantId, taskId)
                .query(TaskStore::map)
                .optional();
    }

    /** Extends the lease; false when the task is no longer running under this owner (cancelled, taken over). */
    public boolean renewLease(UUID taskId, String owner, Duration lease) {
        return jdbc.sql("update task.tasks set lease_until = now() + ?::interval where id = ?"
                                + " and status = 'running' and lease_owner = ?")
                        .params(interval(lease), taskId, owner)
                        .update()
                > 0;
    }

    /** Ends a running task this owner holds; false if it was cancelled or taken over meanwhile. */
    public boolean finish(UUID taskId, String owner, TaskStatus status, String reason, String output) {
        return counted(
                status,
                jdbc.sql("update task.tasks set status = ?, status_reason = ?, output = ?, finished_at = now(),"
                                + " lease_owner = null, lease_until = null, updated_at = now()"
                                + " where id = ? and status = 'running' and lease_owner = ?")
                        .params(status.wire(), StoredText.text(reason), StoredText.text(output), taskId, owner)
                        .update());
    }

    private boolean counted(TaskStatus status, int updated) {
        metrics.finished(status, updated);
        return updated > 0;
    }

    private List<UUID> cancelled(List<UUID> ids) {
        metrics.finished(TaskStatus.CANCELLED, ids.size());
        return ids;
    }

    /** Ends an open task regardless of owner (dead-lettering, timeouts found by the sweeper). */
    public boolean finishOpen(UUID taskId, TaskStatus status, String reason) {
        return counted(
                status,
                jdbc.sql("update task.tasks set status = ?, status_reason = ?, finished_at = now(),"
                                + " lease_owner = null, lease_until = null, updated_at = now()"
                                + " where id = ? and status in " + OPEN)
                        .params(status.wire(), StoredText.text(reason), taskId)
                        .update());
    }

    /** Puts a running task back to queued, due after {@code delay} (a transient failure); false if no longer held. */
    public boolean requeue(UUID taskId, String owner, Duration delay, String reason) {
        return jdbc.sql("update task.tasks set status = 'queued', status_reason = ?, lease_owner = null,"
                                + " lease_until = null, not_before = now() + ?::interval,"
                                + " queue_message_id = null, enqueued_at = null, updated_at = now()"
                                + " where id = ? and status = 'running' and lease_owner = ?")
                        .params(StoredText.text(reason), interval(delay), taskId, owner)
                        .update()
                > 0;
    }

    /** Marks the lease owner of a task that sleeps until its children end. */
    public static final String WAITING = "waiting-for-children";

    /** The running task stops holding a worker until its children end; false if no longer held by this owner. */
    public boolean suspendForChildren(UUID taskId, String owner) {
        // A run that ends waiting did not fail: its resumption must not count as a new attempt.
        return jdbc.sql("update task.tasks set lease_owner = ?, lease_until = 'infinity',"
                                + " attempts = greatest(attempts - 1, 0), updated_at = now()"
                                + " where id = ? and status = 'running' and lease_owner = ?")
                        .params(WAITING, taskId, owner)
                        .update()
                > 0;
    }

    /**
     * Wakes a sleeping parent whose children have all ended: its lease becomes expired so the next worker to see its
     * message claims it. Returns true if this call woke it (the caller then enqueues it).
     */
    public boolean wakeIfChildrenDone(UUID tenantId, UUID parentId) {
        return jdbc.sql("""
                                update task.tasks p set lease_owner = null, lease_until = now() - interval '1 second',
                                    updated_at = now()
                                where p.tenant_id = ? and p.id = ? and p.status = 'running' and p.lease_owner = ?
                                  and not exists (select 1 from task.tasks c where c.parent_task_id = p.id
                                                  and c.status in ('queued', 'running'))
                                """).params(tenantId, parentId, WAITING).update() > 0;
    }

    /** Sleeping parents whose children have all ended (a wake-up that was lost). */
    public List<Orphan> sleepersToWake(int limit) {
        return jdbc.sql("""
                        select p.id, p.tenant_id, p.queue_message_id, p.enqueued_at from task.tasks p
                        where p.status = 'running' and p.lease_owner = ?
                          and not exists (select 1 from task.tasks c where c.parent_task_id = p.id
                                          and c.status in ('queued', 'running'))
                        limit ?
                        """)
                .params(WAITING, limit)
                .query((rs, n) -> new Orphan(
                        rs.getObject("id", UUID.class),
                        rs.getObject("tenant_id", UUID.class),
                        rs.getString("queue_message_id"),
                        toInstant(rs.getTimestamp("enqueued_at"))))
                .list();
    }

    /** The open task and all its open descendants become cancelled; returns the ids that changed. */
    public List<UUID> cancelTree(UUID tenantId, UUID taskId, String reason) {
        return cancelled(jdbc.sql("""
                        with recursive tree as (
                            select id from task.tasks where tenant_id = ? and id = ?
                            union all
                            select t.id from task.tasks t join tree on t.parent_task_id = tree.id
                        )
                        update task.tasks set status = 'cancelled', status_reason = ?, finished_at = now(),
                            lease_owner = null, lease_until = null, updated_at = now()
                        where tenant_id = ? and id in (select id from tree) and status in ('queued', 'running')
                        returning id
                        """)
                .params(tenantId, taskId, StoredText.text(reason), tenantId)
                .query(UUID.class)
                .list());
    }

    /** Open descendants only (the task itself untouched): for a parent that ended before its children. */
    public List<UUID> cancelDescendants(UUID tenantId, UUID taskId, String reason) {
        return cancelled(jdbc.sql("""
                        with recursive tree as (
                            select id from task.tasks where tenant_id = ? and parent_task_id = ?
                            union all
                            select t.id from task.tasks t join tree on t.parent_task_id = tree.id
                        )
                        update task.tasks set status = 'cancelled', status_reason = ?, finished_at = now(),
                            lease_owner = null, lease_until = null, updated_at = now()
                        where tenant_id = ? and id in (select id from tree) and status in ('queued', 'running')
                        returning id
                        """)
                .params(tenantId, taskId, StoredText.text(reason), tenantId)
                .query(UUID.class)
                .list());
    }

    /** Adds spend to the task and to every ancestor's children total, in the caller's transaction. */
    public void addCost(
            UUID tenantId, UUID taskId, boolean hasParent, BigDecimal cost, int promptTokens, int completionTokens) {
        jdbc.sql("update task.tasks set cost_usd = cost_usd + ?, prompt_tokens = prompt_tokens + ?,"
                        + " completion_tokens = completion_tokens + ?, updated_at = now()"
                        + " where tenant_id = ? and id = ?")
                .params(cost, promptTokens, completionTokens, tenantId, taskId)
                .update();
        if (!hasParent) {
            return; // a root task has no ancestors to roll up into
        }
        jdbc.sql("""
                        with recursive up as (
                            select parent_task_id as id from task.tasks where tenant_id = ? and id = ?
                            union all
                            select t.parent_task_id from task.tasks t join up on t.id = up.id
                            where t.parent_task_id is not null
                        )
                        update task.tasks set children_cost_usd = children_cost_usd + ?
                        where tenant_id = ? and id in (select id from up where id is not null)
                        """).params(tenantId, taskId, cost, tenantId).update();
    }

    // --- steps ---

    public List<StepRecord> steps(UUID tenantId, UUID taskId) {
        return jdbc.sql("""
                        select task_id, seq, kind, status, input::text as input, output::text as output,
                               prompt_tokens, completion_tokens, cost_usd, latency_ms, attempt, started_at, completed_at
                          from task.task_steps where tenant_id = ? and task_id = ? order by seq
                        """).params(tenantId, taskId).query(TaskStore::mapStep).list();
    }

    /** Records that a step began (or began again after a crash: same seq, attempt + 1). */
    public void startStep(UUID tenantId, UUID taskId, int seq, StepKind kind, String inputJson) {
        jdbc.sql("""
                        insert into task.task_steps (task_id, seq, tenant_id, kind, status, input)
                        values (?, ?, ?, ?, 'started', ?::jsonb)
                        on conflict (task_id, seq) do update set status = 'started', input = excluded.input,
                            attempt = task.task_steps.attempt + 1, started_at = now(), completed_at = null
                        where task.task_steps.status <> 'completed'
                        """)
                .params(taskId, seq, tenantId, kind.wire(), StoredText.json(inputJson))
                .update();
    }

    /** Records a step's result; only the first completion counts. */
    public boolean completeStep(
            UUID tenantId,
            UUID taskId,
            int seq,
            String outputJson,
            int promptTokens,
            int completionTokens,
            BigDecimal cost,
            long latencyMs) {
        return jdbc.sql("""
                                update task.task_steps set status = 'completed', output = ?::jsonb, prompt_tokens = ?,
                                    completion_tokens = ?, cost_usd = ?, latency_ms = ?, completed_at = now()
                                where tenant_id = ? and task_id = ? and seq = ? and status <> 'completed'
                                """)
                        .params(
                                StoredText.json(outputJson),
                                promptTokens,
                                completionTokens,
                                cost,
                                latencyMs,
                                tenantId,
                                taskId,
                                seq)
                        .update()
                > 0;
    }

    /** Updates a started step's input (e.g. the delegate step records its child ids before waiting). */
    public void updateStepInput(UUID tenantId, UUID taskId, int seq, String inputJson) {
        jdbc.sql("update task.task_steps set input = ?::jsonb where tenant_id = ? and task_id = ? and seq = ?")
                .params(StoredText.json(inputJson), tenantId, taskId, seq)
                .update();
    }

    // --- queue bookkeeping ---

    /** Outbox rows to relay: oldest first. */
    public List<OutboxEntry> outbox(int limit) {
        return jdbc.sql("select id, task_id, tenant_id from task.task_outbox order by id limit ?")
                .param(limit)
                .query((rs, n) -> new OutboxEntry(
                        rs.getLong("id"), rs.getObject("task_id", UUID.class), rs.getObject("tenant_id", UUID.class)))
                .list();
    }

    /** An outbox row: this task must be put on the stream. */
    public record OutboxEntry(long id, UUID taskId, UUID tenantId) {}

    public void deleteOutboxOf(UUID taskId) {
        jdbc.sql("delete from task.task_outbox where task_id = ?").param(taskId).update();
    }

    /** Locks up to {@code limit} outbox rows older than {@code age} that no other relay holds (call in a transaction). */
    public List<OutboxEntry> lockStaleOutbox(Duration age, int limit) {
        return jdbc.sql("select id, task_id, tenant_id from task.task_outbox where created_at < now() - ?::interval"
                        + " order by id limit ? for update skip locked")
                .params(interval(age), limit)
                .query((rs, n) -> new OutboxEntry(
                        rs.getLong("id"), rs.getObject("task_id", UUID.class), rs.getObject("tenant_id", UUID.class)))
                .list();
    }

    public void deleteOutbox(long id) {
        jdbc.sql("delete from task.task_outbox where id = ?").param(id).update();
    }

    /** Records the stream message of a task and drops its outbox row, in one statement. */
    public void markEnqueued(UUID taskId, String messageId) {
        jdbc.sql("with gone as (delete from task.task_outbox where task_id = ?)"
                        + " update task.tasks set enqueued_at = now(), queue_message_id = ? where id = ?")
                .params(taskId, messageId, taskId)
                .update();
    }

    /** A task the sweeper looks at: queued and due, or running under an expired lease. */
    public record Orphan(UUID taskId, UUID tenantId, String queueMessageId, Instant enqueuedAt) {}

    /**
     * Queued tasks that are due and were not put on the stream in the last {@code grace}, and running tasks whose
     * lease expired {@code grace} ago: candidates the stream may have lost.
     */
    public List<Orphan> orphans(Duration grace, int limit) {
        return jdbc.sql("""
                        select id, tenant_id, queue_message_id, enqueued_at from task.tasks
                        where (status = 'queued' and not_before <= now()
                                and (enqueued_at is null or enqueued_at < now() - ?::interval)
                                and not exists (select 1 from task.task_outbox o where o.task_id = tasks.id))
                           or (status = 'running' and lease_until < now() - ?::interval)
                        order by not_before limit ?
                        """)
                .params(interval(grace), interval(grace), limit)
                .query((rs, n) -> new Orphan(
                        rs.getObject("id", UUID.class),
                        rs.getObject("tenant_id", UUID.class),
                        rs.getString("queue_message_id"),
                        toInstant(rs.getTimestamp("enqueued_at"))))
                .list();
    }

    /** Open tasks past their deadline. */
    public List<TaskRecord> overdue(int limit) {
        return jdbc.sql("select " + COLUMNS + " from task.tasks where status in " + OPEN
                        + " and deadline_at < now() order by deadline_at limit ?")
                .param(limit)
                .query(TaskStore::map)
                .list();
    }

    private static String interval(Duration d) {
        return d.toMillis() + " milliseconds";
    }

    private static Instant toInstant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    static TaskRecord map(ResultSet rs, int row) throws SQLException {
        return new TaskRecord(
                rs.getObject("id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                rs.getObject("agent_id", UUID.class),
                rs.getInt("agent_version"),
                rs.getObject("parent_task_id", UUID.class),
                rs.getObject("root_task_id", UUID.class),
                rs.getInt("depth"),
                rs.getInt("max_depth"),
                TaskStatus.fromWire(rs.getString("status")),
                rs.getString("status_reason"),
                rs.getString("input"),
                rs.getString("output"),
                rs.getBigDecimal("budget_usd"),
                rs.getBigDecimal("cost_usd"),
                rs.getBigDecimal("children_cost_usd"),
                rs.getLong("prompt_tokens"),
                rs.getLong("completion_tokens"),
                rs.getInt("attempts"),
                rs.getString("principal"),
                rs.getObject("api_key_id", UUID.class),
                rs.getString("lease_owner"),
                toInstant(rs.getTimestamp("deadline_at")),
                toInstant(rs.getTimestamp("created_at")),
                toInstant(rs.getTimestamp("started_at")),
                toInstant(rs.getTimestamp("finished_at")));
    }

    static StepRecord mapStep(ResultSet rs, int row) throws SQLException {
        return new StepRecord(
                rs.getObject("task_id", UUID.class),
                rs.getInt("seq"),
                StepKind.fromWire(rs.getString("kind")),
                rs.getString("status"),
                rs.getString("input"),
                rs.getString("output"),
                rs.getInt("prompt_tokens"),
                rs.getInt("completion_tokens"),
                rs.getBigDecimal("cost_usd"),
                rs.getLong("latency_ms"),
                rs.getInt("attempt"),
                toInstant(rs.getTimestamp("started_at")),
                toInstant(rs.getTimestamp("completed_at")));
    }
}
