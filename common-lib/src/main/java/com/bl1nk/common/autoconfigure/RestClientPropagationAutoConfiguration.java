package com.bl1nk.common.autoconfigure;

import com.bl1nk.common.trace.TraceparentInterceptor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;

/**
 * Makes every {@code RestClient} built from Boot's {@code RestClient.Builder} send a child {@code traceparent}. The
 * identity goes per client, as the caller's own service token ({@code ServiceTokenInterceptor}).
 */
@AutoConfiguration(beforeName = "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration")
@ConditionalOnClass({RestClient.class, RestClientCustomizer.class})
public class RestClientPropagationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "bl1nkPropagationRestClientCustomizer")
    RestClientCustomizer bl1nkPropagationRestClientCustomizer() {
        return builder -> builder.requestInterceptor(new TraceparentInterceptor());
    }
}
