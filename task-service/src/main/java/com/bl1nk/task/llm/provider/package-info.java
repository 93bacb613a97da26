/**
 * Model providers: the kinds bl1nk speaks to (OpenAI-compatible HTTP, AWS Bedrock Converse, mock-llm), one client per
 * kind, the platform defaults from configuration and the per-tenant providers managed through {@code /api/v1/providers}.
 */
package com.bl1nk.task.llm.provider;
