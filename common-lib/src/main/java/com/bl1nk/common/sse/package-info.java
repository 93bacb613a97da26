/** Server-sent event streams for Spring MVC with an immediate first write, heartbeats and cleanup. */
package com.bl1nk.common.sse;
