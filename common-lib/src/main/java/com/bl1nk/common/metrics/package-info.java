/**
 * Operational metrics every service shares: Redis Streams depth, pending, lag and dead letters per consumed stream,
 * seconds until the workload signing key is due for rotation, SLO buckets for HTTP latency, and the cached sampling
 * that keeps gauges backed by Redis or SQL cheap at scrape time.
 */
package com.bl1nk.common.metrics;
