package com.bl1nk.testsupport;

import java.util.UUID;

/** Two fixed tenants, so every test can show that tenant B never sees tenant A's data. */
public final class TestTenants {

    /** The tenant that owns the data in a test. */
    public static final UUID TENANT_A = UUID.fromString("aaaaaaaa-0000-4000-8000-00000000000a");

    /** The other tenant, which must see 404s for tenant A's resources. */
    public static final UUID TENANT_B = UUID.fromString("bbbbbbbb-0000-4000-8000-00000000000b");

    private TestTenants() {}
}
