package com.bl1nk.gateway.platform;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

/**
 * The official client SDKs and the MCP reference server, pinned in {@code src/test/node/package.json} (+ lock), installed
 * once into {@code target/node-e2e} with the machine's npm (kept between runs while the pins are unchanged) and run with
 * the machine's Node.
 */
final class NodeE2e {

    static final Path SOURCES = Path.of("src", "test", "node").toAbsolutePath();
    static final Path DIR = Path.of("target", "node-e2e").toAbsolutePath();
    private static final List<String> FILES =
            List.of("package.json", "package-lock.json", "openai-client.mjs", "mcp-client.mjs");
    private static boolean ready;

    private NodeE2e() {}

    /** Installs the pinned packages unless the same pins are already installed; copies the scripts every time. */
    static synchronized Path ensureInstalled() {
        if (ready) {
            return DIR;
        }
        try {
            Files.createDirectories(DIR);
            for (String file : FILES) {
                Files.copy(SOURCES.resolve(file), DIR.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
            String pins = fingerprint(SOURCES.resolve("package.json"), SOURCES.resolve("package-lock.json"));
            Path stamp = DIR.resolve(".installed");
            boolean current = Files.isDirectory(DIR.resolve("node_modules"))
                    && Files.exists(stamp)
                    && Files.readString(stamp).strip().equals(pins);
            if (!current) {
                run(Duration.ofMinutes(5), Map.of(), "npm", "install", "--no-audit", "--no-fund", "--ignore-scripts");
                Files.writeString(stamp, pins);
            }
            ready = true;
            return DIR;
        } catch (IOException e) {
            throw new IllegalStateException("Could not prepare the node packages in " + DIR, e);
        }
    }

    /** Runs one of our scripts with extra environment variables and parses the one JSON line it prints last. */
    static JsonNode script(String script, Map<String, String> env) {
        ensureInstalled();
        String output =
                run(Duration.ofSeconds(120), env, "node", DIR.resolve(script).toString());
        String[] lines = output.strip().split("\n");
        String last = lines[lines.length - 1];
        try {
            return PlatformApi.JSON.readTree(last);
        } catch (RuntimeException e) {
            throw new IllegalStateException(script + " printed no JSON result:\n" + output, e);
        }
    }

    /**
     * Starts {@code @modelcontextprotocol/server-everything} over Streamable HTTP on a free loopback port and waits
     * until it accepts connections; the caller destroys the process.
     */
    static Server startEverythingHttp() {
        ensureInstalled();
        int port = freePort();
        Path entry = DIR.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
        ProcessBuilder builder = new ProcessBuilder("node", entry.toString(), "streamableHttp")
                .directory(DIR.toFile())
                .redirectErrorStream(true)
                .redirectOutput(DIR.resolve("everything-http-" + port + ".log").toFile());
        builder.environment().put("PORT", Integer.toString(port));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Could not start node", e);
        }
        Awaitility.await("MCP reference server on port " + port)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> accepts(port) || !process.isAlive());
        if (!process.isAlive()) {
            throw new IllegalStateException("The reference server exited; see " + DIR + "/everything-http-*.log");
        }
        return new Server(process, port);
    }

    /** A running reference server. */
    record Server(Process process, int port) implements AutoCloseable {
        String url() {
            return "http://127.0.0.1:" + port + "/mcp";
        }

        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String fingerprint(Path... files) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path f : files) {
                sha.update(Files.readAllBytes(f));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String run(Duration timeout, Map<String, String> env, String... command) {
        List<String> line = new ArrayList<>(List.of(command));
        try {
            Path log = Files.createTempFile(DIR, "run-", ".log");
            ProcessBuilder builder = new ProcessBuilder(line)
                    .directory(DIR.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(line.getFirst() + " did not finish in " + timeout + ":\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", line) + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("Could not run " + line, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
