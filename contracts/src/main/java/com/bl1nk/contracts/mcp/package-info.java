/**
 * mcp-service's internal tool execution, {@code POST /internal/v1/mcp/tools/{id}/call} and
 * {@code .../tools/by-name/{qualifiedName}/call}: task-service's MCP client calls it for agents.
 */
package com.bl1nk.contracts.mcp;
