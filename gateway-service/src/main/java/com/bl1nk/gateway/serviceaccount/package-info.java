/**
 * Service accounts: non-human principals of a tenant that own API keys (CI, backends), so machine keys survive the
 * people who created them; disabling one stops all its keys at once.
 */
package com.bl1nk.gateway.serviceaccount;
