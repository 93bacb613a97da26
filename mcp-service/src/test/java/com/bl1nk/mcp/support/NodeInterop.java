package com.bl1nk.mcp.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * Installs the official MCP reference packages from npm (pinned, cached under {@code target/npm}) and runs them with
 * the machine's Node: the reference server over stdio / Streamable HTTP and the TypeScript SDK client.
 */
public final class NodeInterop {

    /** Pinned {@code @modelcontextprotocol/server-everything}. */
    public static final String SERVER_EVERYTHING_VERSION = "2026.8.31";

    /** Pinned {@code @modelcontextprotocol/sdk}. */
    public static final String SDK_VERSION = "1.32.2";

    private static final Path DIR = Path.of("target", "npm").toAbsolutePath();
    private static boolean ready;

    private NodeInterop() {}

    /** Installs the packages once (skipped when the pinned versions are already there) and copies our scripts. */
    public static synchronized Path ensureInstalled() {
        if (ready) {
            return DIR;
        }
        try {
            Files.createDirectories(DIR);
            if (!installed("server-everything", SERVER_EVERYTHING_VERSION) || !installed("sdk", SDK_VERSION)) {
                Files.writeString(
                        DIR.resolve("package.json"),
                        "{ \"name\": \"bl1nk-mcp-interop\", \"private\": true, \"version\": \"0.0.0\" }\n");
                run(
                        Duration.ofMinutes(5),
                        "npm",
                        "install",
                        "--no-audit",
                        "--no-fund",
                        "--ignore-scripts",
                        "@modelcontextprotocol/server-everything@" + SERVER_EVERYTHING_VERSION,
                        "@modelcontextprotocol/sdk@" + SDK_VERSION);
            }
            for (String script : List.of("mutable-server.mjs", "ts-client.mjs")) {
                try (InputStream in = NodeInterop.class.getResourceAsStream("/interop/" + script)) {
                    Files.copy(in, DIR.resolve(script), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            ready = true;
            return DIR;
        } catch (IOException e) {
            throw new IllegalStateException("Could not prepare the npm interop packages in " + DIR, e);
        }
    }

    private static boolean installed(String pkg, String version) throws IOException {
        Path json = DIR.resolve("node_modules/@modelcontextprotocol/" + pkg + "/package.json");
        return Files.exists(json) && Files.readString(json).contains("\"version\": \"" + version + "\"");
    }

    /** Entry script of the reference server. */
    public static Path everythingEntry() {
        return ensureInstalled().resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
    }

    /** Our small mutable test server. */
    public static Path mutableServer() {
        return ensureInstalled().resolve("mutable-server.mjs");
    }

    /** A free TCP port on loopback. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts the reference server with an HTTP transport ({@code streamableHttp} or {@code sse}) on {@code port} and
     * waits until it accepts connections.
     */
    public static Process startEverything(String mode, int port) {
        ProcessBuilder builder = new ProcessBuilder("node", everythingEntry().toString(), mode)
                .directory(DIR.toFile())
                .redirectErrorStream(true)
                .redirectOutput(
                        DIR.resolve("everything-" + mode + "-" + port + ".log").toFile());
        builder.environment().put("PORT", Integer.toString(port));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Could not start node", e);
        }
        Awaitility.await("reference server on port " + port)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> accepts(port) || !process.isAlive());
        if (!process.isAlive()) {
            throw new IllegalStateException("The reference server exited; see target/npm/everything-*.log");
        }
        return process;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs the TypeScript SDK client script; returns its one JSON output line. */
    public static String runTsClient(String url, String headerName, String headerValue, String tool, String argsJson) {
        ensureInstalled();
        return run(
                Duration.ofSeconds(60),
                "node",
                DIR.resolve("ts-client.mjs").toString(),
                url,
                headerName == null ? "-" : headerName,
                headerValue == null ? "" : headerValue,
                tool,
                argsJson);
    }

    private static String run(Duration timeout, String... command) {
        List<String> line = new ArrayList<>(List.of(command));
        try {
            Path log = Files.createTempFile(DIR, "run-", ".log");
            Process process = new ProcessBuilder(line)
                    .directory(DIR.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", line) + " did not finish in " + timeout);
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
