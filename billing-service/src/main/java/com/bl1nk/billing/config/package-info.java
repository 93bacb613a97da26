/** Wiring only: clock, scheduling, typed properties and the SSRF guard; no billing logic lives here. */
package com.bl1nk.billing.config;
