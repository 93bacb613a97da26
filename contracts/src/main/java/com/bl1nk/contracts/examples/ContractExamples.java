package com.bl1nk.contracts.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The committed full example of each contract ({@code contracts/examples/<SimpleName>.json} in this jar), so the
 * contract tests here and each producer's and consumer's own tests check against the very same JSON.
 */
public final class ContractExamples {

    private ContractExamples() {}

    /** The example JSON text of the contract record {@code type}. */
    public static String json(Class<?> type) {
        String path = "/contracts/examples/" + type.getSimpleName() + ".json";
        try (InputStream in = ContractExamples.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no committed example " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
