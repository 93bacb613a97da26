package com.bl1nk.task.llm;

/**
 * Which provider and model answered, for the response headers and the usage event.
 *
 * @param provider provider name
 * @param model the model id as clients know it
 * @param upstreamModel the id sent to the provider
 */
public record ServedBy(String provider, String model, String upstreamModel) {}
