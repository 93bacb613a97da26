/**
 * One error model for every service: {@link com.bl1nk.common.error.ApiException} factories, RFC 9457 problem bodies
 * with stable {@code https://bl1nk.dev/problems/<code>} types and the trace id, and handlers for Spring MVC and WebFlux.
 */
package com.bl1nk.common.error;
