package com.bl1nk.common.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.common.crypto.SecretBox;
import com.bl1nk.common.error.ProblemExceptionHandler;
import com.bl1nk.common.error.ReactiveProblemHandler;
import com.bl1nk.common.identity.IdentityTokenCodec;
import com.bl1nk.common.identity.TrustedKeys;
import com.bl1nk.common.identity.WorkloadKey;
import com.bl1nk.common.sse.SseStreams;
import com.bl1nk.common.stream.StreamKeys;
import com.bl1nk.common.trace.ReactiveTraceFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class AutoConfigurationTests {

    private static final WorkloadKey TASK_KEY = WorkloadKey.generate("task");
    private static final Path KEYS = writeKeys();
    private static final String[] IDENTITY = {
        "bl1nk.identity.service=task",
        "bl1nk.identity.signing-key-file=" + KEYS.resolve("task.pem"),
        "bl1nk.identity.trusted-keys-dir=" + KEYS.resolve("trusted")
    };

    private static Path writeKeys() {
        try {
            Path dir = Files.createTempDirectory("bl1nk-autoconfig-keys-");
            Files.createDirectories(dir.resolve("trusted"));
            Files.writeString(dir.resolve("task.pem"), TASK_KEY.toPem());
            Files.writeString(
                    dir.resolve("trusted/task.pem"), TASK_KEY.publicHalf().toPem());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final AutoConfigurations ALL = AutoConfigurations.of(
            ErrorHandlingAutoConfiguration.class,
            TraceAutoConfiguration.class,
            IdentityAutoConfiguration.class,
            RestClientPropagationAutoConfiguration.class,
            StreamAutoConfiguration.class,
            IdempotencyAutoConfiguration.class,
            SseAutoConfiguration.class,
            CryptoAutoConfiguration.class,
            SchemaAutoConfiguration.class);

    @Test
    void servletAppGetsFiltersHandlerAndCodec() {
        new WebApplicationContextRunner()
                .withConfiguration(ALL)
                .withPropertyValues(IDENTITY)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(IdentityTokenCodec.class);
                    assertThat(context).hasSingleBean(ProblemExceptionHandler.class);
                    assertThat(context).hasBean("bl1nkIdentityFilter");
                    assertThat(context).hasBean("bl1nkTraceFilter");
                    assertThat(context).hasSingleBean(SseStreams.class);
                    assertThat(context).hasSingleBean(StreamKeys.class);
                    assertThat(context).doesNotHaveBean(ReactiveProblemHandler.class);
                    assertThat(context).doesNotHaveBean(SecretBox.class);
                });
    }

    @Test
    void afterAMasterKeyRotationSecretsMadeUnderThePreviousKeyStillDecrypt() {
        String oldKey = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        byte[] fresh = new byte[32];
        java.util.Arrays.fill(fresh, (byte) 7);
        String newKey = java.util.Base64.getEncoder().encodeToString(fresh);
        String before = SecretBox.fromBase64("k1", oldKey, java.util.Map.of()).encrypt("sk-secret", "tenant-a");

        new WebApplicationContextRunner()
                .withConfiguration(ALL)
                .withPropertyValues(IDENTITY)
                // the plain variable docker-compose passes, the new key id, and the old key kept for reading
                .withPropertyValues(
                        "BL1NK_MASTER_KEY=" + newKey,
                        "bl1nk.crypto.key-id=k2",
                        "bl1nk.crypto.previous-keys.k1=" + oldKey)
                .run(context -> {
                    SecretBox box = context.getBean(SecretBox.class);
                    assertThat(box.decrypt(before, "tenant-a")).isEqualTo("sk-secret");
                    assertThat(box.encrypt("sk-new", "tenant-a")).startsWith("v1:k2:");
                });
    }

    @Test
    void missingKeysFailStartupNamingWhatToSet() {
        new WebApplicationContextRunner()
                .withConfiguration(ALL)
                .withPropertyValues("bl1nk.identity.service=task")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .hasMessageContaining("BL1NK_IDENTITY_TRUSTED_KEYS_DIR");
                });
        new WebApplicationContextRunner()
                .withConfiguration(ALL)
                .withPropertyValues(IDENTITY)
                .withPropertyValues("bl1nk.identity.callers.rag[0]=query everything")
                .run(context -> assertThat(context.getStartupFailure())
                        .rootCause()
                        .hasMessageContaining("is not '<METHOD> <path>'"));
    }

    @Test
    void identityCanBeSwitchedOff() {
        new WebApplicationContextRunner()
                .withConfiguration(ALL)
                .withPropertyValues("bl1nk.identity.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(IdentityTokenCodec.class);
                    assertThat(context).doesNotHaveBean("bl1nkIdentityFilter");
                });
    }

    @Test
    void nonWebAppGetsOnlyTheCodec() {
        new ApplicationContextRunner()
                .withConfiguration(ALL)
                .withPropertyValues(IDENTITY)
                .run(context -> {
                    assertThat(context).hasSingleBean(IdentityTokenCodec.class);
                    assertThat(context).doesNotHaveBean("bl1nkIdentityFilter");
                    assertThat(context).doesNotHaveBean(ProblemExceptionHandler.class);
                });
    }

    @Test
    void reactiveAppGetsTheReactiveHandlerAndTraceFilter() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(ALL)
                .withPropertyValues(IDENTITY)
                .run(context -> {
                    assertThat(context).hasSingleBean(ReactiveProblemHandler.class);
                    assertThat(context).hasSingleBean(ReactiveTraceFilter.class);
                    assertThat(context).doesNotHaveBean(ProblemExceptionHandler.class);
                    assertThat(context).doesNotHaveBean("bl1nkIdentityFilter");
                });
    }

    @Test
    void secretBoxAppearsWithAMasterKey() {
        new ApplicationContextRunner()
                .withConfiguration(ALL)
                .withPropertyValues(IDENTITY)
                .withPropertyValues("bl1nk.crypto.master-key=YmwxbmstdGVzdC1tYXN0ZXIta2V5LTMyLWJ5dGVzISE=")
                .run(context -> assertThat(context).hasSingleBean(SecretBox.class));
    }

    @Test
    void servicesCanReplaceBeans() {
        new ApplicationContextRunner()
                .withConfiguration(ALL)
                .withUserConfiguration(CustomCodec.class)
                .withPropertyValues(IDENTITY)
                .run(context -> assertThat(context.getBean(IdentityTokenCodec.class))
                        .isSameAs(context.getBean(CustomCodec.class).codec));
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomCodec {
        final IdentityTokenCodec codec = new IdentityTokenCodec(
                "task", TASK_KEY, TrustedKeys.of(List.of(TASK_KEY)), Duration.ofMinutes(1), Clock.systemUTC());

        @Bean
        IdentityTokenCodec identityTokenCodec() {
            return codec;
        }
    }
}
