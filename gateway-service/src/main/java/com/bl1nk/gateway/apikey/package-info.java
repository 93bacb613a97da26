/**
 * API keys: issue (secret shown once, only its hash stored), list, revoke, and the cached prefix lookup that
 * authentication uses on every request.
 */
package com.bl1nk.gateway.apikey;
