/** Client of mcp-service's policy-checked tool execution, owning the shapes task-service reads. */
package com.bl1nk.task.client.mcp;
