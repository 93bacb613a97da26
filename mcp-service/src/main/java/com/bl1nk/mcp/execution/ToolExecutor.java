package com.bl1nk.mcp.execution;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Authorization;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.trace.TraceContext;
import com.bl1nk.contracts.mcp.ToolCallResponse;
import com.bl1nk.mcp.audit.AuditTrail;
import com.bl1nk.mcp.connect.McpConnector;
import com.bl1nk.mcp.connect.McpSession;
import com.bl1nk.mcp.connect.McpSessionPool;
import com.bl1nk.mcp.error.McpErrorCode;
import com.bl1nk.mcp.quota.QuotaExceededException;
import com.bl1nk.mcp.registry.CallableTool;
import com.bl1nk.mcp.registry.RegistryService;
import com.bl1nk.mcp.registry.ToolBlockedException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one tool call after the checks, in order: the tool belongs to the caller's tenant (404), the caller may use it
 * (403) and its definition is approved (409), the arguments match its schema (400); then the call runs with a
 * timeout, its output is capped, and it is audited whatever the outcome.
 */
@Service
public class ToolExecutor {

    /** Roles that may call tools. */
    private static final Logger log = LoggerFactory.getLogger(ToolExecutor.class);

    private final RegistryService registry;
    private final ArgumentValidator validator;
    private final McpSessionPool pool;
    private final ExecutionProperties properties;
    private final CallAuditRepository calls;
    private final AuditTrail audit;
    private final JsonMapper json;
    private final Clock clock;
    private final MeterRegistry meters;

    ToolExecutor(
            RegistryService registry,
            ArgumentValidator validator,
            McpSessionPool pool,
            ExecutionProperties properties,
            CallAuditRepository calls,
            AuditTrail audit,
            JsonMapper json,
            Clock clock,
            MeterRegistry meters) {
        this.registry = registry;
        this.validator = validator;
        this.pool = pool;
        this.properties = properties;
        this.calls = calls;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
        this.meters = meters;
    }

    /** Who is calling and for what, beyond the identity. */
    public record CallContext(String agentId, String taskId, Integer timeoutMs) {

        /** A direct API call. */
        public static CallContext direct(Integer timeoutMs) {
            return new CallContext(null, null, timeoutMs);
        }
    }

    public ToolCallResponse call(Identity identity, UUID toolId, Map<String, Object> arguments, CallContext context) {
        Authorization.checkRole(Permission.TOOLS_USE, identity);
        CallableTool tool;
        try {
            tool = registry.callable(identity.tenantId(), toolId);
        } catch (ToolBlockedException e) {
            recordBlocked(identity, e, context, arguments);
            throw e;
        }
        return run(identity, tool, arguments, context);
    }

    public ToolCallResponse callByName(
            Identity identity, String qualifiedName, Map<String, Object> arguments, CallContext context) {
        Authorization.checkRole(Permission.TOOLS_USE, identity);
        CallableTool tool;
        try {
            tool = registry.callableByName(identity.tenantId(), qualifiedName);
        } catch (ToolBlockedException e) {
            recordBlocked(identity, e, context, arguments);
            throw e;
        }
        return run(identity, tool, arguments, context);
    }

    /** A call to a known but blocked tool (not approved, changed, disabled) is audited as rejected. */
    private void recordBlocked(
            Identity identity, ToolBlockedException e, CallContext context, Map<String, Object> arguments) {
        CallableTool known = new CallableTool(
                e.toolId(), e.serverId(), e.qualifiedName(), e.qualifiedName(), Map.of(), "", List.of(), null);
        String caller = context.agentId() != null ? "agent:" + context.agentId() : identity.principal();
        record(
                identity,
                known,
                UUID.randomUUID(),
                caller,
                context,
                "rejected",
                e.code(),
                clock.instant(),
                System.nanoTime(),
                0,
                false,
                arguments == null ? Map.of() : arguments);
    }

    private ToolCallResponse run(
            Identity identity, CallableTool tool, Map<String, Object> rawArguments, CallContext context) {
        Instant started = clock.instant();
        long startNanos = System.nanoTime();
        UUID callId = UUID.randomUUID();
        Map<String, Object> arguments = rawArguments == null ? Map.of() : rawArguments;
        String caller = context.agentId() != null ? "agent:" + context.agentId() : identity.principal();
        try {
            if (!tool.allowedCallers().isEmpty() && !tool.allowedCallers().contains(caller)) {
                throw ApiException.of(
                        McpErrorCode.TOOL_NOT_ALLOWED, "This caller may not use tool " + tool.qualifiedName());
            }
            validator.validate(tool.schemaHash(), tool.inputSchema(), arguments);
        } catch (ApiException e) {
            record(
                    identity,
                    tool,
                    callId,
                    caller,
                    context,
                    "rejected",
                    e.code(),
                    started,
                    startNanos,
                    0,
                    false,
                    arguments);
            throw e;
        }

        Duration timeout = timeout(context.timeoutMs());
        McpSchema.CallToolResult result;
        try {
            McpSession session = pool.acquire(tool.endpoint());
            result = session.client()
                    .callTool(new McpSchema.CallToolRequest(tool.name(), arguments, null))
                    .timeout(timeout)
                    .block();
            if (result == null) {
                throw new IllegalStateException("empty result");
            }
        } catch (RuntimeException e) {
            Failure failure = classify(e, tool, timeout);
            if (failure.invalidateSession()) {
                pool.invalidate(tool.serverId());
            }
            record(
                    identity,
                    tool,
                    callId,
                    caller,
                    context,
                    failure.outcome(),
                    failure.error().code(),
                    started,
                    startNanos,
                    0,
                    false,
                    arguments);
            throw failure.error();
        }

        String structuredJson =
                result.structuredContent() == null ? null : json.writeValueAsString(result.structuredContent());
        ResultNormalizer.Normalized normalized =
                ResultNormalizer.normalize(result, properties.outputCapBytes(), structuredJson);
        boolean isError = Boolean.TRUE.equals(result.isError());
        String outcome = isError ? "tool_error" : "success";
        long duration = record(
                identity,
                tool,
                callId,
                caller,
                context,
                outcome,
                null,
                started,
                startNanos,
                normalized.totalBytes(),
                normalized.truncated(),
                arguments);
        return new ToolCallResponse(
                callId,
                tool.toolId(),
                tool.qualifiedName(),
                outcome,
                isError,
                normalized.content(),
                normalized.structured(),
                normalized.truncated(),
                normalized.totalBytes(),
                duration);
    }

    private Duration timeout(Integer timeoutMs) {
        if (timeoutMs == null) {
            return properties.defaultTimeout();
        }
        Duration asked = Duration.ofMillis(timeoutMs);
        return asked.compareTo(properties.maxTimeout()) > 0 ? properties.maxTimeout() : asked;
    }

    private record Failure(String outcome, ApiException error, boolean invalidateSession) {}

    private static Failure classify(RuntimeException e, CallableTool tool, Duration timeout) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof QuotaExceededException quota) {
                // no session could be started (the tenant runs its most stdio processes): refused, nothing to drop
                return new Failure("rejected", quota, false);
            }
            if (t instanceof TimeoutException) {
                return new Failure(
                        "timeout",
                        ApiException.of(
                                McpErrorCode.TOOL_TIMEOUT,
                                "Tool " + tool.qualifiedName() + " did not finish within " + timeout.toMillis()
                                        + " ms"),
                        false);
            }
            if (t instanceof McpError mcpError) {
                String message = mcpError.getJsonRpcError() != null
                        ? mcpError.getJsonRpcError().message()
                        : String.valueOf(mcpError.getMessage());
                return new Failure(
                        "protocol_error",
                        ApiException.of(
                                        McpErrorCode.TOOL_PROTOCOL_ERROR,
                                        "The MCP server refused the call to " + tool.qualifiedName() + ": "
                                                + abbreviate(message))
                                .withProperty(
                                        "jsonRpcCode",
                                        mcpError.getJsonRpcError() == null
                                                ? null
                                                : mcpError.getJsonRpcError().code()),
                        false);
            }
        }
        RuntimeException translated = McpConnector.translate(e, "tool call");
        ApiException api = translated instanceof ApiException a
                ? a
                : ApiException.of(McpErrorCode.MCP_SERVER_UNREACHABLE, "The MCP server could not be used");
        return new Failure("protocol_error", api, true);
    }

    private long record(
            Identity identity,
            CallableTool tool,
            UUID callId,
            String caller,
            CallContext context,
            String outcome,
            String errorCode,
            Instant started,
            long startNanos,
            long outputBytes,
            boolean truncated,
            Map<String, Object> arguments) {
        long durationMs = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
        Object shape = ArgumentShape.of(arguments);
        try {
            calls.insert(new CallAuditRepository.CallRecord(
                    callId,
                    identity.tenantId(),
                    tool.toolId(),
                    tool.serverId(),
                    tool.qualifiedName(),
                    caller,
                    context.agentId(),
                    context.taskId(),
                    outcome,
                    errorCode,
                    durationMs,
                    outputBytes,
                    truncated,
                    json.writeValueAsString(shape),
                    TraceContext.currentTraceId(),
                    started));
        } catch (RuntimeException e) {
            log.warn("Could not write the audit row of tool call {}: {}", callId, e.toString());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("qualifiedName", tool.qualifiedName());
        details.put("durationMs", durationMs);
        details.put("argumentShape", shape);
        if (errorCode != null) {
            details.put("errorCode", errorCode);
        }
        if (truncated) {
            details.put("truncated", true);
        }
        audit.record(
                identity.tenantId(),
                caller,
                "mcp.tool.called",
                "mcp_tool",
                tool.toolId().toString(),
                outcome,
                details);
        Timer.builder("bl1nk.mcp.tool.calls")
                .tag("outcome", outcome)
                .register(meters)
                .record(Duration.ofMillis(durationMs));
        return durationMs;
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
