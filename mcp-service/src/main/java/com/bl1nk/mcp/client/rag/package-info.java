/** Client of rag-service's retrieval API, used by the {@code search_knowledge_base} MCP tool. */
package com.bl1nk.mcp.client.rag;
