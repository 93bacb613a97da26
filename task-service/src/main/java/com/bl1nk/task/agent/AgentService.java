package com.bl1nk.task.agent;

import com.bl1nk.common.audit.AuditOutbox;
import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.web.Cursors;
import com.bl1nk.contracts.audit.AuditRecorded;
import com.bl1nk.task.error.TaskErrorCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates, versions and looks up agents; the only way other features read an agent definition. */
@Service
public class AgentService {

    private static final int VERSION_CACHE_SIZE = 10_000;

    private final AgentRepository repository;
    private final Map<VersionKey, AgentDefinition> versions = new ConcurrentHashMap<>();
    private final AuditOutbox audit;

    AgentService(AgentRepository repository, AuditOutbox audit) {
        this.repository = repository;
        this.audit = audit;
    }

    @Transactional
    AgentDefinition create(UUID tenantId, String actor, AgentRequest request) {
        UUID id = UUID.randomUUID();
        try {
            repository.insertAgent(id, tenantId, request.name());
        } catch (DuplicateKeyException e) {
            throw nameTaken(request.name());
        }
        repository.insertVersion(id, tenantId, 1, request);
        AgentDefinition created = repository.findVersion(tenantId, id, 1).orElseThrow();
        record(actor, "agent.created", created);
        return created;
    }

    @Transactional
    AgentDefinition update(UUID tenantId, String actor, UUID agentId, AgentRequest request) {
        int current = repository
                .lockCurrentVersion(tenantId, agentId)
                .orElseThrow(() -> ApiException.notFound("agent", agentId));
        int next = current + 1;
        repository.insertVersion(agentId, tenantId, next, request);
        try {
            repository.bumpVersion(tenantId, agentId, next, request.name());
        } catch (DuplicateKeyException e) {
            throw nameTaken(request.name());
        }
        AgentDefinition updated =
                repository.findVersion(tenantId, agentId, next).orElseThrow();
        record(actor, "agent.updated", updated);
        return updated;
    }

    @Transactional
    void delete(UUID tenantId, String actor, UUID agentId) {
        if (!repository.softDelete(tenantId, agentId)) {
            throw ApiException.notFound("agent", agentId);
        }
        audit.record(AuditRecorded.success(tenantId, actor, "agent.deleted", "agent", agentId.toString(), Map.of()));
    }

    /** The facts of a definition worth keeping (its instructions are the tenant's prompt text, so they stay out). */
    private void record(String actor, String action, AgentDefinition agent) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", agent.name());
        details.put("version", agent.version());
        if (agent.model() != null) {
            details.put("model", agent.model());
        }
        if (agent.routingPolicy() != null) {
            details.put("routingPolicy", agent.routingPolicy());
        }
        details.put(
                "knowledgeBaseIds",
                agent.knowledgeBaseIds().stream().map(UUID::toString).toList());
        details.put("allowedTools", agent.allowedTools());
        details.put("allowedSubAgents", agent.allowedSubAgents());
        audit.record(AuditRecorded.success(
                agent.tenantId(), actor, action, "agent", agent.id().toString(), details));
    }

    /** The current version of a live agent, or 404 (also for another tenant's agent). */
    public AgentDefinition current(UUID tenantId, UUID agentId) {
        return repository.findCurrent(tenantId, agentId).orElseThrow(() -> ApiException.notFound("agent", agentId));
    }

    /** The current version to record on a new task; an unknown agent in a request body is a 422. */
    public AgentDefinition currentForNewTask(UUID tenantId, UUID agentId) {
        return repository
                .findCurrent(tenantId, agentId)
                .orElseThrow(
                        () -> ApiException.of(TaskErrorCode.UNKNOWN_AGENT, "Agent " + agentId + " does not exist"));
    }

    /** The current version of the live agent with this name. */
    public Optional<AgentDefinition> currentByName(UUID tenantId, String name) {
        return repository.findCurrentByName(tenantId, name);
    }

    /** One exact version, e.g. the one a task recorded; versions outlive a deleted agent and never change. */
    public AgentDefinition version(UUID tenantId, UUID agentId, int version) {
        VersionKey key = new VersionKey(tenantId, agentId, version);
        AgentDefinition cached = versions.get(key);
        if (cached != null) {
            return cached;
        }
        AgentDefinition found = repository
                .findVersion(tenantId, agentId, version)
                .orElseThrow(() -> ApiException.notFound("agent version", agentId + "@" + version));
        if (versions.size() >= VERSION_CACHE_SIZE) {
            versions.clear(); // crude bound; versions are cheap to reload
        }
        versions.put(key, found);
        return found;
    }

    private record VersionKey(UUID tenantId, UUID agentId, int version) {}

    List<AgentRepository.Listed> list(UUID tenantId, Cursors.Cursor after, int limit) {
        return after == null
                ? repository.list(tenantId, null, null, limit)
                : repository.list(tenantId, after.createdAt(), after.id(), limit);
    }

    private static ApiException nameTaken(String name) {
        return ApiException.of(TaskErrorCode.AGENT_NAME_TAKEN, "An agent named " + name + " already exists");
    }
}
