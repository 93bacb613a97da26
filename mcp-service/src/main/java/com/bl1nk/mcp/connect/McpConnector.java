package com.bl1nk.mcp.connect;

import com.bl1nk.common.net.UrlBlockedException;
import com.bl1nk.common.net.UrlGuard;
import com.bl1nk.mcp.quota.QuotaExceededException;
import com.bl1nk.mcp.quota.TenantSlots;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Opens initialised MCP client sessions (SDK transports for Streamable HTTP, SSE and stdio) with the guard and the
 * operator's stdio rules applied; knows nothing about tools, and about tenants only that each may run a bounded number
 * of stdio processes at once.
 */
public class McpConnector {

    private static final Logger log = LoggerFactory.getLogger(McpConnector.class);

    private final ConnectProperties properties;
    private final UrlGuard guard;
    private final McpJsonMapper jsonMapper;
    private final Clock clock;
    private final Duration callCeiling;
    private final TenantSlots stdioProcesses;

    /** A connector without a per-tenant limit on stdio processes. */
    public McpConnector(ConnectProperties properties, UrlGuard guard, Clock clock, Duration callCeiling) {
        this(properties, guard, clock, callCeiling, TenantSlots.unlimited());
    }

    /**
     * @param callCeiling the longest a single request on a session may take (the longest tool-call timeout); the
     *     shorter per-operation timeouts are applied by the callers
     * @param stdioProcesses the live stdio server processes per tenant: a slot is taken before a process is started
     *     (no slot, no process: {@link QuotaExceededException}) and freed when the process exits
     */
    public McpConnector(
            ConnectProperties properties,
            UrlGuard guard,
            Clock clock,
            Duration callCeiling,
            TenantSlots stdioProcesses) {
        this.properties = properties;
        this.guard = guard;
        this.jsonMapper = McpJsonDefaults.getMapper();
        this.clock = clock;
        this.callCeiling =
                callCeiling.compareTo(properties.requestTimeout()) > 0 ? callCeiling : properties.requestTimeout();
        this.stdioProcesses = stdioProcesses;
    }

    /**
     * Checks a registration before anything is stored: URL through the guard, stdio command against the allowlist.
     */
    public void checkRegistration(ServerEndpoint.Transport transport, String url, String command, List<String> args) {
        if (transport == ServerEndpoint.Transport.STDIO) {
            requireAllowedCommand(command, args);
        } else {
            guard.check(url);
        }
    }

    /** Opens and initialises a session; failures become 4xx/5xx problems a person can act on. */
    public McpSession open(ServerEndpoint endpoint) {
        McpClientTransport transport = transport(endpoint);
        McpAsyncClient client;
        try {
            client = McpClient.async(transport)
                    .clientInfo(new McpSchema.Implementation("bl1nk", "0.1.0"))
                    .requestTimeout(callCeiling)
                    .initializationTimeout(properties.requestTimeout())
                    .build();
        } catch (RuntimeException e) {
            transport.close(); // frees a stdio slot taken for a process that was never started
            throw translate(e, "initialize");
        }
        try {
            client.initialize().timeout(properties.requestTimeout()).block();
        } catch (RuntimeException e) {
            closeQuietly(client);
            throw translate(e, "initialize");
        }
        return new McpSession(endpoint, client, clock.instant());
    }

    /** Maps an SDK/transport failure to the guard's 400 or a 502/504 problem; a quota refusal stays what it is. */
    public static RuntimeException translate(Throwable e, String what) {
        UrlBlockedException blocked = UrlBlockedException.findIn(e);
        if (blocked != null) {
            return blocked;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ServerConnectException sce) {
                return sce;
            }
            if (t instanceof QuotaExceededException quota) {
                return quota;
            }
            if (t instanceof TimeoutException) {
                return ServerConnectException.timeout(what);
            }
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (message.length() > 300) {
            message = message.substring(0, 300) + "…";
        }
        return ServerConnectException.unreachable(what + " failed: " + message, e);
    }

    private McpClientTransport transport(ServerEndpoint endpoint) {
        return switch (endpoint.transport()) {
            case STREAMABLE_HTTP -> streamable(endpoint);
            case SSE -> sse(endpoint);
            case STDIO -> stdio(endpoint);
        };
    }

    private McpClientTransport streamable(ServerEndpoint endpoint) {
        URI uri = guard.check(endpoint.url());
        return HttpClientStreamableHttpTransport.builder(origin(uri))
                .endpoint(pathOf(uri))
                .clientBuilder(guardedClient())
                .connectTimeout(properties.connectTimeout())
                .jsonMapper(jsonMapper)
                .httpRequestCustomizer((builder, method, target, body, context) ->
                        endpoint.headers().forEach(builder::header))
                .build();
    }

    private McpClientTransport sse(ServerEndpoint endpoint) {
        URI uri = guard.check(endpoint.url());
        return HttpClientSseClientTransport.builder(origin(uri))
                .sseEndpoint(pathOf(uri))
                .clientBuilder(guardedClient())
                .connectTimeout(properties.connectTimeout())
                .jsonMapper(jsonMapper)
                .httpRequestCustomizer((builder, method, target, body, context) ->
                        endpoint.headers().forEach(builder::header))
                .build();
    }

    private HttpClient.Builder guardedClient() {
        return guard.httpClientBuilder(properties.connectTimeout()).version(HttpClient.Version.HTTP_1_1);
    }

    private McpClientTransport stdio(ServerEndpoint endpoint) {
        requireAllowedCommand(endpoint.command(), endpoint.args());
        // before anything is started: a tenant at its limit gets 429 quota_exceeded and no process
        TenantSlots.Slot slot = stdioProcesses.acquire(endpoint.tenantId());
        try {
            return stdio(endpoint, slot);
        } catch (RuntimeException e) {
            slot.release();
            throw e;
        }
    }

    private McpClientTransport stdio(ServerEndpoint endpoint, TenantSlots.Slot slot) {
        Path workDir;
        try {
            Path root = properties.stdio().workRoot();
            Files.createDirectories(root);
            workDir = Files.createTempDirectory(root, "srv-" + endpoint.serverId() + "-");
        } catch (IOException e) {
            throw ServerConnectException.unreachable("could not create a working directory", e);
        }
        Map<String, String> env = new HashMap<>();
        for (String name : properties.stdio().inheritedEnv()) {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.put("HOME", workDir.toString());
        env.put("TMPDIR", workDir.toString());
        ServerParameters params = ServerParameters.builder(endpoint.command())
                .args(endpoint.args())
                .build();
        // the SDK seeds a few inherited variables (HOME, USER, SHELL...); replace them with ours only
        params.getEnv().clear();
        params.getEnv().putAll(env);
        ConfinedStdioTransport transport = new ConfinedStdioTransport(params, jsonMapper, workDir, slot);
        transport.setStdErrorHandler(line -> log.debug("stdio server {} stderr: {}", endpoint.serverId(), line));
        return transport;
    }

    /**
     * An allowlist entry is a whole command line: a registration must be exactly one of them, token for token (a
     * prefix match would let a tenant append arguments, e.g. {@code npx -y <any package>}).
     */
    void requireAllowedCommand(String command, List<String> args) {
        if (command == null || command.isBlank()) {
            throw ServerConnectException.commandNotAllowed(String.valueOf(command));
        }
        List<String> line = new ArrayList<>();
        line.add(command.strip());
        if (args != null) {
            line.addAll(args);
        }
        for (String allowed : properties.stdio().allowedCommands()) {
            List<String> tokens = Arrays.asList(allowed.strip().split("\\s+"));
            if (!tokens.isEmpty() && line.equals(tokens)) {
                return;
            }
        }
        throw ServerConnectException.commandNotAllowed(String.join(" ", line));
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private static String pathOf(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    private static void closeQuietly(McpAsyncClient client) {
        try {
            client.close();
        } catch (RuntimeException ignored) {
            // closing a half-open session: nothing more to do
        }
    }

    /**
     * The SDK stdio transport, started with an empty environment in its own working directory. Sends are serialised:
     * the SDK emits into a unicast sink from whichever thread sends, and two concurrent sends (a request racing the
     * {@code initialized} notification or a reply to a server request) fail with "Failed to enqueue message". Holds
     * the tenant's process slot taken for it: until the process exits, or at once when none was started.
     */
    static final class ConfinedStdioTransport extends StdioClientTransport {

        /** How long a stdio server gets to exit after SIGTERM before it is killed (below the session's close wait). */
        static final Duration TERM_GRACE = Duration.ofSeconds(2);

        private final Path workDir;
        private final TenantSlots.Slot slot;
        private final Object sendLock = new Object();

        ConfinedStdioTransport(ServerParameters params, McpJsonMapper jsonMapper, Path workDir, TenantSlots.Slot slot) {
            super(params, jsonMapper);
            this.workDir = workDir;
            this.slot = slot;
        }

        /** Starts the process (in the SDK); from then on the slot is held exactly as long as the process lives. */
        @Override
        public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
            return Mono.defer(() -> super.connect(handler))
                    .doOnSuccess(ignored -> holdSlotWhileRunning())
                    .doOnError(ignored -> holdSlotWhileRunning());
        }

        private void holdSlotWhileRunning() {
            Process process = process();
            if (process == null) {
                slot.release();
            } else {
                slot.holdUntilExit(process.toHandle());
            }
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            synchronized (sendLock) {
                return super.sendMessage(message);
            }
        }

        /**
         * Asks the server to stop (SIGTERM, as the SDK does) and kills it, with everything it started, when it has not
         * exited after {@link #TERM_GRACE}: a server that ignores SIGTERM must not outlive its session. Then removes
         * the server's working directory.
         */
        @Override
        public Mono<Void> closeGracefully() {
            return Mono.defer(() -> {
                Disposable killer = Mono.delay(TERM_GRACE).subscribe(tick -> killIfAlive());
                return Mono.defer(super::closeGracefully).doFinally(signal -> {
                    killer.dispose();
                    killIfAlive();
                    holdSlotWhileRunning();
                    deleteQuietly(workDir);
                });
            });
        }

        private void killIfAlive() {
            Process process = process();
            if (process != null && process.isAlive()) {
                log.warn("stdio MCP server (pid {}) did not exit on SIGTERM; killing it", process.pid());
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }

        /** The SDK keeps the started process to itself; read it so a stuck server can be killed. */
        private Process process() {
            try {
                Field field = StdioClientTransport.class.getDeclaredField("process");
                field.setAccessible(true);
                return (Process) field.get(this);
            } catch (ReflectiveOperationException | RuntimeException e) {
                log.warn("Cannot reach the stdio server process to kill it: {}", e.toString());
                return null;
            }
        }

        private static void deleteQuietly(Path dir) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            } catch (IOException | RuntimeException e) {
                log.debug("Could not remove {}: {}", dir, e.toString());
            }
        }

        @Override
        protected ProcessBuilder getProcessBuilder() {
            ProcessBuilder builder = new ProcessBuilder();
            builder.environment().clear();
            builder.directory(workDir.toFile());
            return builder;
        }
    }
}
