/**
 * task-service's task API as other services call it: mcp-service's task client creates tasks with
 * {@code POST /api/v1/tasks}.
 */
package com.bl1nk.contracts.task;
