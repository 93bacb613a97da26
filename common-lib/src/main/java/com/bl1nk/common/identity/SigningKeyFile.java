package com.bl1nk.common.identity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This workload's signing key, read from its PEM file and re-read when the file changes (checked at most every
 * {@link TrustedKeys#RESCAN_INTERVAL}), so rotating a key needs no restart: publish the new public key to the verifiers
 * first, then replace this file.
 */
public final class SigningKeyFile implements Supplier<WorkloadKey> {

    private static final Logger log = LoggerFactory.getLogger(SigningKeyFile.class);

    private final String owner;
    private final Path file;
    private final Clock clock;
    private volatile Loaded loaded;

    /** Reads the file now: a missing or unusable key stops start-up. */
    public SigningKeyFile(String owner, Path file, Clock clock) {
        this.owner = owner;
        this.file = file;
        this.clock = clock;
        WorkloadKey key = WorkloadKey.read(owner, file);
        if (!key.canSign()) {
            throw new IllegalArgumentException(file + " holds no PRIVATE KEY block: it is not a signing key");
        }
        this.loaded = new Loaded(key, stamp(), clock.instant());
    }

    @Override
    public WorkloadKey get() {
        Loaded current = loaded;
        Instant now = clock.instant();
        if (now.isBefore(current.checkedAt().plus(TrustedKeys.RESCAN_INTERVAL))) {
            return current.key();
        }
        synchronized (this) {
            if (loaded != current) {
                return loaded.key();
            }
            String stamp = stamp();
            WorkloadKey key = current.key();
            if (!stamp.equals(current.stamp())) {
                try {
                    WorkloadKey next = WorkloadKey.read(owner, file);
                    if (next.canSign()) {
                        log.info("Signing key of {} changed: now {}", owner, next.keyId());
                        key = next;
                    } else {
                        log.error("{} holds no private key now; still signing with {}", file, key.keyId());
                    }
                } catch (RuntimeException e) {
                    log.error("Could not re-read {}; still signing with {}: {}", file, key.keyId(), e.toString());
                }
            }
            loaded = new Loaded(key, stamp, now);
            return key;
        }
    }

    private String stamp() {
        try {
            return Files.size(file) + ":" + Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return "unreadable";
        }
    }

    private record Loaded(WorkloadKey key, String stamp, Instant checkedAt) {}
}
