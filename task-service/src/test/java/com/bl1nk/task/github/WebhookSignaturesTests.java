package com.bl1nk.task.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignaturesTests {

    // GitHub's published example: secret "It's a Secret to Everybody", payload "Hello, World!"
    private static final byte[] PAYLOAD = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    private static final String SECRET = "It's a Secret to Everybody";
    private static final String EXPECTED = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    @Test
    void acceptsGithubsPublishedTestVector() {
        assertThat(WebhookSignatures.signatureHeader(PAYLOAD, SECRET)).isEqualTo(EXPECTED);
        assertThat(WebhookSignatures.verify(PAYLOAD, EXPECTED, List.of(SECRET))).isTrue();
    }

    @Test
    void acceptsAnyOfSeveralSecretsDuringRotation() {
        assertThat(WebhookSignatures.verify(PAYLOAD, EXPECTED, List.of("new-secret", SECRET)))
                .isTrue();
    }

    @Test
    void rejectsTamperedBodyWrongSecretMissingAndSha1OnlyHeaders() {
        byte[] tampered = "Hello, World?".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignatures.verify(tampered, EXPECTED, List.of(SECRET)))
                .isFalse();
        assertThat(WebhookSignatures.verify(PAYLOAD, EXPECTED, List.of("wrong")))
                .isFalse();
        assertThat(WebhookSignatures.verify(PAYLOAD, null, List.of(SECRET))).isFalse();
        assertThat(WebhookSignatures.verify(PAYLOAD, "sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59", List.of(SECRET)))
                .isFalse();
        assertThat(WebhookSignatures.verify(PAYLOAD, "sha256=not-hex", List.of(SECRET)))
                .isFalse();
        assertThat(WebhookSignatures.verify(PAYLOAD, EXPECTED, List.of())).isFalse();
    }
}
