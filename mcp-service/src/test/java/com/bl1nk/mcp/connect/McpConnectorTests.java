package com.bl1nk.mcp.connect;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bl1nk.common.net.NetGuardProperties;
import com.bl1nk.common.net.UrlBlockedException;
import com.bl1nk.common.net.UrlGuard;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class McpConnectorTests {

    private final McpConnector connector = new McpConnector(
            new ConnectProperties(
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1),
                    Duration.ofMinutes(1),
                    Duration.ofMinutes(5),
                    new ConnectProperties.Stdio(
                            List.of("node /opt/mcp/server.js", "uvx mcp-server-time"), Path.of("/tmp"), List.of())),
            new UrlGuard(new NetGuardProperties(List.of(), false)),
            Clock.systemUTC(),
            Duration.ofMinutes(2));

    @Test
    void allowsOnlyCommandLinesEqualToAnAllowedEntry() {
        assertThatCode(() -> connector.requireAllowedCommand("node", List.of("/opt/mcp/server.js")))
                .doesNotThrowAnyException();
        // an allowed line with arguments appended is another command line
        assertThatThrownBy(() -> connector.requireAllowedCommand("node", List.of("/opt/mcp/server.js", "--flag")))
                .isInstanceOf(ServerConnectException.class);
        assertThatThrownBy(() -> connector.requireAllowedCommand("uvx", List.of("mcp-server-time", "--evil")))
                .isInstanceOf(ServerConnectException.class);
        assertThatCode(() -> connector.requireAllowedCommand("uvx", List.of("mcp-server-time")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> connector.requireAllowedCommand("node", List.of("-e", "process.exit()")))
                .isInstanceOf(ServerConnectException.class);
        assertThatThrownBy(() -> connector.requireAllowedCommand("node", List.of()))
                .isInstanceOf(ServerConnectException.class);
        assertThatThrownBy(() -> connector.requireAllowedCommand("/bin/sh", List.of("-c", "id")))
                .isInstanceOf(ServerConnectException.class);
    }

    @Test
    void checksUrlsAtRegistration() {
        assertThatThrownBy(() -> connector.checkRegistration(
                        ServerEndpoint.Transport.STREAMABLE_HTTP, "http://169.254.169.254/", null, List.of()))
                .isInstanceOf(UrlBlockedException.class);
    }
}
