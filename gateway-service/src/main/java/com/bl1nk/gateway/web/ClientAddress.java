package com.bl1nk.gateway.web;

import java.net.InetSocketAddress;
import org.springframework.web.server.ServerWebExchange;

/** The client address the edge limits count by: the connection's remote address. */
public final class ClientAddress {

    private ClientAddress() {}

    /** The remote IP of {@code exchange}, or {@code unknown}. */
    public static String of(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return remote == null || remote.getAddress() == null
                ? "unknown"
                : remote.getAddress().getHostAddress();
    }
}
