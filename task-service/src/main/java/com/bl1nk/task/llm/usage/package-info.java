/**
 * Metering of model calls: token counts (provider-reported, or estimated with a tokenizer and flagged) and the one
 * {@code ModelCallMetered} event per call on {@code bl1nk:usage} that billing consumes idempotently by event id.
 */
package com.bl1nk.task.llm.usage;
