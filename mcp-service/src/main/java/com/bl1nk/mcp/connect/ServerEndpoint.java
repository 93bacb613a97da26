package com.bl1nk.mcp.connect;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Everything needed to open a session to one registered MCP server, with credentials already decrypted; lives only
 * in memory.
 *
 * @param serverId registry id, also the key of pooled sessions
 * @param tenantId owner, for logs
 * @param transport how to talk to it
 * @param url base URL of an HTTP server
 * @param headers auth headers sent on every HTTP request
 * @param command stdio command (must be operator-allowed)
 * @param args stdio arguments
 * @param version changes whenever the registration changes, so stale pooled sessions are replaced
 */
public record ServerEndpoint(
        UUID serverId,
        UUID tenantId,
        Transport transport,
        String url,
        Map<String, String> headers,
        String command,
        List<String> args,
        String version) {

    public ServerEndpoint {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        args = args == null ? List.of() : List.copyOf(args);
    }

    /** The MCP transports a server can be registered with. */
    public enum Transport {
        STREAMABLE_HTTP,
        SSE,
        STDIO;

        /** The value stored in the database and used in the API. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Parses the API/database value; null when unknown. */
        public static Transport fromWire(String value) {
            for (Transport t : values()) {
                if (t.wire().equals(value)) {
                    return t;
                }
            }
            return null;
        }
    }
}
