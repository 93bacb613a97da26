package com.bl1nk.mockllm;

/**
 * Thrown out of a handler to make the JDK server drop the TCP connection without finishing the response: the way a
 * crashed or disconnected provider looks to the client.
 */
final class AbortConnection extends RuntimeException {

    AbortConnection(String reason) {
        super(reason, null, false, false);
    }
}
