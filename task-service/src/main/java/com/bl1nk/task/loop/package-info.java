/**
 * The agent loop: retrieval, model call, tool calls and delegation, repeated until a final answer or a limit, with every
 * step persisted before the loop moves on so a reclaimed task resumes from its last completed step. Each step is its own
 * package-private class returning a {@code StepResult} (continue, or end with a {@link LoopOutcome}); only
 * {@link AgentLoop} with its outcomes and failures, and the model seam ({@link ModelGateway}), are the package's API.
 */
package com.bl1nk.task.loop;
