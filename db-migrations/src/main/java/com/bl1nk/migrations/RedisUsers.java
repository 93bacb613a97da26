package com.bl1nk.migrations;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One Redis ACL user per service, limited to the keys and streams it uses and to ordinary commands (no
 * {@code @dangerous} ones: no FLUSHALL, KEYS, CONFIG, DEBUG...). The gateway alone reads and writes its API-key cache and
 * rate-limit buckets and consumes the audit stream; every other service may only append to the streams it produces
 * (XADD alone, through a selector), so none can read another's data or delete or trim what another consumes. Idempotent: each run resets the
 * users to these rules.
 */
public final class RedisUsers {

    private static final Pattern SAFE_PASSWORD = Pattern.compile("[A-Za-z0-9+/=_.~-]{16,200}");

    private RedisUsers() {}

    /** Workload → ACL key rules, relative to the key prefix. */
    static Map<String, List<String>> rules() {
        Map<String, List<String>> rules = new LinkedHashMap<>();
        rules.put("gateway", List.of("~bl1nk:gateway:*", "~bl1nk:audit", "~bl1nk:audit:dead"));
        rules.put(
                "task",
                List.of(
                        "~bl1nk:tasks",
                        "~bl1nk:tasks:dead",
                        "~bl1nk:task-events:*",
                        "%W~bl1nk:usage",
                        "%W~bl1nk:audit"));
        rules.put("rag", List.of("~bl1nk:ingest", "~bl1nk:ingest:dead", "%W~bl1nk:usage", "%W~bl1nk:audit"));
        rules.put("mcp", List.of("%W~bl1nk:audit"));
        rules.put("billing", List.of("~bl1nk:usage", "~bl1nk:usage:dead", "%W~bl1nk:audit"));
        return rules;
    }

    /** The ACL user of {@code workload} for keys under {@code prefix} ({@code bl1nk_<workload>[_<prefix>]}). */
    public static String userOf(String workload, String prefix) {
        String suffix = prefix == null || prefix.isEmpty()
                ? ""
                : "_"
                        + prefix.toLowerCase(Locale.ROOT)
                                .replaceAll("[^a-z0-9]+", "-")
                                .replaceAll("^-|-$", "");
        return "bl1nk_" + workload + suffix;
    }

    /**
     * Creates or resets every service's user.
     *
     * @param adminPassword password of the connecting (default) user, or empty
     * @param passwords workload → the password its user logs in with (required for every workload)
     * @return one line per user
     */
    public static List<String> apply(
            String host, int port, String adminPassword, String prefix, Map<String, String> passwords)
            throws IOException {
        String keyPrefix = prefix == null ? "" : prefix;
        List<String> report = new ArrayList<>();
        try (Resp redis = Resp.connect(host, port)) {
            if (adminPassword != null && !adminPassword.isEmpty()) {
                redis.call("AUTH", adminPassword);
            }
            for (Map.Entry<String, List<String>> entry : rules().entrySet()) {
                String password = passwords.get(entry.getKey());
                if (password == null || !SAFE_PASSWORD.matcher(password).matches()) {
                    throw new IllegalArgumentException("the Redis password of " + entry.getKey()
                            + " must be 16 to 200 characters of letters, digits and + / = _ . ~ -");
                }
                List<String> command = new ArrayList<>(List.of(
                        "ACL",
                        "SETUSER",
                        userOf(entry.getKey(), keyPrefix),
                        "reset",
                        "on",
                        ">" + password,
                        "resetchannels",
                        "+@all",
                        "-@dangerous",
                        "+info",
                        // listing key names would show API key prefixes and client addresses
                        "-scan",
                        "-randomkey"));
                for (String rule : entry.getValue()) {
                    int tilde = rule.indexOf('~');
                    String pattern = rule.substring(0, tilde + 1) + glob(keyPrefix) + rule.substring(tilde + 1);
                    // a stream another service consumes: XADD only (a selector), not every write (DEL, XTRIM, XDEL...)
                    command.add(rule.startsWith("%W~") ? "(" + pattern + " -@all +xadd)" : pattern);
                }
                redis.call(command.toArray(String[]::new));
                report.add(userOf(entry.getKey(), keyPrefix) + ": " + String.join(" ", entry.getValue()));
            }
        }
        return report;
    }

    /** Removes the users of {@code prefix} (tests). */
    public static void remove(String host, int port, String prefix) throws IOException {
        try (Resp redis = Resp.connect(host, port)) {
            for (String workload : rules().keySet()) {
                redis.call("ACL", "DELUSER", userOf(workload, prefix));
            }
        }
    }

    /** Escapes glob characters of the prefix itself. */
    private static String glob(String prefix) {
        return prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }

    /** The few RESP2 calls this needs, over a plain socket. */
    static final class Resp implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        private Resp(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.in = new BufferedInputStream(socket.getInputStream());
        }

        static Resp connect(String host, int port) throws IOException {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(10_000);
            return new Resp(socket);
        }

        /** Sends a command; returns the simple or bulk reply; throws on an error reply. */
        String call(String... args) throws IOException {
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String arg : args) {
                byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                request.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                request.write(bytes);
                request.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write(request.toByteArray());
            out.flush();
            return reply();
        }

        private String reply() throws IOException {
            int type = in.read();
            String line = line();
            switch (type) {
                case '+', ':' -> {
                    return line;
                }
                case '-' -> throw new IOException("Redis refused: " + line);
                case '$' -> {
                    int length = Integer.parseInt(line);
                    if (length < 0) {
                        return null;
                    }
                    byte[] bytes = in.readNBytes(length + 2);
                    return new String(bytes, 0, length, StandardCharsets.UTF_8);
                }
                case '*' -> {
                    int n = Integer.parseInt(line);
                    StringBuilder all = new StringBuilder();
                    for (int i = 0; i < n; i++) {
                        all.append(reply()).append('\n');
                    }
                    return all.toString();
                }
                default -> throw new IOException("unexpected Redis reply type " + type);
            }
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\r') {
                    in.read();
                    break;
                }
                line.append((char) c);
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
