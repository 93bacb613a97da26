package com.bl1nk.common.client;

import java.time.Duration;
import java.util.Objects;

/**
 * One service a client calls, as its typed properties give it.
 *
 * @param name the downstream's name: the token audience it accepts (e.g. {@code rag}) and the circuit breaker's name
 * @param baseUrl its root URL (direct, not through the gateway)
 * @param connectTimeout TCP connect limit
 * @param readTimeout response limit of one call
 */
public record Downstream(String name, String baseUrl, Duration connectTimeout, Duration readTimeout) {

    public Downstream {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
    }

    /** The same downstream with another read timeout (a slower operation of the same service). */
    public Downstream withReadTimeout(Duration timeout) {
        return new Downstream(name, baseUrl, connectTimeout, timeout);
    }
}
