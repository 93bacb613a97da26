package com.bl1nk.common.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.common.crypto.SecretBox;
import com.bl1nk.common.error.ProblemExceptionHandler;
import com.bl1nk.common.error.ReactiveProblemHandler;
import com.bl1nk.common.identity.IdentityTokenCodec;
import com.bl1nk.common.sse.SseStreams;
import com.bl1nk.common.stream.StreamKeys;
import com.bl1nk.common.trace.ReactiveTraceFilter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class AutoConfigurationTests {

    private static final String SECRET = "bl1nk.identity.secret=0123456789abcdef0123456789abcdef-test";

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
                .withPropertyValues(SECRET)
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
    void missingIdentitySecretFailsStartupNamingTheEnvironmentVariable() {
        new WebApplicationContextRunner().withConfiguration(ALL).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("BL1NK_IDENTITY_SECRET");
        });
        new WebApplicationContextRunner()
                .withConfiguration(ALL)
                .withPropertyValues("bl1nk.identity.secret=too-short")
                .run(context ->
                        assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("at least 32 bytes"));
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
                .withPropertyValues(SECRET)
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
                .withPropertyValues(SECRET)
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
                .withPropertyValues(SECRET, "bl1nk.crypto.master-key=YmwxbmstdGVzdC1tYXN0ZXIta2V5LTMyLWJ5dGVzISE=")
                .run(context -> assertThat(context).hasSingleBean(SecretBox.class));
    }

    @Test
    void servicesCanReplaceBeans() {
        new ApplicationContextRunner()
                .withConfiguration(ALL)
                .withUserConfiguration(CustomCodec.class)
                .withPropertyValues(SECRET)
                .run(context -> assertThat(context.getBean(IdentityTokenCodec.class))
                        .isSameAs(context.getBean(CustomCodec.class).codec));
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomCodec {
        final IdentityTokenCodec codec = new IdentityTokenCodec("a-completely-different-secret-of-32-bytes");

        @Bean
        IdentityTokenCodec identityTokenCodec() {
            return codec;
        }
    }
}
