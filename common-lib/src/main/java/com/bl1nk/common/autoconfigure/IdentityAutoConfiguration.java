package com.bl1nk.common.autoconfigure;

import com.bl1nk.common.identity.IdentityArgumentResolver;
import com.bl1nk.common.identity.IdentityFilter;
import com.bl1nk.common.identity.IdentityProperties;
import com.bl1nk.common.identity.IdentityTokenCodec;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Identity token codec for every app, plus (in servlet web apps) the filter that requires the token and the
 * {@code Identity} controller argument. Disable with {@code bl1nk.identity.enabled=false}.
 */
@AutoConfiguration
@EnableConfigurationProperties(IdentityProperties.class)
@ConditionalOnProperty(prefix = "bl1nk.identity", name = "enabled", havingValue = "true", matchIfMissing = true)
public class IdentityAutoConfiguration {

    /** Order of the servlet identity filter: right after the trace filter. */
    public static final int IDENTITY_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 50;

    @Bean
    @ConditionalOnMissingBean
    IdentityTokenCodec identityTokenCodec(IdentityProperties properties, ObjectProvider<Clock> clock) {
        return new IdentityTokenCodec(
                properties.secret(), properties.tokenTtl(), clock.getIfAvailable(Clock::systemUTC));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
    static class Servlet {

        @Bean
        @ConditionalOnMissingBean(name = "bl1nkIdentityFilter")
        FilterRegistrationBean<IdentityFilter> bl1nkIdentityFilter(
                IdentityTokenCodec codec, IdentityProperties properties) {
            FilterRegistrationBean<IdentityFilter> registration =
                    new FilterRegistrationBean<>(new IdentityFilter(codec, properties.openPaths()));
            registration.setName("bl1nkIdentityFilter");
            registration.setOrder(IDENTITY_FILTER_ORDER);
            return registration;
        }

        @Bean
        WebMvcConfigurer bl1nkIdentityArgumentResolverConfigurer() {
            return new WebMvcConfigurer() {
                @Override
                public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                    resolvers.add(new IdentityArgumentResolver());
                }
            };
        }
    }
}
