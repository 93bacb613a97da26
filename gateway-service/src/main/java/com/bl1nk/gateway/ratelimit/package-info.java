/** Rate limits at the edge: a Redis token bucket per API key, and per client IP for unauthenticated webhook paths. */
package com.bl1nk.gateway.ratelimit;
