package com.bl1nk.common.autoconfigure;

import com.bl1nk.common.net.NetGuardProperties;
import com.bl1nk.common.net.UrlGuard;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The SSRF guard for every URL a tenant can make a service fetch, from the operator's {@code bl1nk.net.*}. */
@AutoConfiguration
@EnableConfigurationProperties(NetGuardProperties.class)
public class NetGuardAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    UrlGuard urlGuard(NetGuardProperties properties) {
        return new UrlGuard(properties);
    }
}
