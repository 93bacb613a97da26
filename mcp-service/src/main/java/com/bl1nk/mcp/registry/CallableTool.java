package com.bl1nk.mcp.registry;

import com.bl1nk.mcp.connect.ServerEndpoint;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A tool that passed the registry's checks (tenant, approval, server enabled), with what execution needs to run it.
 *
 * @param toolId registry id
 * @param serverId its server
 * @param name the name the server knows it by
 * @param qualifiedName the (possibly namespaced) name agents see
 * @param inputSchema JSON Schema of the arguments
 * @param schemaHash approved definition hash
 * @param allowedCallers empty = any caller with a calling role
 * @param endpoint how to reach the server, credentials decrypted
 */
public record CallableTool(
        UUID toolId,
        UUID serverId,
        String name,
        String qualifiedName,
        Map<String, Object> inputSchema,
        String schemaHash,
        List<String> allowedCallers,
        ServerEndpoint endpoint) {}
