package com.bl1nk.common.autoconfigure;

import com.bl1nk.common.identity.IdentityForwardingInterceptor;
import com.bl1nk.common.trace.TraceparentInterceptor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;

/**
 * Makes every {@code RestClient} built from Boot's {@code RestClient.Builder} send a child {@code traceparent} and
 * forward the current identity token.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration")
@ConditionalOnClass({RestClient.class, RestClientCustomizer.class})
public class RestClientPropagationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "bl1nkPropagationRestClientCustomizer")
    RestClientCustomizer bl1nkPropagationRestClientCustomizer() {
        return builder -> builder.requestInterceptor(new TraceparentInterceptor())
                .requestInterceptor(new IdentityForwardingInterceptor());
    }
}
