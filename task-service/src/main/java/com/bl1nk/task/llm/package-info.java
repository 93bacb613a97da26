/**
 * The model layer: every LLM call in the platform goes through here, so routing, retries, failover, budgets and
 * metering happen in one place. Subpackages: {@code provider} (provider kinds, clients, admin API), {@code routing}
 * (catalog, policies, live health), {@code call} (the retry/failover engine), {@code openai} (the OpenAI-compatible
 * API) and {@code usage} (metering events).
 */
package com.bl1nk.task.llm;
