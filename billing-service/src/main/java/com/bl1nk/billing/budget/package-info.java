/**
 * Budgets per tenant, API key or agent over daily/monthly/total UTC periods, and their counters: the only code that
 * moves money into "reserved" or "spent", with conditional row updates that can never overshoot a hard limit.
 */
package com.bl1nk.billing.budget;
