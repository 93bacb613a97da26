/** Wiring only: properties, the SSRF guard, MCP session pool and clock. */
package com.bl1nk.mcp.config;
