/**
 * The price book: versioned per provider+model prices (a change adds a version, never rewrites one), the tenant's
 * unpriced-model policy, and the cost of a call priced by the version effective when it happened.
 */
package com.bl1nk.billing.pricing;
