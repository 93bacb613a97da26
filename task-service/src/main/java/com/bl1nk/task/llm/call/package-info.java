/**
 * The one retry layer every model call goes through: budget reservation first, then candidates in routing order with
 * retries (exponential backoff with jitter, {@code Retry-After} honoured), per provider+model circuit breakers,
 * invisible failover before the first token, an error event after it, and exactly one usage event per call.
 */
package com.bl1nk.task.llm.call;
