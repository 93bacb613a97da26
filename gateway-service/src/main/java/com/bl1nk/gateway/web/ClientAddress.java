package com.bl1nk.gateway.web;

import java.net.InetSocketAddress;
import java.util.regex.Pattern;
import org.springframework.web.server.ServerWebExchange;

/**
 * The client address the edge limits count by: the connection's remote address, or, behind a trusted proxy with
 * {@code server.forward-headers-strategy=framework}, the address the proxy forwarded (kept unresolved by Spring, so
 * taken as the literal it is, and only when it looks like an IP address).
 */
public final class ClientAddress {

    private static final Pattern LITERAL = Pattern.compile("^\\[?[0-9A-Fa-f:.]{2,45}]?$");

    private ClientAddress() {}

    /** The remote IP of {@code exchange}, or {@code unknown}. */
    public static String of(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        if (remote == null) {
            return "unknown";
        }
        if (remote.getAddress() != null) {
            return remote.getAddress().getHostAddress();
        }
        String host = remote.getHostString();
        return host != null && LITERAL.matcher(host).matches() ? host : "unknown";
    }
}
