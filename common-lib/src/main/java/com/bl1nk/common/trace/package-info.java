/**
 * W3C trace context propagation: parse and create {@code traceparent}, keep the current trace on the thread and in the
 * logging MDC, and carry it over HTTP (filters, RestClient interceptor) and Redis stream messages.
 */
package com.bl1nk.common.trace;
