/** Test tooling: a real OpenID Connect provider on loopback for the gateway's SSO integration tests. */
package com.bl1nk.testoidc;
