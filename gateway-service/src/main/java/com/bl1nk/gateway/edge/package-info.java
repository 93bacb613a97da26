/**
 * Edge guards every request passes first: trace id in and out, CORS, no dot-segments or encoded separators in the
 * path, body size limit. They run before authentication so even rejected requests are traced and bounded.
 */
package com.bl1nk.gateway.edge;
