/**
 * The OpenAI-compatible API ({@code POST /v1/chat/completions}, {@code GET /v1/models}) so any OpenAI SDK works against
 * bl1nk; errors on these paths use OpenAI's error JSON instead of problem+json.
 */
package com.bl1nk.task.llm.openai;
