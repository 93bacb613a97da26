/** Encryption of secrets at rest with AES-256-GCM under an environment master key, with key rotation. */
package com.bl1nk.common.crypto;
