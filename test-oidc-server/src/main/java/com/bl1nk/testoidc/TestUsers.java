package com.bl1nk.testoidc;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/** The provider's people, changeable while it runs, so a test can move a user to another group between two logins. */
@Component
public class TestUsers implements UserDetailsService {

    /**
     * One person at the provider and what its ID tokens say about them.
     *
     * @param password login password
     * @param email {@code email} claim, or null for none
     * @param emailVerified {@code email_verified} claim
     * @param name {@code name} claim, or null
     * @param groups {@code groups} claim
     * @param idTokenAudience when set, the {@code aud} of this user's ID tokens (to play a token meant for another
     *     client)
     * @param idTokenExpired when true, this user's ID tokens are already expired when issued
     */
    public record TestUser(
            String password,
            String email,
            Boolean emailVerified,
            String name,
            List<String> groups,
            String idTokenAudience,
            Boolean idTokenExpired) {

        public TestUser {
            groups = groups == null ? List.of() : List.copyOf(groups);
        }
    }

    private final Map<String, TestUser> users = new ConcurrentHashMap<>();

    void put(String username, TestUser user) {
        users.put(username, user);
    }

    Optional<TestUser> find(String username) {
        return Optional.ofNullable(users.get(username));
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        TestUser user = users.get(username);
        if (user == null) {
            throw new UsernameNotFoundException(username);
        }
        return User.withUsername(username)
                .password("{noop}" + user.password())
                .roles("USER")
                .build();
    }

    /** When an expired token expired: an hour after it was issued. */
    static Instant expiredAt(Instant issuedAt) {
        return issuedAt.plusSeconds(3600);
    }
}
