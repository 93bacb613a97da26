package com.bl1nk.gateway.people;

import com.bl1nk.common.identity.Identity;
import java.util.Collection;
import java.util.List;

/** The tenant roles in order of power, for "not above your own" and "only an owner" rules. */
public final class Roles {

    /** Every role, strongest first. */
    public static final List<String> ALL = List.of(Identity.OWNER, Identity.ADMIN, Identity.DEVELOPER, Identity.VIEWER);

    private Roles() {}

    /** Whether {@code role} is one of {@link #ALL}. */
    public static boolean known(String role) {
        return role != null && ALL.contains(role);
    }

    /** 4 for owner down to 1 for viewer, 0 for anything else. */
    public static int rank(String role) {
        int index = role == null ? -1 : ALL.indexOf(role);
        return index < 0 ? 0 : ALL.size() - index;
    }

    /** The rank of the strongest of {@code roles}. */
    public static int highest(Collection<String> roles) {
        return roles.stream().mapToInt(Roles::rank).max().orElse(0);
    }
}
