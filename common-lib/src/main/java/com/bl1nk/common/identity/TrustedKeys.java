package com.bl1nk.common.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public keys a service accepts tokens from, by key id. Read from a directory of {@code <owner>[.<anything>].pem}
 * files (public halves only) and re-read when its contents change, checked at most every {@link #RESCAN_INTERVAL}:
 * rotating a key is adding the new public file, moving the signer to the new private key, and later removing the old
 * file, with no restart of the verifiers and both keys valid in between.
 */
public final class TrustedKeys {

    /** How often the directory is checked for added or removed keys. */
    public static final Duration RESCAN_INTERVAL = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(TrustedKeys.class);

    private final Path directory;
    private final Clock clock;
    private volatile Snapshot snapshot;

    private TrustedKeys(Path directory, Clock clock, Snapshot snapshot) {
        this.directory = directory;
        this.clock = clock;
        this.snapshot = snapshot;
    }

    /** A fixed set (tests, and a verifier that only trusts keys known in code). */
    public static TrustedKeys of(Collection<WorkloadKey> keys) {
        return new TrustedKeys(null, Clock.systemUTC(), new Snapshot(index(keys), "", Instant.MAX));
    }

    /**
     * The keys in {@code directory}; fails when the directory is missing, unreadable or holds no key, or a file is not a
     * public P-256 key, so a misconfigured service does not start.
     */
    public static TrustedKeys watching(Path directory, Clock clock) {
        Snapshot first = scan(directory, clock.instant(), true);
        if (first.keys().isEmpty()) {
            throw new IllegalArgumentException("bl1nk.identity.trusted-keys-dir " + directory
                    + " holds no <owner>.pem public key: `./bl1nk up` writes them to .bl1nk/keys/trusted");
        }
        return new TrustedKeys(directory, clock, first);
    }

    /** The trusted key with this id, if any (re-reading the directory when it is due). */
    public Optional<WorkloadKey> find(String keyId) {
        refreshIfDue();
        return Optional.ofNullable(snapshot.keys().get(keyId));
    }

    /** Every trusted key, e.g. to publish them. */
    public List<WorkloadKey> all() {
        refreshIfDue();
        return List.copyOf(snapshot.keys().values());
    }

    private void refreshIfDue() {
        Snapshot current = snapshot;
        Instant now = clock.instant();
        if (directory == null || now.isBefore(current.checkedAt().plus(RESCAN_INTERVAL))) {
            return;
        }
        synchronized (this) {
            if (snapshot != current) {
                return;
            }
            try {
                String fingerprint = fingerprint(directory);
                if (fingerprint.equals(current.fingerprint())) {
                    snapshot = new Snapshot(current.keys(), current.fingerprint(), now);
                    return;
                }
                Snapshot next = scan(directory, now, false);
                if (next.keys().isEmpty()) {
                    // removing every key is honoured too: trusting nothing beats trusting a key someone withdrew
                    log.error("{} holds no usable key now: no token is accepted until one is added", directory);
                } else {
                    log.info(
                            "Trusted keys changed in {}: {}",
                            directory,
                            next.keys().keySet());
                }
                snapshot = next;
            } catch (RuntimeException e) {
                log.error("Could not list trusted keys in {}; keeping the previous set: {}", directory, e.toString());
                snapshot = new Snapshot(current.keys(), current.fingerprint(), now);
            }
        }
    }

    /**
     * Reads every key file. At start-up ({@code strict}) a bad file stops the service; on a re-read it is skipped and
     * logged, never a reason to keep keys that were removed.
     */
    private static Snapshot scan(Path directory, Instant now, boolean strict) {
        List<WorkloadKey> keys = new ArrayList<>();
        for (Path file : pemFiles(directory)) {
            try {
                WorkloadKey key = WorkloadKey.read(WorkloadKey.ownerOfFile(file), file);
                if (key.canSign()) {
                    throw new IllegalArgumentException(file + " holds a private key: the trusted directory must hold"
                            + " public keys only (openssl pkey -pubout)");
                }
                keys.add(key);
            } catch (RuntimeException e) {
                if (strict) {
                    throw e;
                }
                log.error("Skipped trusted key file {}: {}", file, e.getMessage());
            }
        }
        return new Snapshot(index(keys), fingerprint(directory), now);
    }

    private static List<Path> pemFiles(Path directory) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*.pem")) {
            stream.forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list trusted keys in " + directory, e);
        }
        files.sort(null);
        return files;
    }

    private static String fingerprint(Path directory) {
        StringBuilder fingerprint = new StringBuilder();
        for (Path file : pemFiles(directory)) {
            try {
                fingerprint
                        .append(file.getFileName())
                        .append(':')
                        .append(Files.size(file))
                        .append(':')
                        .append(Files.getLastModifiedTime(file).toMillis())
                        .append(';');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return fingerprint.toString();
    }

    private static Map<String, WorkloadKey> index(Collection<WorkloadKey> keys) {
        Map<String, WorkloadKey> byId = new LinkedHashMap<>();
        for (WorkloadKey key : keys) {
            byId.put(key.keyId(), key.canSign() ? key.publicHalf() : key);
        }
        return Map.copyOf(byId);
    }

    private record Snapshot(Map<String, WorkloadKey> keys, String fingerprint, Instant checkedAt) {}
}
