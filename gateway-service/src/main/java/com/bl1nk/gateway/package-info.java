/**
 * bl1nk gateway: the edge every client request passes (trace, CORS, body limits, API-key auth, rate limits, routing)
 * and the control plane for tenants, API keys and the audit log.
 */
package com.bl1nk.gateway;
