/**
 * Shared integration-test fixtures: a throwaway migrated database and a Redis key prefix per run, the
 * {@link com.bl1nk.testsupport.Bl1nkIntegrationTest} annotation, identities for tenants A and B, and assertions for
 * problems and tenant isolation.
 */
package com.bl1nk.testsupport;
