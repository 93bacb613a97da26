package com.bl1nk.cli;

import com.bl1nk.cli.agent.AgentCommands;
import com.bl1nk.cli.api.ApiError;
import com.bl1nk.cli.apikey.ApiKeyCommands;
import com.bl1nk.cli.args.Args;
import com.bl1nk.cli.args.CommandSpec;
import com.bl1nk.cli.args.UsageException;
import com.bl1nk.cli.config.ConfigStore;
import com.bl1nk.cli.knowledge.KnowledgeBaseCommands;
import com.bl1nk.cli.login.LoginCommands;
import com.bl1nk.cli.task.TaskCommands;
import com.bl1nk.cli.usage.UsageCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The client's dispatcher: finds the command named by the first words, parses the rest against its spec, runs it and
 * turns every failure into one {@code error:} line and an exit code (1 for API errors, 2 for usage errors).
 */
public final class Cli {

    /** The client's version, as {@code bl1nk version} prints it. */
    public static final String VERSION = "0.1.0";

    private final Io io;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, Command> commands = new LinkedHashMap<>();

    public Cli(Io io) {
        this.io = io;
        List<Command> all = new ArrayList<>();
        all.addAll(LoginCommands.all());
        all.addAll(AgentCommands.all());
        all.addAll(KnowledgeBaseCommands.all());
        all.addAll(TaskCommands.all());
        all.addAll(ApiKeyCommands.all());
        all.add(new UsageCommand());
        all.forEach(c -> commands.put(c.spec().path(), c));
    }

    /** Runs one command line and returns its exit code. */
    public int run(String... argv) {
        List<String> words = Arrays.asList(argv);
        if (words.isEmpty() || List.of("help", "--help", "-h").contains(words.getFirst())) {
            if (words.size() > 1) { // `help kb upload` is `kb upload --help`
                List<String> asHelp = new ArrayList<>(words.subList(1, words.size()));
                asHelp.add("--help");
                return run(asHelp.toArray(String[]::new));
            }
            io.out().print(overview());
            return ExitCodes.OK;
        }
        String group = words.getFirst();
        if (isGroup(group) && (words.size() == 1 || List.of("--help", "-h").contains(words.get(1)))) {
            boolean asked = words.size() > 1;
            (asked ? io.out() : io.err()).print(groupHelp(group));
            return asked ? ExitCodes.OK : ExitCodes.USAGE;
        }
        if (List.of("version", "--version").contains(words.getFirst())) {
            io.out().println("bl1nk-cli " + VERSION);
            return ExitCodes.OK;
        }
        Command command = null;
        int used = 0;
        for (int n = Math.min(2, words.size()); n >= 1 && command == null; n--) {
            command = commands.get(String.join(" ", words.subList(0, n)));
            used = n;
        }
        if (command == null) {
            return usageError(unknownCommand(words), groupUsage(words.getFirst()));
        }
        CommandSpec spec = command.spec();
        try {
            Args args = spec.parse(words.subList(used, words.size()));
            if (args.has("help")) {
                io.out().print(spec.help());
                return ExitCodes.OK;
            }
            Context context =
                    new Context(io, json, new ConfigStore(ConfigStore.fileFor(io.env()), io.env(), json), args, spec);
            return command.run(context, args);
        } catch (UsageException e) {
            return usageError(e.getMessage(), e.usage());
        } catch (ApiError e) {
            PrintStream err = io.err();
            err.println("error: " + e.getMessage());
            if (e.traceId() != null) {
                err.println("       trace id: " + e.traceId());
            }
            return ExitCodes.API_ERROR;
        } catch (IOException | UncheckedIOException e) {
            io.err().println("error: " + e.getMessage());
            return ExitCodes.API_ERROR;
        }
    }

    private int usageError(String message, String usage) {
        io.err().println("error: " + message);
        io.err().println("usage: " + usage);
        return ExitCodes.USAGE;
    }

    private boolean isGroup(String word) {
        return commands.keySet().stream().anyMatch(p -> p.startsWith(word + " "));
    }

    private String unknownCommand(List<String> words) {
        String group = words.getFirst();
        if (isGroup(group)) {
            return "unknown subcommand '" + words.get(1) + "' for '" + group + "'";
        }
        return "unknown command '" + group + "' (./bl1nk help lists them)";
    }

    private String groupHelp(String group) {
        StringBuilder text = new StringBuilder("usage: " + groupUsage(group) + "\n\n");
        commands.values().stream()
                .filter(c -> c.spec().path().startsWith(group + " "))
                .forEach(c -> text.append("  ")
                        .append(c.spec().usage())
                        .append("\n      ")
                        .append(c.spec().summary())
                        .append('\n'));
        return text.toString();
    }

    private String groupUsage(String group) {
        List<String> subs = commands.keySet().stream()
                .filter(p -> p.startsWith(group + " "))
                .map(p -> p.substring(group.length() + 1))
                .toList();
        if (subs.isEmpty()) {
            return "./bl1nk <command> [args] [--json] (./bl1nk help)";
        }
        return CommandSpec.PROGRAM + group + " " + String.join("|", subs) + " ... (" + CommandSpec.PROGRAM + group
                + " <subcommand> --help)";
    }

    private String overview() {
        StringBuilder text = new StringBuilder("""
                bl1nk: command-line client of the bl1nk API (./bl1nk <command>, or ./bl1nk cli <command>)

                commands:
                """);
        for (Command c : commands.values()) {
            text.append(String.format("  %-16s %s%n", c.spec().path(), c.spec().summary()));
        }
        text.append("""

                Every command takes --json (only JSON on stdout) and --help. The URL and key come from
                BL1NK_URL / BL1NK_API_KEY, else from `bl1nk login` (~/.config/bl1nk/config.json, mode 600).
                Exit codes: 0 ok, 1 API error, 2 usage error, 3 failed, 4 timed out, 5 cancelled, 130 detached.
                """);
        return text.toString();
    }
}
