package com.bl1nk.testsupport;

import com.bl1nk.common.identity.WorkloadKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One P-256 key pair per workload for this test JVM, written as {@code ./bl1nk up} writes them: {@code <dir>/<owner>.pem}
 * (private and public) and {@code <dir>/trusted/<owner>.pem} (public only), so apps under test load real key files.
 */
public final class TestKeys {

    /** The workloads that get a key. */
    public static final List<String> WORKLOADS = List.of("gateway", "task", "rag", "mcp", "billing");

    private static final TestKeys INSTANCE = create();

    private final Path directory;
    private final Map<String, WorkloadKey> keys;

    private TestKeys(Path directory, Map<String, WorkloadKey> keys) {
        this.directory = directory;
        this.keys = keys;
    }

    public static TestKeys get() {
        return INSTANCE;
    }

    /** The private key of {@code workload}. */
    public WorkloadKey key(String workload) {
        WorkloadKey key = keys.get(workload);
        if (key == null) {
            throw new IllegalArgumentException("no test key for workload " + workload);
        }
        return key;
    }

    /** {@code <dir>/<workload>.pem}, the signing key file of {@code workload}. */
    public Path signingKeyFile(String workload) {
        key(workload);
        return directory.resolve(workload + ".pem");
    }

    /** The trusted public keys directory every app under test reads. */
    public Path trustedDirectory() {
        return directory.resolve("trusted");
    }

    /** The directory holding the signing keys. */
    public Path directory() {
        return directory;
    }

    private static TestKeys create() {
        try {
            Path dir = Files.createTempDirectory("bl1nk-test-keys-");
            Path trusted = Files.createDirectories(dir.resolve("trusted"));
            Map<String, WorkloadKey> keys = new LinkedHashMap<>();
            for (String workload : WORKLOADS) {
                WorkloadKey key = WorkloadKey.generate(workload);
                keys.put(workload, key);
                Files.writeString(dir.resolve(workload + ".pem"), key.toPem(), StandardCharsets.US_ASCII);
                Files.writeString(
                        trusted.resolve(workload + ".pem"), key.publicHalf().toPem(), StandardCharsets.US_ASCII);
            }
            dir.toFile().deleteOnExit();
            return new TestKeys(dir, Map.copyOf(keys));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the test keys", e);
        }
    }
}
