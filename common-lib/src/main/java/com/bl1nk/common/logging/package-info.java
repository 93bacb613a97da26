/** Logging defaults shared by every service: structured JSON console logs that carry the trace id from the MDC. */
package com.bl1nk.common.logging;
