package com.bl1nk.common.identity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.util.AntPathMatcher;

/**
 * Which workload may call which operation of this service. The gateway may call every public operation (the caller's
 * roles and scopes decide the rest) and no {@code /internal/**} one; any other workload only the operations listed for
 * it, as {@code "<METHOD> <ant path>"} entries ({@code "POST /internal/v1/reservations/*}{@code /settle"}).
 */
public final class CallerPolicy {

    private static final String INTERNAL = "/internal/**";

    private final Map<String, List<Rule>> rules;
    private final AntPathMatcher matcher = new AntPathMatcher();

    public CallerPolicy(Map<String, List<String>> callers) {
        Map<String, List<Rule>> parsed = new LinkedHashMap<>();
        (callers == null ? Map.<String, List<String>>of() : callers).forEach((caller, entries) -> {
            if (IdentityTokenCodec.GATEWAY.equals(caller)) {
                throw new IllegalArgumentException(
                        "bl1nk.identity.callers.gateway: the gateway needs no list, it may call every public operation");
            }
            List<Rule> list = new ArrayList<>();
            for (String entry : entries) {
                list.add(Rule.parse(caller, entry));
            }
            parsed.put(caller, List.copyOf(list));
        });
        this.rules = Map.copyOf(parsed);
    }

    /** Whether a token issued by {@code issuer} may call {@code method path} here. */
    public boolean allows(String issuer, String method, String path) {
        if (IdentityTokenCodec.GATEWAY.equals(issuer)) {
            return !matcher.match(INTERNAL, path);
        }
        for (Rule rule : rules.getOrDefault(issuer, List.of())) {
            if (rule.method().equals(method.toUpperCase(Locale.ROOT)) && matcher.match(rule.path(), path)) {
                return true;
            }
        }
        return false;
    }

    private record Rule(String method, String path) {
        static Rule parse(String caller, String entry) {
            String[] parts = entry == null ? new String[0] : entry.strip().split("\\s+");
            if (parts.length != 2 || !parts[1].startsWith("/")) {
                throw new IllegalArgumentException("bl1nk.identity.callers." + caller + ": '" + entry
                        + "' is not '<METHOD> <path>' (e.g. 'POST /internal/v1/reservations')");
            }
            return new Rule(parts[0].toUpperCase(Locale.ROOT), parts[1]);
        }
    }
}
