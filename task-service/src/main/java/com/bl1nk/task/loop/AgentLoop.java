package com.bl1nk.task.loop;

import com.bl1nk.contracts.taskevent.TaskStarted;
import com.bl1nk.task.agent.AgentService;
import com.bl1nk.task.events.TaskEvents;
import com.bl1nk.task.tasks.TaskRecord;
import com.bl1nk.task.tasks.TaskStore;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Runs one task's agent loop from wherever its persisted steps end: completed steps are replayed from the database (no
 * model or tool call is repeated), a step that started but never completed runs again. Each step returns a
 * {@link StepResult}; the first that ends the run decides its {@link LoopOutcome}.
 */
@Component
@EnableConfigurationProperties(LoopProperties.class)
public class AgentLoop {

    private final AgentService agents;
    private final TaskStore store;
    private final TaskEvents events;
    private final RetrievalStep retrieval;
    private final ToolCatalog tools;
    private final ModelStep model;
    private final ToolStep tool;
    private final DelegationStep delegation;
    private final LoopProperties properties;

    AgentLoop(
            AgentService agents,
            TaskStore store,
            TaskEvents events,
            RetrievalStep retrieval,
            ToolCatalog tools,
            ModelStep model,
            ToolStep tool,
            DelegationStep delegation,
            LoopProperties properties) {
        this.agents = agents;
        this.store = store;
        this.events = events;
        this.retrieval = retrieval;
        this.tools = tools;
        this.model = model;
        this.tool = tool;
        this.delegation = delegation;
        this.properties = properties;
    }

    /**
     * Runs (or resumes) the task held by {@code owner}.
     *
     * @throws TransientStepFailure when a downstream failed in a way a later attempt may not
     */
    public LoopOutcome run(TaskRecord task, String owner) {
        LoopRun run = new LoopRun(
                task,
                owner,
                agents.version(task.tenantId(), task.agentId(), task.agentVersion()),
                store.steps(task.tenantId(), task.id()));
        try {
            return execute(run);
        } catch (LoopInterruptedException e) {
            return new LoopOutcome.Stopped("interrupted");
        }
    }

    private LoopOutcome execute(LoopRun run) {
        TaskRecord task = run.task;
        if (run.fresh()) {
            events.publish(task.tenantId(), task.id(), new TaskStarted(task.id(), task.attempts()));
        }
        run.messages.add(ChatMessage.system(run.agent.instructions()));
        run.messages.add(ChatMessage.user(task.input()));
        if (!run.agent.knowledgeBaseIds().isEmpty()) {
            switch (retrieval.run(run)) {
                case StepResult.End<ChatMessage> end -> {
                    return end.outcome();
                }
                // Before the user's message, so the request stays the last thing the model reads.
                case StepResult.Continue<ChatMessage> context -> run.messages.add(1, context.value());
            }
            run.advance();
        }
        tools.describe(run);
        while (true) {
            ModelReply reply;
            switch (model.run(run)) {
                case StepResult.End<ModelReply> end -> {
                    return end.outcome();
                }
                case StepResult.Continue<ModelReply> next -> reply = next.value();
            }
            run.messages.add(ChatMessage.assistant(reply.content(), reply.toolCalls()));
            run.advance();
            if (reply.toolCalls().isEmpty()) {
                return new LoopOutcome.Answered(reply.content() == null ? "" : reply.content());
            }
            for (ToolCallRequest call : reply.toolCalls()) {
                StepResult<String> result =
                        ToolCatalog.DELEGATE.equals(call.name()) ? delegation.run(run, call) : tool.run(run, call);
                switch (result) {
                    case StepResult.End<String> end -> {
                        return end.outcome();
                    }
                    case StepResult.Continue<String> text ->
                        run.messages.add(ChatMessage.tool(
                                call.id(), StepTexts.abbreviate(text.value(), properties.maxToolResultChars())));
                }
                run.advance();
            }
        }
    }
}
