/**
 * {@code Idempotency-Key} handling for creating POSTs, backed by each service's own {@code idempotency_keys} table, so
 * retries and concurrent duplicates have exactly one effect.
 */
package com.bl1nk.common.idempotency;
