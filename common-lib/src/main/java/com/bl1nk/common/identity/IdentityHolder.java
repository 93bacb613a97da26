package com.bl1nk.common.identity;

import com.bl1nk.common.error.ApiException;
import java.util.Optional;

/**
 * The identity (and the token it arrived with) of the work on the current thread, for code deep below the controller
 * and for outgoing calls, which carry their own service token for it. Bound by the identity filter per request and cleared afterwards; workers bind
 * their own with {@link #bind(Identity, String)}.
 */
public final class IdentityHolder {

    private static final ThreadLocal<Bound> CURRENT = new ThreadLocal<>();

    private IdentityHolder() {}

    /** The current identity; throws 401 {@code unauthenticated} when none is bound. */
    public static Identity current() {
        Bound bound = CURRENT.get();
        if (bound == null) {
            throw ApiException.unauthorized("No identity is bound to this request");
        }
        return bound.identity();
    }

    /** The current identity, if one is bound. */
    public static Optional<Identity> find() {
        Bound bound = CURRENT.get();
        return bound == null ? Optional.empty() : Optional.of(bound.identity());
    }

    /** The token the current identity arrived with (or was minted with), if any. */
    public static Optional<String> currentToken() {
        Bound bound = CURRENT.get();
        return bound == null ? Optional.empty() : Optional.ofNullable(bound.token());
    }

    /** Binds an identity and its token to this thread until the returned scope is closed (restores the previous one). */
    public static Scope bind(Identity identity, String token) {
        Bound previous = CURRENT.get();
        CURRENT.set(new Bound(identity, token));
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /**
     * For workers without an incoming request: binds the identity they act for, so outgoing calls (which mint their
     * own service token for it, {@link ServiceTokenInterceptor}) know the tenant.
     */
    public static Scope bind(Identity identity) {
        return bind(identity, null);
    }

    /** Unbinds whatever is bound to this thread. */
    public static void clear() {
        CURRENT.remove();
    }

    /** Restores the previous binding when closed. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private record Bound(Identity identity, String token) {}
}
