/**
 * The model layer: every LLM call in the platform goes through here, so routing, retries, failover, budgets and
 * metering happen in one place. This package is its API, the only part other features may use: {@link
 * com.bl1nk.task.llm.ModelCalls} and the records it takes and returns. Its subpackages are internals, each wiring its
 * own beans: {@code provider} (provider kinds, clients, admin API), {@code routing} (catalog, policies, live health),
 * {@code call} (the retry/failover engine behind the facade), {@code openai} (the OpenAI-compatible API) and {@code
 * usage} (metering events).
 */
package com.bl1nk.task.llm;
