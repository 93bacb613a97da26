package com.bl1nk.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The process's streams and environment, passed in so tests run the client in-process with captured output.
 *
 * @param out the command's result (tables, answers, JSON)
 * @param err progress, event lines and errors
 * @param in where {@code --key -} reads a key from
 * @param env the environment ({@code BL1NK_URL}, {@code BL1NK_API_KEY}, {@code HOME}, ...)
 * @param tty whether stderr is a terminal (progress bars are redrawn in place only then)
 * @param columns the terminal's width
 */
public record Io(PrintStream out, PrintStream err, InputStream in, Map<String, String> env, boolean tty, int columns) {

    public Io {
        env = Map.copyOf(env);
        columns = Math.max(40, Math.min(columns, 300));
    }

    /** The real process: {@code BL1NK_CLI_TTY} (set by {@code ./bl1nk} from {@code [ -t 2 ]}) says if it is a terminal. */
    public static Io system() {
        Map<String, String> env = System.getenv();
        return new Io(
                new PrintStream(System.out, true, StandardCharsets.UTF_8),
                new PrintStream(System.err, true, StandardCharsets.UTF_8),
                System.in,
                env,
                isTerminal(env),
                columns(env));
    }

    static boolean isTerminal(Map<String, String> env) {
        String forced = env.get("BL1NK_CLI_TTY");
        if (forced != null && !forced.isBlank()) {
            return forced.strip().equals("1") || forced.strip().equalsIgnoreCase("true");
        }
        if ("dumb".equals(env.get("TERM"))) {
            return false;
        }
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // JDK 22+ returns a console even when redirected; isTerminal() tells the truth there
            Method isTerminal = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only for a terminal
        }
    }

    static int columns(Map<String, String> env) {
        try {
            return Integer.parseInt(env.getOrDefault("COLUMNS", "100").strip());
        } catch (NumberFormatException e) {
            return 100;
        }
    }
}
