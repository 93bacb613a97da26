package com.bl1nk.billing.pricing;

/** The tenant's pricing policy: whether calls to models missing from the price book are let through (and flagged). */
public record PricePolicy(Boolean allowUnpricedModels) {}
