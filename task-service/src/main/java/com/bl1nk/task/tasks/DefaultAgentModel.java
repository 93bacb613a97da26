package com.bl1nk.task.tasks;

/**
 * The model an agent's tasks call when the agent names neither a model nor a routing policy (the loop's
 * {@code bl1nk.task.loop.model.default-model}), so task creation can check it against the caller's model allowlist.
 *
 * @param name the model name the loop requests
 */
public record DefaultAgentModel(String name) {}
