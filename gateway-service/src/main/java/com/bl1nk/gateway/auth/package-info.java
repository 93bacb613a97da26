/**
 * Authentication at the edge: API keys become a verified {@code Identity} and a freshly minted identity token for the
 * services; client-sent internal headers never pass.
 */
package com.bl1nk.gateway.auth;
