/**
 * bl1nk's own MCP server at {@code /mcp} (Streamable HTTP, via the Spring AI MCP server starter on the official SDK):
 * tenant-scoped tools backed by rag-service and task-service, called with the MCP client's own identity.
 */
package com.bl1nk.mcp.endpoint;
