/**
 * Redis Streams transport: prefixed key names, a publisher writing the common envelope, and a consumer-group worker with
 * bounded concurrency, reclaiming of stale entries, dead-lettering and trace propagation.
 */
package com.bl1nk.common.stream;
