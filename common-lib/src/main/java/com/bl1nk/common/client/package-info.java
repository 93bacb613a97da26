/**
 * Service-to-service HTTP clients built one way: timeouts, the caller's own service token, trace propagation and a
 * circuit breaker per downstream, so every client in every service fails and recovers alike.
 */
package com.bl1nk.common.client;
