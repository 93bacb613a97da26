/**
 * The usage ledger: consumes {@code ModelCallMetered} events from {@code bl1nk:usage} (once per event id), prices
 * each call from the price book at the moment it happened, charges budgets, and answers usage reports.
 */
package com.bl1nk.billing.usage;
