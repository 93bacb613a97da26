/**
 * The per-tenant registry of MCP servers and the tools they offer: registration (credentials encrypted), discovery
 * with change detection and approval, and name-spacing of duplicate tool names.
 */
package com.bl1nk.mcp.registry;
