package com.bl1nk.task.tasks;

import com.bl1nk.common.audit.AuditOutbox;
import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.idempotency.IdempotencyService;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.web.Cursors;
import com.bl1nk.contracts.audit.AuditRecorded;
import com.bl1nk.contracts.task.CreateTaskRequest;
import com.bl1nk.contracts.task.TaskResponse;
import com.bl1nk.contracts.taskevent.TaskCancelled;
import com.bl1nk.contracts.taskevent.TaskQueued;
import com.bl1nk.task.agent.AgentDefinition;
import com.bl1nk.task.agent.AgentService;
import com.bl1nk.task.error.TaskErrorCode;
import com.bl1nk.task.events.TaskEvents;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Creates, reads and cancels tasks; the single place that writes a task row together with its enqueue record. */
@Service
@EnableConfigurationProperties(TaskProperties.class)
public class TaskService {

    private static final Logger log = LoggerFactory.getLogger(TaskService.class);
    static final String CREATE_ROUTE = "POST /api/v1/tasks";

    private final TaskStore store;
    private final AgentService agents;
    private final TaskEvents events;
    private final IdempotencyService idempotency;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher publisher;
    private final TaskProperties properties;
    private final ObjectMapper json;
    private final DefaultAgentModel defaultModel;
    private final AuditOutbox audit;

    TaskService(
            TaskStore store,
            AgentService agents,
            TaskEvents events,
            IdempotencyService idempotency,
            TransactionTemplate tx,
            ApplicationEventPublisher publisher,
            TaskProperties properties,
            ObjectMapper json,
            DefaultAgentModel defaultModel,
            AuditOutbox audit) {
        this.audit = audit;
        this.store = store;
        this.agents = agents;
        this.events = events;
        this.idempotency = idempotency;
        this.tx = tx;
        this.publisher = publisher;
        this.properties = properties;
        this.json = json;
        this.defaultModel = defaultModel;
    }

    /** A stored creation response: replayed verbatim for a repeated Idempotency-Key. */
    public record Created(int status, String body) {}

    /** Creates a root task; with an idempotency key, a repeat returns the first response and never a second task. */
    public Created create(Identity identity, CreateTaskRequest request, String idempotencyKey) {
        if (request.input().length() > properties.maxInputChars()) {
            throw ApiException.payloadTooLarge("Task input has "
                            + request.input().length() + " characters; the limit is " + properties.maxInputChars())
                    .withProperty("limit", properties.maxInputChars());
        }
        UUID tenantId = identity.tenantId();
        List<UUID> createdIds = new ArrayList<>();
        Created created = tx.execute(status -> {
            // Claimed inside the creating transaction: a concurrent duplicate waits on the key, then replays.
            if (idempotencyKey != null) {
                var previous = idempotency.claimInTransaction(identity, CREATE_ROUTE, idempotencyKey, request);
                if (previous.isPresent()) {
                    return new Created(previous.get().status(), previous.get().body());
                }
            }
            AgentDefinition agent = agents.currentForNewTask(tenantId, request.agentId());
            requireModelAllowed(identity, agent);
            store.lockTenantForCreate(tenantId);
            int active = store.countActive(tenantId);
            if (active >= properties.maxActivePerTenant()) {
                throw ApiException.withRetryAfter(
                                TaskErrorCode.QUOTA_EXCEEDED,
                                "The tenant has " + active + " queued or running tasks, the most it may have at once;"
                                        + " retry when some have finished",
                                Duration.ofSeconds(10))
                        .withProperty("limit", properties.maxActivePerTenant());
            }
            UUID id = UUID.randomUUID();
            TaskRecord row = store.insertQueued(new TaskStore.NewTask(
                    id,
                    tenantId,
                    agent.id(),
                    agent.version(),
                    null,
                    id,
                    0,
                    agent.maxDelegationDepth(),
                    request.input(),
                    agent.maxCostUsd(),
                    identity.principal(),
                    identity.apiKeyId(),
                    Instant.now().plus(properties.maxDuration())));
            createdIds.add(id);
            String body = json.writeValueAsString(TaskResponses.of(row, List.of(), List.of()));
            if (idempotencyKey != null) {
                idempotency.completeInTransaction(
                        identity, CREATE_ROUTE, idempotencyKey, 201, body, MediaType.APPLICATION_JSON);
            }
            return new Created(201, body);
        });
        createdIds.forEach(id -> announce(tenantId, id, null));
        return created;
    }

    /**
     * A key with a model allowlist may only start agents whose model (or routing policy, or the default model when
     * the agent names neither) its allowlist covers: 403 {@code model_not_allowed} before anything is written.
     */
    private void requireModelAllowed(Identity identity, AgentDefinition agent) {
        if (identity.allowedModels() == null) {
            return;
        }
        // the task's workers run with no key identity, so every agent it may delegate to is checked now, as far down
        // as delegation may reach (the sub-agents as they are now; a later change to one is the editor's doing)
        java.util.ArrayDeque<AgentDefinition> reachable = new java.util.ArrayDeque<>(List.of(agent));
        java.util.Set<String> seen = new java.util.HashSet<>(List.of(agent.name()));
        int checked = 0;
        while (!reachable.isEmpty() && checked++ < MAX_AGENTS_CHECKED) {
            AgentDefinition next = reachable.poll();
            String model = firstNonBlank(next.model(), next.routingPolicy(), defaultModel.name());
            if (!identity.allowsModel(model)) {
                throw ApiException.of(
                        TaskErrorCode.MODEL_NOT_ALLOWED,
                        "The agent '" + next.name() + "'"
                                + (next == agent ? "" : " (which '" + agent.name() + "' may delegate to)")
                                + " uses model '" + model + "', which this API key's model"
                                + " allowlist " + identity.allowedModels() + " does not allow");
            }
            if (next.maxDelegationDepth() > 0 && next.allowedSubAgents() != null) {
                for (String name : next.allowedSubAgents()) {
                    if (seen.add(name)) {
                        agents.currentByName(agent.tenantId(), name).ifPresent(reachable::add);
                    }
                }
            }
        }
    }

    /** Agents checked at most for one task's model allowlist (the agent and those it may delegate to). */
    private static final int MAX_AGENTS_CHECKED = 100;

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    /** A child task for a delegation; call inside the delegating step's transaction, then {@link #announce}. */
    public UUID createChild(TaskRecord parent, AgentDefinition agent, String input, BigDecimal budget) {
        UUID id = UUID.randomUUID();
        return store.insertQueued(new TaskStore.NewTask(
                        id,
                        parent.tenantId(),
                        agent.id(),
                        agent.version(),
                        parent.id(),
                        parent.rootTaskId(),
                        parent.depth() + 1,
                        Math.min(parent.maxDepth(), parent.depth() + 1 + agent.maxDelegationDepth()),
                        StoredText.text(input), // written by a model, not by a caller who could be told 400
                        budget,
                        parent.principal(),
                        parent.apiKeyId(),
                        parent.deadlineAt()))
                .id();
    }

    /** After the creating transaction committed: the {@code queued} event and the nudge to the queue relay. */
    public void announce(UUID tenantId, UUID taskId, UUID parentTaskId) {
        try {
            events.publish(tenantId, taskId, new TaskQueued(taskId, parentTaskId));
        } catch (RuntimeException e) {
            // The row is committed; the event is informational and the outbox still carries the task.
            log.warn("Could not publish queued event for task {}: {}", taskId, e.toString());
        }
        publisher.publishEvent(new TaskCreated(taskId, tenantId));
    }

    TaskResponse get(UUID tenantId, UUID taskId) {
        TaskRecord t = find(tenantId, taskId);
        List<TaskResponse.Step> steps = store.steps(tenantId, taskId).stream()
                .map(s -> new TaskResponse.Step(
                        s.seq(),
                        s.kind().wire(),
                        s.status(),
                        tree(s.input()),
                        tree(s.output()),
                        s.promptTokens(),
                        s.completionTokens(),
                        TaskResponses.money(s.costUsd()),
                        s.latencyMs(),
                        s.attempt(),
                        s.startedAt(),
                        s.completedAt()))
                .toList();
        List<TaskResponse.Child> children = store.children(tenantId, taskId).stream()
                .map(c -> new TaskResponse.Child(
                        c.id(),
                        c.agentId(),
                        c.status().wire(),
                        c.statusReason(),
                        TaskResponses.money(c.totalCostUsd())))
                .toList();
        return TaskResponses.of(t, steps, children);
    }

    /** The task or 404 (another tenant's task looks exactly like a missing one). */
    public TaskRecord find(UUID tenantId, UUID taskId) {
        return store.find(tenantId, taskId).orElseThrow(() -> ApiException.notFound("task", taskId));
    }

    List<TaskRecord> list(UUID tenantId, Cursors.Cursor after, TaskStatus status, int limit) {
        return after == null
                ? store.list(tenantId, null, null, status, limit)
                : store.list(tenantId, after.createdAt(), after.id(), status, limit);
    }

    /**
     * Cancels the task and its open descendants; an already finished task is returned unchanged (cancel is idempotent).
     */
    TaskResponse cancel(UUID tenantId, String actor, UUID taskId, String reason) {
        find(tenantId, taskId);
        String why = reason == null ? "cancelled by request" : reason;
        List<UUID> cancelled = tx.execute(status -> {
            List<UUID> ids = store.cancelTree(tenantId, taskId, why);
            if (!ids.isEmpty()) {
                // a finished task is returned unchanged and nothing is recorded: only a real cancel is an event
                audit.record(AuditRecorded.success(
                        tenantId,
                        actor,
                        "task.cancelled",
                        "task",
                        taskId.toString(),
                        Map.of("cancelledTasks", ids.size())));
            }
            return ids;
        });
        cancelled.forEach(id -> publishCancelled(tenantId, id, why));
        return get(tenantId, taskId);
    }

    /** Cancels a task tree and tells each cancelled task's stream. */
    public List<UUID> cancelTree(UUID tenantId, UUID taskId, String reason) {
        List<UUID> cancelled = store.cancelTree(tenantId, taskId, reason);
        cancelled.forEach(id -> publishCancelled(tenantId, id, reason));
        return cancelled;
    }

    /** Cancels what is still open below a task that ended. */
    public List<UUID> cancelDescendants(UUID tenantId, UUID taskId, String reason) {
        List<UUID> cancelled = store.cancelDescendants(tenantId, taskId, reason);
        cancelled.forEach(id -> publishCancelled(tenantId, id, reason));
        return cancelled;
    }

    private void publishCancelled(UUID tenantId, UUID taskId, String reason) {
        try {
            events.publish(tenantId, taskId, new TaskCancelled(taskId, null, reason, null, null));
        } catch (RuntimeException e) {
            log.warn("Could not publish the cancelled event for task {}: {}", taskId, e.toString());
        }
    }

    private JsonNode tree(String text) {
        return text == null ? null : json.readTree(text);
    }
}
