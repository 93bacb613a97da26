/**
 * Policy-checked tool execution: tenant, caller and argument checks in that order, then the call with a timeout and
 * an output cap, results normalised into content blocks, and every call audited by argument shape only.
 */
package com.bl1nk.mcp.execution;
