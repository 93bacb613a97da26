package com.bl1nk.gateway.apikey;

import com.bl1nk.common.identity.Identity;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The order of roles (viewer < developer < admin < owner), to cap a user-owned key at its owner's role. */
public final class KeyRoles {

    private static final List<String> ORDER =
            List.of(Identity.VIEWER, Identity.DEVELOPER, Identity.ADMIN, Identity.OWNER);

    private KeyRoles() {}

    /** Position of {@code role} in the order; -1 for an unknown role. */
    public static int rank(String role) {
        return ORDER.indexOf(role);
    }

    /** The key's roles with every role above {@code ceiling} lowered to it. */
    public static Set<String> cappedAt(List<String> roles, String ceiling) {
        int max = rank(ceiling);
        Set<String> capped = new LinkedHashSet<>();
        for (String role : roles) {
            capped.add(rank(role) > max ? ceiling : role);
        }
        return capped;
    }
}
