package com.bl1nk.cli.args;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed command line: positionals in order and flag values by name.
 *
 * @param positionals the words that are not flags
 * @param flags every flag's values (a switch has the value {@code true})
 */
public record Args(List<String> positionals, Map<String, List<String>> flags) {

    public Args {
        positionals = List.copyOf(positionals);
        flags = Map.copyOf(flags);
    }

    /** The positional at {@code index}, if given. */
    public Optional<String> positional(int index) {
        return index < positionals.size() ? Optional.of(positionals.get(index)) : Optional.empty();
    }

    /** Whether the flag (or switch) was given. */
    public boolean has(String flag) {
        return flags.containsKey(flag);
    }

    /** The flag's value, if given. */
    public Optional<String> value(String flag) {
        List<String> v = flags.get(flag);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.getLast());
    }

    /** Every value of a repeatable flag (comma-separated values are split too), empty when not given. */
    public List<String> values(String flag) {
        List<String> v = flags.get(flag);
        if (v == null) {
            return List.of();
        }
        return v.stream()
                .flatMap(s -> java.util.Arrays.stream(s.split(",")))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** The flag as a whole number within bounds; a usage error naming the flag otherwise. */
    public Optional<Integer> intValue(String flag, int min, int max, String usage) {
        Optional<String> v = value(flag);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            int n = Integer.parseInt(v.get().strip());
            if (n < min || n > max) {
                throw new UsageException("--" + flag + " must be between " + min + " and " + max, usage);
            }
            return Optional.of(n);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + flag + " must be a whole number, not '" + v.get() + "'", usage);
        }
    }

    /** The flag as a decimal number; a usage error naming the flag otherwise. */
    public Optional<BigDecimal> decimalValue(String flag, String usage) {
        Optional<String> v = value(flag);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BigDecimal(v.get().strip()));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + flag + " must be a number, not '" + v.get() + "'", usage);
        }
    }
}
