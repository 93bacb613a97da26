package com.bl1nk.common.client;

import java.io.IOException;

/**
 * A call refused without being sent because the downstream's circuit is open; an {@link IOException} so RestClient
 * reports it like an unreachable downstream ({@code ResourceAccessException}) and callers map both the same way.
 */
public class CircuitOpenException extends IOException {

    private final String downstream;

    public CircuitOpenException(String downstream) {
        super("the circuit of " + downstream + " is open");
        this.downstream = downstream;
    }

    public String downstream() {
        return downstream;
    }
}
