/** Audit facts of mcp-service (registrations, approvals, tool calls) published on the shared audit stream. */
package com.bl1nk.mcp.audit;
