/**
 * Per-tenant quotas: how many MCP servers a tenant may register and how many stdio server processes it may have
 * running at once, so one tenant cannot exhaust the service's database or process table.
 */
package com.bl1nk.mcp.quota;
