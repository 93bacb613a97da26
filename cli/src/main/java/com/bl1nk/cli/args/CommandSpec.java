package com.bl1nk.cli.args;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one command accepts: its positional arguments (required first, then optional) and flags; parses a command line
 * against it so every command reports the same errors the same way.
 *
 * @param path the command words, e.g. {@code kb upload}
 * @param summary one line saying what it does
 * @param required names of required positional arguments ({@code KB}, {@code DIR})
 * @param optional names of optional positional arguments after the required ones
 * @param flags the command's own flags (the global ones are added by {@link #parse})
 */
public record CommandSpec(String path, String summary, List<String> required, List<String> optional, List<Flag> flags) {

    /** How the user runs the client, as usage lines show it. */
    public static final String PROGRAM = "./bl1nk ";

    /** Flags every command accepts. */
    public static final List<Flag> GLOBAL = List.of(
            Flag.bool("json", "machine-readable JSON on stdout (progress and errors stay on stderr)"),
            Flag.value("url", "URL", "the platform's URL for this call (else BL1NK_URL, else the login)"),
            Flag.bool("help", "show this help"));

    public CommandSpec {
        required = List.copyOf(required);
        optional = List.copyOf(optional);
        flags = List.copyOf(flags);
    }

    /** The one-line usage, e.g. {@code ./bl1nk kb upload KB DIR [--timeout SECONDS] [--json]}. */
    public String usage() {
        StringBuilder line = new StringBuilder(PROGRAM).append(path);
        required.forEach(r -> line.append(' ').append(r));
        optional.forEach(o -> line.append(" [").append(o).append(']'));
        for (Flag f : flags) {
            line.append(" [--").append(f.name());
            if (f.takesValue()) {
                line.append(' ').append(f.value());
            }
            line.append(']');
            if (f.repeatable()) {
                line.append("...");
            }
        }
        return line.append(" [--json]").toString();
    }

    /** Usage, summary and one line per flag. */
    public String help() {
        StringBuilder text = new StringBuilder("usage: ")
                .append(usage())
                .append("\n\n")
                .append(summary)
                .append('\n');
        List<Flag> all = new ArrayList<>(flags);
        all.addAll(GLOBAL);
        text.append("\nflags:\n");
        for (Flag f : all) {
            String name = "--" + f.name() + (f.takesValue() ? " " + f.value() : "");
            text.append(String.format("  %-24s %s%n", name, f.help()));
        }
        return text.toString();
    }

    /**
     * Parses {@code args} (the words after the command path): {@code --flag value}, {@code --flag=value}, switches,
     * positionals in any order, {@code --} ending the flags. Throws {@link UsageException} naming what is wrong.
     */
    public Args parse(List<String> args) {
        Map<String, Flag> known = new LinkedHashMap<>();
        GLOBAL.forEach(f -> known.put(f.name(), f));
        flags.forEach(f -> known.put(f.name(), f));
        known.put("h", GLOBAL.get(2));
        Map<String, List<String>> values = new LinkedHashMap<>();
        List<String> positionals = new ArrayList<>();
        boolean flagsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String word = args.get(i);
            if (flagsEnded || !word.startsWith("-") || word.equals("-")) {
                positionals.add(word);
                continue;
            }
            if (word.equals("--")) {
                flagsEnded = true;
                continue;
            }
            String body = word.startsWith("--") ? word.substring(2) : word.substring(1);
            String inline = null;
            int eq = body.indexOf('=');
            if (eq >= 0) {
                inline = body.substring(eq + 1);
                body = body.substring(0, eq);
            }
            Flag flag = known.get(body);
            if (flag == null) {
                throw new UsageException("unknown flag " + word.split("=", 2)[0], usage());
            }
            String name = flag.name();
            String value;
            if (flag.takesValue()) {
                if (inline != null) {
                    value = inline;
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageException("flag --" + name + " needs a value (" + flag.value() + ")", usage());
                }
            } else {
                if (inline != null) {
                    throw new UsageException("flag --" + name + " takes no value", usage());
                }
                value = "true";
            }
            List<String> seen = values.computeIfAbsent(name, n -> new ArrayList<>());
            if (!seen.isEmpty() && !flag.repeatable() && flag.takesValue()) {
                throw new UsageException("flag --" + name + " given twice", usage());
            }
            seen.add(value);
        }
        Args parsed = new Args(positionals, values);
        if (parsed.has("help")) {
            return parsed;
        }
        if (positionals.size() < required.size()) {
            throw new UsageException("missing argument " + required.get(positionals.size()), usage());
        }
        if (positionals.size() > required.size() + optional.size()) {
            throw new UsageException(
                    "unexpected argument '" + positionals.get(required.size() + optional.size()) + "'", usage());
        }
        return parsed;
    }
}
