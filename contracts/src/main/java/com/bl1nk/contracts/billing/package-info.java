/**
 * billing-service's internal API: {@code /internal/v1/reservations} (reserve, settle, release) around every model call
 * and {@code /internal/v1/prices} for task-service's model catalog; called by task-service's billing client.
 */
package com.bl1nk.contracts.billing;
