/** Wiring only: properties, the SSRF guard, the stdio process quota, MCP session pool and clock. */
package com.bl1nk.mcp.config;
