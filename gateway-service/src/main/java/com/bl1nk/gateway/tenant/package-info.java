/** Tenants: the unit of isolation. Platform admins create them; a key sees only its own tenant. */
package com.bl1nk.gateway.tenant;
