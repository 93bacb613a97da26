package com.bl1nk.common.identity;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.error.CommonErrorCode;
import java.util.List;

/** The one check behind {@link Requires}, for servlet services and the reactive gateway alike. */
public final class Authorization {

    private Authorization() {}

    /** Throws the 401 or 403 that {@code identity} gets for an endpoint requiring {@code permission}. */
    public static void check(Permission permission, Identity identity, String issuer) {
        if (permission.heldBy(identity, issuer)) {
            return;
        }
        if (identity == null && permission.kind() != Permission.Kind.INTERNAL) {
            throw ApiException.unauthorized("This operation needs an identity");
        }
        switch (permission.kind()) {
            case INTERNAL ->
                throw ApiException.of(CommonErrorCode.CALLER_NOT_ALLOWED, "This operation is internal to bl1nk");
            case PLATFORM ->
                throw ApiException.of(
                        CommonErrorCode.MISSING_SCOPE, "This operation requires scope " + permission.scope());
            case ROLE -> {
                if (!permission.hasRole(identity)) {
                    throw ApiException.of(
                            CommonErrorCode.MISSING_ROLE,
                            "This operation (" + permission.scope() + ") requires role "
                                    + String.join(" or ", sorted(permission)));
                }
                throw ApiException.of(
                        CommonErrorCode.MISSING_SCOPE, "This API key's scopes do not include " + permission.scope());
            }
            case OPEN -> {
                // held by everyone
            }
        }
    }

    /**
     * The same check inside a service: a second gate behind a handler's {@link Requires}, or an entry point that has no
     * handler. Not for {@link Permission#INTERNAL}, which is about the calling service, not the caller.
     */
    public static void check(Permission permission, Identity identity) {
        if (permission.kind() == Permission.Kind.INTERNAL) {
            throw new IllegalArgumentException("INTERNAL is checked on the calling service's token, at the handler");
        }
        check(permission, identity, null);
    }

    /**
     * Only the permission's roles, not the key's scopes: for work a caller started under another permission (the tool
     * calls of a task created with {@code tasks:write}), which must still be beyond a weaker role.
     */
    public static void checkRole(Permission permission, Identity identity) {
        if (permission.kind() != Permission.Kind.ROLE) {
            throw new IllegalArgumentException(permission + " is not held by role");
        }
        if (identity == null) {
            throw ApiException.unauthorized("This operation needs an identity");
        }
        if (!permission.hasRole(identity)) {
            throw ApiException.of(
                    CommonErrorCode.MISSING_ROLE,
                    "This operation (" + permission.scope() + ") requires role "
                            + String.join(" or ", sorted(permission)));
        }
    }

    private static List<String> sorted(Permission permission) {
        List<String> order = List.of(Identity.OWNER, Identity.ADMIN, Identity.DEVELOPER, Identity.VIEWER);
        return order.stream().filter(permission.roles()::contains).toList();
    }
}
