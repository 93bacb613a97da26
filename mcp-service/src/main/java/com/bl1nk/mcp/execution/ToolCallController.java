package com.bl1nk.mcp.execution;

import com.bl1nk.common.identity.Identity;
import jakarta.validation.Valid;
import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tool calls: the public path for API clients and the internal path task-service uses for agents (not routed by the
 * gateway; same checks, plus the agent and task the call is for).
 */
@RestController
class ToolCallController {

    private final ToolExecutor executor;

    ToolCallController(ToolExecutor executor) {
        this.executor = executor;
    }

    @PostMapping("/api/v1/mcp/tools/{toolId}/call")
    ToolCallResponse call(Identity identity, @PathVariable UUID toolId, @Valid @RequestBody ToolCallRequest request) {
        return executor.call(
                identity, toolId, request.arguments(), ToolExecutor.CallContext.direct(request.timeoutMs()));
    }

    @PostMapping("/internal/v1/mcp/tools/{toolId}/call")
    ToolCallResponse internalCall(
            Identity identity, @PathVariable UUID toolId, @Valid @RequestBody InternalToolCallRequest request) {
        return executor.call(
                identity,
                toolId,
                request.arguments(),
                new ToolExecutor.CallContext(request.agentId(), request.taskId(), request.timeoutMs()));
    }

    @PostMapping("/internal/v1/mcp/tools/by-name/{qualifiedName}/call")
    ToolCallResponse internalCallByName(
            Identity identity,
            @PathVariable String qualifiedName,
            @Valid @RequestBody InternalToolCallRequest request) {
        return executor.callByName(
                identity,
                qualifiedName,
                request.arguments(),
                new ToolExecutor.CallContext(request.agentId(), request.taskId(), request.timeoutMs()));
    }
}
