package com.bl1nk.common.autoconfigure;

import com.bl1nk.common.client.DownstreamClients;
import com.bl1nk.common.identity.IdentityProperties;
import com.bl1nk.common.identity.IdentityTokenCodec;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;

/**
 * The {@link DownstreamClients} factory every service-to-service client is built with; Boot's {@code RestClient.Builder}
 * when there is one (so its customizers apply), a plain one otherwise.
 */
@AutoConfiguration(
        after = {IdentityAutoConfiguration.class, RestClientPropagationAutoConfiguration.class},
        afterName = "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration")
@ConditionalOnClass({RestClient.class, CircuitBreakerRegistry.class})
public class DownstreamClientAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(IdentityTokenCodec.class)
    DownstreamClients downstreamClients(
            ObjectProvider<RestClient.Builder> builders, IdentityTokenCodec tokens, IdentityProperties identity) {
        return new DownstreamClients(
                () -> builders.getIfAvailable(RestClient::builder),
                tokens,
                identity.serviceTokenTtl(),
                CircuitBreakerRegistry.ofDefaults());
    }
}
