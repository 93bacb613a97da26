package com.bl1nk.mcp.connect;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How mcp-service connects to registered MCP servers: bounded timeouts and session lifetimes so a slow or hostile
 * server cannot hold threads or processes forever.
 *
 * @param connectTimeout TCP connect timeout for HTTP transports
 * @param requestTimeout timeout of one MCP request (initialize, tools/list) during discovery
 * @param idleTimeout an open session unused this long is closed
 * @param maxLifetime an open session (and its stdio process) is closed after this long, used or not
 * @param stdio rules for stdio servers
 */
@Validated
@ConfigurationProperties("bl1nk.mcp.connect")
public record ConnectProperties(
        @DefaultValue("5s") @NotNull Duration connectTimeout,
        @DefaultValue("20s") @NotNull Duration requestTimeout,
        @DefaultValue("5m") @NotNull Duration idleTimeout,
        @DefaultValue("30m") @NotNull Duration maxLifetime,
        @DefaultValue @Valid Stdio stdio) {

    /**
     * Operator rules for stdio servers.
     *
     * @param allowedCommands exact command strings tenants may run; empty means stdio servers are refused
     * @param workRoot each server process gets its own empty directory below this one
     * @param inheritedEnv names of environment variables passed through (nothing else is inherited)
     */
    public record Stdio(
            @DefaultValue({}) List<String> allowedCommands,

            @DefaultValue("${java.io.tmpdir}/bl1nk-mcp-stdio")
            Path workRoot,

            @DefaultValue({"PATH", "LANG"}) List<String> inheritedEnv) {

        public Stdio {
            allowedCommands = allowedCommands == null ? List.of() : List.copyOf(allowedCommands);
            inheritedEnv = inheritedEnv == null ? List.of() : List.copyOf(inheritedEnv);
            if (workRoot == null) {
                workRoot = Path.of(System.getProperty("java.io.tmpdir"), "bl1nk-mcp-stdio");
            }
        }
    }
}
