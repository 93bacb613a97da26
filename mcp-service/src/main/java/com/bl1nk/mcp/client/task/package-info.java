/** Client of task-service's task API, used by the {@code run_agent_task} and {@code get_task_result} MCP tools. */
package com.bl1nk.mcp.client.task;
