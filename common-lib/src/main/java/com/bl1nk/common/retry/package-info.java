/** Retry timing shared by every outbound client: jittered exponential backoff and {@code Retry-After} parsing. */
package com.bl1nk.common.retry;
