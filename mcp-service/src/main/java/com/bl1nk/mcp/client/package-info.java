/** Outbound HTTP clients of mcp-service, one sub-package per downstream service, each owning its DTOs. */
package com.bl1nk.mcp.client;
