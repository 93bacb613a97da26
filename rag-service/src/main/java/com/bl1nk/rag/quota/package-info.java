/**
 * Per-tenant quotas: stored document bytes per tenant, knowledge bases per tenant and documents per knowledge base.
 * Checks run inside the writing transaction after {@link com.bl1nk.rag.quota.TenantQuotas#lock} serialises the
 * tenant's writes, so concurrent uploads cannot together overshoot a limit.
 */
package com.bl1nk.rag.quota;
