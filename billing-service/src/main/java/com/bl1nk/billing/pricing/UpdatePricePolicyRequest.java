package com.bl1nk.billing.pricing;

/**
 * Sets a tenant's unpriced-model policy ({@code platform:admin} only: letting unpriced calls through spends platform
 * money unmetered); {@code tenantId} defaults to the caller's tenant.
 */
public record UpdatePricePolicyRequest(Boolean allowUnpricedModels, String tenantId) {}
