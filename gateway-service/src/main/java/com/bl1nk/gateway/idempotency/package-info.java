/** Idempotency-Key handling for the gateway's creating POSTs, as a reactive adapter over blocking JDBC. */
package com.bl1nk.gateway.idempotency;
