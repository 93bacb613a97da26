package com.bl1nk.common.crypto;

/** A ciphertext could not be decrypted: wrong key, wrong associated data (e.g. another tenant), or tampering. */
public class SecretBoxException extends RuntimeException {

    public SecretBoxException(String message) {
        super(message);
    }

    public SecretBoxException(String message, Throwable cause) {
        super(message, cause);
    }
}
