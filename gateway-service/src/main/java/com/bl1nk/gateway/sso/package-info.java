/**
 * Single sign-on with OpenID Connect: each tenant's provider and its group-to-role mapping (admin API), the
 * authorization-code + PKCE login with a verified ID token, just-in-time users and memberships, and the "SSO only" rule
 * that password login asks {@link com.bl1nk.gateway.sso.SsoPolicy} about.
 */
package com.bl1nk.gateway.sso;
