package com.bl1nk.mcp.registry;

import com.bl1nk.common.crypto.SecretBox;
import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Authorization;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.web.Cursors;
import com.bl1nk.common.web.Page;
import com.bl1nk.common.web.PageRequests;
import com.bl1nk.mcp.audit.AuditTrail;
import com.bl1nk.mcp.connect.McpConnector;
import com.bl1nk.mcp.connect.McpSession;
import com.bl1nk.mcp.connect.McpSessionPool;
import com.bl1nk.mcp.connect.ServerEndpoint;
import com.bl1nk.mcp.error.McpErrorCode;
import com.bl1nk.mcp.quota.QuotaExceededException;
import com.bl1nk.mcp.quota.QuotaProperties;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registers servers (checked, discovered, then stored in one transaction so a failed registration leaves nothing),
 * keeps their tool lists current, and decides which tools may be called.
 */
@Service
public class RegistryService {

    /** Separator of namespaced tool names: {@code <server>__<tool>}. */
    static final String NAMESPACE_SEPARATOR = "__";

    private static final Logger log = LoggerFactory.getLogger(RegistryService.class);
    private static final Pattern HEADER_NAME = Pattern.compile("^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$");
    private static final Pattern TOOL_NAME_UNSAFE = Pattern.compile("[^A-Za-z0-9_.-]");

    private final ServerRepository servers;
    private final ToolRepository tools;
    private final Discovery discovery;
    private final McpConnector connector;
    private final McpSessionPool pool;
    private final ObjectProvider<SecretBox> secretBox;
    private final RegistryProperties properties;
    private final QuotaProperties quotas;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final AuditTrail audit;
    private final Clock clock;

    RegistryService(
            ServerRepository servers,
            ToolRepository tools,
            Discovery discovery,
            McpConnector connector,
            McpSessionPool pool,
            ObjectProvider<SecretBox> secretBox,
            RegistryProperties properties,
            QuotaProperties quotas,
            TransactionTemplate tx,
            JsonMapper json,
            AuditTrail audit,
            Clock clock) {
        this.servers = servers;
        this.tools = tools;
        this.discovery = discovery;
        this.connector = connector;
        this.pool = pool;
        this.secretBox = secretBox;
        this.properties = properties;
        this.quotas = quotas;
        this.tx = tx;
        this.json = json;
        this.audit = audit;
        this.clock = clock;
    }

    // --- servers ---------------------------------------------------------------------------------------------

    /**
     * Validates, connects, discovers, and only then stores the server and its tools. A tenant at its server quota is
     * refused (409 {@code quota_exceeded}) before anything is started, and again under a per-tenant lock right before
     * the insert, so two concurrent registrations cannot both take the last slot.
     */
    public ServerResponse register(Identity identity, CreateServerRequest request) {
        Authorization.check(Permission.TOOLS_ADMIN, identity);
        ServerEndpoint.Transport transport = ServerEndpoint.Transport.fromWire(request.transport());
        if (transport == null) {
            throw ApiException.invalidField("transport", "must be streamable_http, sse or stdio");
        }
        String url = blankToNull(request.url());
        String command = blankToNull(request.command());
        List<String> args = request.args() == null ? List.of() : List.copyOf(request.args());
        if (transport == ServerEndpoint.Transport.STDIO) {
            if (command == null) {
                throw ApiException.invalidField("command", "is required for transport stdio");
            }
            if (url != null) {
                throw ApiException.invalidField("url", "must be empty for transport stdio");
            }
        } else {
            if (url == null) {
                throw ApiException.invalidField("url", "is required for transport " + request.transport());
            }
            if (command != null || !args.isEmpty()) {
                throw ApiException.invalidField("command", "must be empty for HTTP transports");
            }
        }
        Map<String, String> headers = request.headers() == null ? Map.of() : request.headers();
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey();
            if (name == null || !HEADER_NAME.matcher(name).matches()) {
                throw ApiException.invalidField("headers", "'" + name + "' is not a valid HTTP header name");
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("host") || lower.equals("content-length") || lower.startsWith("mcp-")) {
                throw ApiException.invalidField("headers", "header '" + name + "' cannot be set");
            }
            String value = header.getValue();
            if (value == null || value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                throw ApiException.invalidField("headers", "value of '" + name + "' must be a single-line string");
            }
        }
        if (transport == ServerEndpoint.Transport.STDIO && !headers.isEmpty()) {
            throw ApiException.invalidField("headers", "stdio servers take no headers");
        }
        connector.checkRegistration(transport, url, command, args);
        requireServerQuota(identity.tenantId());
        if (servers.nameTaken(identity.tenantId(), request.name())) {
            throw ApiException.of(
                    McpErrorCode.SERVER_NAME_TAKEN, "A server named '" + request.name() + "' already exists");
        }
        String cipher = headers.isEmpty() ? null : encrypt(identity.tenantId(), headers);

        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        ServerEndpoint endpoint =
                new ServerEndpoint(id, identity.tenantId(), transport, url, headers, command, args, now.toString());
        Discovery.Discovered found;
        McpSession session = pool.openUnpooled(endpoint);
        try {
            found = discovery.discover(session);
        } finally {
            pool.release(session);
        }
        ServerRow row = new ServerRow(
                id,
                identity.tenantId(),
                request.name(),
                transport.wire(),
                url,
                command,
                args,
                cipher,
                headers.keySet().stream().sorted().toList(),
                request.enabled() == null || request.enabled(),
                "ready",
                null,
                write(found.serverInfo()),
                write(found.prompts()),
                write(found.resources()),
                now,
                identity.principal(),
                now,
                now);
        try {
            tx.executeWithoutResult(status -> {
                servers.lockTenant(identity.tenantId());
                requireServerQuota(identity.tenantId());
                servers.insert(row);
                applyTools(row, found.tools(), identity.principal(), now);
                audit.record(
                        identity.tenantId(),
                        identity.principal(),
                        "mcp.server.registered",
                        "mcp_server",
                        id.toString(),
                        "success",
                        Map.of(
                                "name",
                                row.name(),
                                "transport",
                                row.transport(),
                                "tools",
                                found.tools().size()));
            });
        } catch (DuplicateKeyException e) {
            throw ApiException.of(
                    McpErrorCode.SERVER_NAME_TAKEN, "A server named '" + request.name() + "' already exists");
        }
        return get(identity, id);
    }

    private void requireServerQuota(UUID tenantId) {
        if (servers.count(tenantId) >= quotas.maxServersPerTenant()) {
            throw QuotaExceededException.servers(quotas.maxServersPerTenant());
        }
    }

    public ServerResponse get(Identity identity, UUID id) {
        ServerRow row = servers.find(identity.tenantId(), id).orElseThrow(() -> ApiException.notFound("server", id));
        return toResponse(row, tools.forServer(identity.tenantId(), id));
    }

    public Page<ServerResponse> list(Identity identity, Integer limit, String cursor) {
        int n = PageRequests.limit(limit);
        List<ServerRow> rows = servers.page(identity.tenantId(), Cursors.decode(cursor), n + 1);
        Page<ServerRow> page = Page.of(rows, n, r -> Cursors.encode(r.createdAt(), r.id()));
        return new Page<>(page.items().stream().map(r -> toResponse(r, null)).toList(), page.nextCursor());
    }

    public ServerResponse setEnabled(Identity identity, UUID id, boolean enabled) {
        Authorization.check(Permission.TOOLS_ADMIN, identity);
        tx.executeWithoutResult(status -> {
            if (servers.setEnabled(identity.tenantId(), id, enabled, clock.instant()) == 0) {
                throw ApiException.notFound("server", id);
            }
            audit.record(
                    identity.tenantId(),
                    identity.principal(),
                    enabled ? "mcp.server.enabled" : "mcp.server.disabled",
                    "mcp_server",
                    id.toString(),
                    "success",
                    Map.of("enabled", enabled));
        });
        pool.invalidate(id);
        return get(identity, id);
    }

    public void delete(Identity identity, UUID id) {
        Authorization.check(Permission.TOOLS_ADMIN, identity);
        tx.executeWithoutResult(status -> {
            ServerRow row =
                    servers.find(identity.tenantId(), id).orElseThrow(() -> ApiException.notFound("server", id));
            if (servers.delete(identity.tenantId(), id) == 0) {
                throw ApiException.notFound("server", id);
            }
            audit.record(
                    identity.tenantId(),
                    identity.principal(),
                    "mcp.server.deleted",
                    "mcp_server",
                    id.toString(),
                    "success",
                    Map.of("name", row.name()));
        });
        pool.invalidate(id);
    }

    /** Re-runs discovery now; changed tools move to {@code changed} and wait for approval. */
    public ServerResponse refresh(Identity identity, UUID id) {
        Authorization.check(Permission.TOOLS_USE, identity);
        ServerRow row = servers.find(identity.tenantId(), id).orElseThrow(() -> ApiException.notFound("server", id));
        refresh(row, identity.principal(), true);
        return get(identity, id);
    }

    /**
     * Re-discovers {@code row}'s tools; a caller's refresh ({@code requested}) is audited, the background one only
     * through the tool changes it finds, so the trail is not filled with routine polls.
     */
    void refresh(ServerRow row, String actor, boolean requested) {
        Instant now = clock.instant();
        ServerEndpoint endpoint = endpoint(row);
        Discovery.Discovered found;
        try {
            McpSession session = pool.openUnpooled(endpoint);
            try {
                found = discovery.discover(session);
            } finally {
                pool.release(session);
            }
        } catch (QuotaExceededException e) {
            throw e; // the tenant's limit, not the server's fault: its status stays as it was
        } catch (ApiException e) {
            servers.recordError(row.tenantId(), row.id(), e.detail(), now);
            throw e;
        }
        tx.executeWithoutResult(status -> {
            servers.recordDiscovery(
                    row.tenantId(),
                    row.id(),
                    write(found.serverInfo()),
                    write(found.prompts()),
                    write(found.resources()),
                    now);
            applyTools(row, found.tools(), actor, now);
            if (!requested) {
                return;
            }
            audit.record(
                    row.tenantId(),
                    actor,
                    "mcp.server.refreshed",
                    "mcp_server",
                    row.id().toString(),
                    "success",
                    Map.of("tools", found.tools().size()));
        });
        pool.invalidate(row.id());
    }

    /** Background refresh of servers not discovered for a while (all tenants; each row keeps its tenant). */
    public int refreshDue(int limit) {
        if (properties.refreshInterval().isZero()) {
            return 0;
        }
        int done = 0;
        for (ServerRow row : servers.dueForRefresh(clock.instant().minus(properties.refreshInterval()), limit)) {
            try {
                refresh(row, "service:mcp-service", false);
                done++;
            } catch (RuntimeException e) {
                log.info("Background refresh of MCP server {} failed: {}", row.id(), e.getMessage());
            }
        }
        return done;
    }

    // --- tools -----------------------------------------------------------------------------------------------

    public Page<ToolResponse> listTools(Identity identity, UUID serverId, Integer limit, String cursor) {
        int n = PageRequests.limit(limit);
        List<ToolRow> rows = tools.page(identity.tenantId(), serverId, Cursors.decode(cursor), n + 1);
        Page<ToolRow> page = Page.of(rows, n, r -> Cursors.encode(r.createdAt(), r.id()));
        return new Page<>(page.items().stream().map(this::toResponse).toList(), page.nextCursor());
    }

    public ToolResponse getTool(Identity identity, UUID id) {
        return toResponse(tools.find(identity.tenantId(), id).orElseThrow(() -> ApiException.notFound("tool", id)));
    }

    public ToolResponse approve(Identity identity, UUID id, String schemaHash) {
        Authorization.check(Permission.TOOLS_ADMIN, identity);
        ToolRow row = tools.find(identity.tenantId(), id).orElseThrow(() -> ApiException.notFound("tool", id));
        tx.executeWithoutResult(status -> {
            if (tools.approve(identity.tenantId(), id, schemaHash, identity.principal(), clock.instant()) == 0) {
                throw ApiException.of(
                                McpErrorCode.TOOL_DEFINITION_CHANGED,
                                "The tool's definition is no longer the one approved; review it again and approve"
                                        + " its current schemaHash")
                        .withProperty("schemaHash", row.schemaHash());
            }
            audit.record(
                    identity.tenantId(),
                    identity.principal(),
                    "mcp.tool.approved",
                    "mcp_tool",
                    id.toString(),
                    "success",
                    Map.of("qualifiedName", row.qualifiedName(), "schemaHash", schemaHash));
        });
        return getTool(identity, id);
    }

    public ToolResponse setAllowedCallers(Identity identity, UUID id, List<String> callers) {
        Authorization.check(Permission.TOOLS_ADMIN, identity);
        List<String> allowed = List.copyOf(callers);
        tx.executeWithoutResult(status -> {
            if (tools.setAllowedCallers(identity.tenantId(), id, allowed, clock.instant()) == 0) {
                throw ApiException.notFound("tool", id);
            }
            audit.record(
                    identity.tenantId(),
                    identity.principal(),
                    "mcp.tool.allowed_callers_changed",
                    "mcp_tool",
                    id.toString(),
                    "success",
                    Map.of("allowedCallers", allowed));
        });
        return getTool(identity, id);
    }

    /**
     * The registry's part of a call's checks: the tool belongs to the caller's tenant (else 404), is still offered,
     * its server is enabled and its current definition is approved (else 409).
     */
    public CallableTool callable(UUID tenantId, UUID toolId) {
        return callable(
                tools.findWithServer(tenantId, toolId).orElseThrow(() -> ApiException.notFound("tool", toolId)));
    }

    /** Like {@link #callable(UUID, UUID)} by the name agents see. */
    public CallableTool callableByName(UUID tenantId, String qualifiedName) {
        return callable(tools.findWithServerByQualifiedName(tenantId, qualifiedName)
                .orElseThrow(() -> ApiException.notFound("tool", qualifiedName)));
    }

    private CallableTool callable(ToolRepository.ToolWithServer found) {
        ToolRow tool = found.tool();
        if (tool.removedAt() != null) {
            throw blocked(tool, "tool_removed", "The server no longer offers tool " + tool.qualifiedName());
        }
        if (!tool.serverEnabled()) {
            throw blocked(tool, "server_disabled", "The tool's MCP server is disabled");
        }
        if (!"approved".equals(tool.approvalState()) || !tool.schemaHash().equals(tool.approvedHash())) {
            boolean changed = "changed".equals(tool.approvalState());
            throw blocked(
                    tool,
                    changed ? "tool_changed" : "tool_not_approved",
                    changed
                            ? "The tool's description or schema changed since it was approved; an admin must approve"
                                    + " it again"
                            : "The tool has not been approved yet");
        }
        ServerRow server = found.server();
        return new CallableTool(
                tool.id(),
                tool.serverId(),
                tool.name(),
                tool.qualifiedName(),
                readMap(tool.inputSchema()),
                tool.schemaHash(),
                tool.allowedCallers(),
                endpoint(server));
    }

    private static ApiException blocked(ToolRow tool, String code, String detail) {
        return new ToolBlockedException(code, detail, tool.id(), tool.serverId(), tool.qualifiedName())
                .withProperty("schemaHash", tool.schemaHash());
    }

    // --- internals -------------------------------------------------------------------------------------------

    /** Upserts discovered tools: new → approved or pending, changed → 'changed', vanished → removed. */
    private void applyTools(ServerRow server, List<McpSchema.Tool> discovered, String actor, Instant now) {
        Map<String, ToolRow> existing = new HashMap<>();
        for (ToolRow t : tools.forServer(server.tenantId(), server.id())) {
            existing.put(t.name(), t);
        }
        Map<String, McpSchema.Tool> seen = new LinkedHashMap<>();
        for (McpSchema.Tool tool : discovered) {
            if (tool.name() != null && !tool.name().isBlank() && tool.name().length() <= 128) {
                seen.putIfAbsent(tool.name(), tool);
            }
        }
        for (McpSchema.Tool tool : seen.values()) {
            Map<String, Object> schema = tool.inputSchema() == null ? Map.of("type", "object") : tool.inputSchema();
            String description = tool.description() == null ? "" : tool.description();
            String hash = ToolHashing.hash(tool.title(), description, schema);
            ToolRow old = existing.get(tool.name());
            if (old == null) {
                boolean approved = properties.autoApproveNewTools();
                tools.insert(new ToolRow(
                        UUID.randomUUID(),
                        server.tenantId(),
                        server.id(),
                        server.name(),
                        server.enabled(),
                        tool.name(),
                        qualifiedName(server, tool.name()),
                        tool.title(),
                        description,
                        write(schema),
                        hash,
                        approved ? "approved" : "pending_approval",
                        approved ? hash : null,
                        approved ? actor : null,
                        approved ? now : null,
                        List.of(),
                        null,
                        now,
                        now));
            } else if (!hash.equals(old.schemaHash()) || old.removedAt() != null) {
                String state = hash.equals(old.approvedHash())
                        ? "approved"
                        : old.approvedHash() == null ? "pending_approval" : "changed";
                tools.updateDiscovered(
                        server.tenantId(), old.id(), tool.title(), description, write(schema), hash, state, now);
                if ("changed".equals(state)) {
                    audit.record(
                            server.tenantId(),
                            actor,
                            "mcp.tool.changed",
                            "mcp_tool",
                            old.id().toString(),
                            "blocked",
                            Map.of("qualifiedName", old.qualifiedName(), "schemaHash", hash));
                }
            }
        }
        for (ToolRow old : existing.values()) {
            if (!seen.containsKey(old.name())) {
                tools.markRemoved(server.tenantId(), old.id(), now);
            }
        }
    }

    /** The plain name if free in the tenant, else {@code <server>__<tool>} (never shadowing another server's tool). */
    private String qualifiedName(ServerRow server, String toolName) {
        String safe = TOOL_NAME_UNSAFE.matcher(toolName).replaceAll("_");
        if (safe.length() > 64) {
            safe = safe.substring(0, 64);
        }
        if (!tools.qualifiedNameTaken(server.tenantId(), safe)) {
            return safe;
        }
        String namespaced = server.name() + NAMESPACE_SEPARATOR + safe;
        String candidate = namespaced;
        for (int i = 2; tools.qualifiedNameTaken(server.tenantId(), candidate); i++) {
            candidate = namespaced + "_" + i;
        }
        return candidate;
    }

    private ServerEndpoint endpoint(ServerRow row) {
        Map<String, String> headers =
                row.credentialsCiphertext() == null ? Map.of() : decrypt(row.tenantId(), row.credentialsCiphertext());
        return new ServerEndpoint(
                row.id(),
                row.tenantId(),
                ServerEndpoint.Transport.fromWire(row.transport()),
                row.url(),
                headers,
                row.command(),
                row.args(),
                String.valueOf(row.updatedAt()));
    }

    private String encrypt(UUID tenantId, Map<String, String> headers) {
        SecretBox box = secretBox.getIfAvailable();
        if (box == null) {
            throw ApiException.of(
                    McpErrorCode.CREDENTIALS_ENCRYPTION_UNAVAILABLE,
                    "Server credentials cannot be stored: the operator has not configured bl1nk.crypto.master-key");
        }
        return box.encrypt(write(new java.util.TreeMap<>(headers)), tenantId);
    }

    private Map<String, String> decrypt(UUID tenantId, String cipher) {
        SecretBox box = secretBox.getIfAvailable();
        if (box == null) {
            throw ApiException.of(
                    McpErrorCode.CREDENTIALS_ENCRYPTION_UNAVAILABLE,
                    "Server credentials cannot be read: no master key configured");
        }
        return json.readValue(box.decrypt(cipher, tenantId), new TypeReference<Map<String, String>>() {});
    }

    private ServerResponse toResponse(ServerRow row, List<ToolRow> toolRows) {
        return new ServerResponse(
                row.id(),
                row.name(),
                row.transport(),
                row.url(),
                row.command(),
                row.args(),
                row.credentialHeaderNames(),
                row.enabled(),
                row.status(),
                row.lastError(),
                read(row.serverInfo()),
                read(row.prompts()),
                read(row.resources()),
                row.discoveredAt(),
                row.createdAt(),
                row.updatedAt(),
                toolRows == null
                        ? null
                        : toolRows.stream().map(this::toResponse).toList());
    }

    private ToolResponse toResponse(ToolRow t) {
        boolean callable = t.removedAt() == null
                && t.serverEnabled()
                && "approved".equals(t.approvalState())
                && t.schemaHash().equals(t.approvedHash());
        return new ToolResponse(
                t.id(),
                t.serverId(),
                t.serverName(),
                t.name(),
                t.qualifiedName(),
                t.title(),
                t.description(),
                read(t.inputSchema()),
                t.schemaHash(),
                t.approvalState(),
                callable,
                t.approvedBy(),
                t.approvedAt(),
                t.allowedCallers(),
                t.removedAt(),
                t.createdAt(),
                t.updatedAt());
    }

    private String write(Object value) {
        return json.writeValueAsString(value);
    }

    private Object read(String text) {
        return text == null ? null : json.readValue(text, Object.class);
    }

    private Map<String, Object> readMap(String text) {
        return json.readValue(text, new TypeReference<Map<String, Object>>() {});
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
