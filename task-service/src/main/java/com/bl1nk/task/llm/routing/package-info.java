/**
 * Which provider+model serves a call: the model catalog (declared models joined with billing's price book), the
 * routing policies tenants name in {@code model}, and the live health (latency, error rate, one circuit breaker per
 * provider+model) the {@code fastest} policy and failover use.
 */
package com.bl1nk.task.llm.routing;
