/**
 * HTTP client of billing-service's internal API (reservations and the price book), owning its own DTOs as the contract
 * in docs/dev/CONTRACTS.md describes them.
 */
package com.bl1nk.task.client.billing;
