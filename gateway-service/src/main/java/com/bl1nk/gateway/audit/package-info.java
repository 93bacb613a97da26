/**
 * Audit log: the gateway publishes its own actions to {@code bl1nk:audit}, runs the {@code audit-writer} group that
 * stores every service's events exactly once, and lists them per tenant.
 */
package com.bl1nk.gateway.audit;
