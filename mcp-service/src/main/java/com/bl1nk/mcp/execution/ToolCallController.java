package com.bl1nk.mcp.execution;

import com.bl1nk.common.idempotency.IdempotencyService;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.contracts.mcp.InternalToolCallRequest;
import com.bl1nk.contracts.mcp.ToolCallResponse;
import jakarta.validation.Valid;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tool calls: the public path for API clients and the internal path task-service uses for agents (not routed by the
 * gateway; same checks, plus the agent and task the call is for). An {@code Idempotency-Key} makes a repeated call (a
 * worker retrying after a crash) return the first result instead of running the tool again.
 */
@RestController
class ToolCallController {

    private final ToolExecutor executor;
    private final ObjectProvider<IdempotencyService> idempotency;

    ToolCallController(ToolExecutor executor, ObjectProvider<IdempotencyService> idempotency) {
        this.executor = executor;
        this.idempotency = idempotency;
    }

    @Requires(Permission.TOOLS_USE)
    @PostMapping("/api/v1/mcp/tools/{toolId}/call")
    ResponseEntity<?> call(
            Identity identity,
            @PathVariable UUID toolId,
            @RequestHeader(name = IdempotencyService.HEADER, required = false) String key,
            @Valid @RequestBody ToolCallRequest request) {
        return once(
                identity,
                "POST /api/v1/mcp/tools/" + toolId + "/call",
                key,
                request,
                () -> executor.call(
                        identity, toolId, request.arguments(), ToolExecutor.CallContext.direct(request.timeoutMs())));
    }

    @Requires(Permission.INTERNAL)
    @PostMapping("/internal/v1/mcp/tools/{toolId}/call")
    ResponseEntity<?> internalCall(
            Identity identity,
            @PathVariable UUID toolId,
            @RequestHeader(name = IdempotencyService.HEADER, required = false) String key,
            @Valid @RequestBody InternalToolCallRequest request) {
        return once(
                identity,
                "POST /internal/v1/mcp/tools/" + toolId + "/call",
                key,
                request,
                () -> executor.call(
                        identity,
                        toolId,
                        request.arguments(),
                        new ToolExecutor.CallContext(request.agentId(), request.taskId(), request.timeoutMs())));
    }

    @Requires(Permission.INTERNAL)
    @PostMapping("/internal/v1/mcp/tools/by-name/{qualifiedName}/call")
    ResponseEntity<?> internalCallByName(
            Identity identity,
            @PathVariable String qualifiedName,
            @RequestHeader(name = IdempotencyService.HEADER, required = false) String key,
            @Valid @RequestBody InternalToolCallRequest request) {
        return once(
                identity,
                "POST /internal/v1/mcp/tools/by-name/" + qualifiedName + "/call",
                key,
                request,
                () -> executor.callByName(
                        identity,
                        qualifiedName,
                        request.arguments(),
                        new ToolExecutor.CallContext(request.agentId(), request.taskId(), request.timeoutMs())));
    }

    private ResponseEntity<?> once(
            Identity identity, String route, String key, Object body, Supplier<ToolCallResponse> call) {
        IdempotencyService service = idempotency.getIfAvailable();
        if (service == null || key == null) {
            return ResponseEntity.ok(call.get());
        }
        return service.execute(identity, route, key, body, () -> ResponseEntity.ok(call.get()));
    }
}
