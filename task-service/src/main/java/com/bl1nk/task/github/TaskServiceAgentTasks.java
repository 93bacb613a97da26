package com.bl1nk.task.github;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.contracts.task.CreateTaskRequest;
import com.bl1nk.task.agent.AgentDefinition;
import com.bl1nk.task.agent.AgentService;
import com.bl1nk.task.tasks.TaskRecord;
import com.bl1nk.task.tasks.TaskService;
import com.bl1nk.task.tasks.TaskStatus;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** {@link AgentTasks} on the real tasks feature: a webhook's task is an ordinary task of the installation's tenant. */
@Component
class TaskServiceAgentTasks implements AgentTasks {

    private final AgentService agents;
    private final TaskService tasks;
    private final JsonMapper json;

    TaskServiceAgentTasks(AgentService agents, TaskService tasks, JsonMapper json) {
        this.agents = agents;
        this.tasks = tasks;
        this.json = json;
    }

    @Override
    public Optional<UUID> agentIdByName(UUID tenantId, String agentName) {
        return agents.currentByName(tenantId, agentName).map(AgentDefinition::id);
    }

    @Override
    public UUID createTask(
            UUID tenantId, UUID agentId, String input, String idempotencyKey, Map<String, String> metadata) {
        Identity github = Identity.service("github", tenantId, Set.of(Identity.DEVELOPER), Set.of());
        TaskService.Created created = tasks.create(github, new CreateTaskRequest(agentId, input), idempotencyKey);
        if (created.status() >= 300) {
            throw new IllegalStateException("creating the task answered " + created.status() + ": " + created.body());
        }
        return UUID.fromString(json.readTree(created.body()).path("id").asString());
    }

    @Override
    public Optional<FinishedTask> finished(UUID tenantId, UUID taskId) {
        TaskRecord task = tasks.find(tenantId, taskId);
        if (!task.status().terminal()) {
            return Optional.empty();
        }
        return Optional.of(new FinishedTask(task.status() == TaskStatus.SUCCEEDED, task.output(), task.statusReason()));
    }
}
