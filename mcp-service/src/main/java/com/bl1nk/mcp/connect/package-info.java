/**
 * Opening sessions to registered MCP servers through the official MCP Java SDK: every HTTP hop passes the SSRF guard,
 * stdio servers run only operator-allowed commands in a clean environment, and pooled sessions have bounded lifetimes.
 */
package com.bl1nk.mcp.connect;
