/**
 * Signed-in people: password login, sessions in Redis (Spring Session) behind an HttpOnly, SameSite=Lax cookie with
 * idle and absolute timeouts, CSRF tokens for cookie-authenticated changes, login throttling, and the session
 * endpoints. A session authenticates like an API key: it becomes an {@code Identity} for the rest of the gateway.
 */
package com.bl1nk.gateway.session;
