package com.bl1nk.common.autoconfigure;

import com.bl1nk.common.identity.CallerPolicy;
import com.bl1nk.common.identity.IdentityArgumentResolver;
import com.bl1nk.common.identity.IdentityFilter;
import com.bl1nk.common.identity.IdentityProperties;
import com.bl1nk.common.identity.IdentityTokenCodec;
import com.bl1nk.common.identity.PermissionCoverage;
import com.bl1nk.common.identity.PermissionInterceptor;
import com.bl1nk.common.identity.SigningKeyFile;
import com.bl1nk.common.identity.TrustedKeys;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
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
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

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
        Clock time = clock.getIfAvailable(Clock::systemUTC);
        String self = properties.service().strip();
        SigningKeyFile signingKey = properties
                .signingKeyPath()
                .map(file -> new SigningKeyFile(self, file, time))
                .orElse(null);
        return new IdentityTokenCodec(
                        self,
                        signingKey,
                        TrustedKeys.watching(properties.trustedKeysPath(), time),
                        properties.tokenTtl(),
                        time)
                .maxTokenLifetime(properties.maxTokenLifetime());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
    static class Servlet {

        @Bean
        @ConditionalOnMissingBean(name = "bl1nkIdentityFilter")
        FilterRegistrationBean<IdentityFilter> bl1nkIdentityFilter(
                IdentityTokenCodec codec, IdentityProperties properties) {
            FilterRegistrationBean<IdentityFilter> registration = new FilterRegistrationBean<>(
                    new IdentityFilter(codec, new CallerPolicy(properties.callers()), properties.openPaths()));
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

                @Override
                public void addInterceptors(InterceptorRegistry registry) {
                    registry.addInterceptor(new PermissionInterceptor());
                }
            };
        }

        /** Every endpoint of a bl1nk controller must declare its permission, or the service does not start. */
        @Bean
        SmartInitializingSingleton bl1nkPermissionCoverage(ObjectProvider<RequestMappingHandlerMapping> mappings) {
            return () -> mappings.orderedStream()
                    .forEach(mapping -> PermissionCoverage.requireDeclared(PermissionCoverage.routes(mapping)));
        }
    }
}
