/**
 * rag-service's retrieval, {@code POST /api/v1/knowledge-bases/{id}/query}: called by API clients, by task-service for
 * an agent's grounding, and by mcp-service's {@code search_knowledge_base} tool.
 */
package com.bl1nk.contracts.rag;
