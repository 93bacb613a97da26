package com.bl1nk.task.llm;

/**
 * Token counts of one call.
 *
 * @param estimated true when the provider reported nothing and the counts come from the tokenizer
 */
public record Usage(long promptTokens, long completionTokens, long cachedTokens, boolean estimated) {}
