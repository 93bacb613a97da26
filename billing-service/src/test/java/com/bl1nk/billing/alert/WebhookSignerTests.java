package com.bl1nk.billing.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class WebhookSignerTests {

    @Test
    void matchesTheStandardWebhooksReferenceSignature() {
        // test vector published with the Standard Webhooks specification
        String signature = WebhookSigner.sign(
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330L,
                "{\"test\": 2432232314}");
        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void newSecretsAreRandom32ByteKeysWithThePrefix() {
        String secret = WebhookSigner.newSecret();
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
        assertThat(WebhookSigner.newSecret()).isNotEqualTo(secret);
    }
}
