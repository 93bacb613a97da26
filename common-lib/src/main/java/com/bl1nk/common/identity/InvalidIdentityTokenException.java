package com.bl1nk.common.identity;

/** The identity token is missing, malformed, expired, not ours or tampered with; the request must get a 401. */
public class InvalidIdentityTokenException extends RuntimeException {

    public InvalidIdentityTokenException(String message) {
        super(message);
    }

    public InvalidIdentityTokenException(String message, Throwable cause) {
        super(message, cause);
    }
}
