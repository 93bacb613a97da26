package com.bl1nk.task.tasks;

import java.util.UUID;

/** Published after a task row and its outbox entry committed, so the queue can relay at once instead of polling. */
public record TaskCreated(UUID taskId, UUID tenantId) {}
