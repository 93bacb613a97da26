/**
 * Budget threshold alerts: each crossing (recorded once per threshold per period by the budget counters) is
 * published as an audit event and posted to the tenant's webhook, signed per Standard Webhooks, SSRF-checked.
 */
package com.bl1nk.billing.alert;
