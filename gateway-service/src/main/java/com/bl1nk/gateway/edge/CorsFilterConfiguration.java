package com.bl1nk.gateway.edge;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * Answers CORS preflights before authentication (browsers send them without credentials) and decorates actual
 * cross-origin responses, from {@link CorsProperties}.
 */
@Configuration(proxyBeanMethods = false)
class CorsFilterConfiguration {

    /** Runs right after the trace filter so preflight answers still carry {@code X-Trace-Id}. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    @Bean
    OrderedCorsWebFilter corsWebFilter(CorsProperties properties) {
        CorsConfiguration config = new CorsConfiguration();
        config.setAllowedOrigins(properties.allowedOrigins());
        config.setAllowedOriginPatterns(properties.allowedOriginPatterns());
        config.setAllowedMethods(properties.allowedMethods());
        config.setAllowedHeaders(properties.allowedHeaders());
        config.setExposedHeaders(properties.exposedHeaders());
        config.setAllowCredentials(properties.allowCredentials());
        config.setMaxAge(properties.maxAge());
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", config);
        return new OrderedCorsWebFilter(source);
    }

    /** {@link CorsWebFilter} with a fixed place in the filter chain. */
    static final class OrderedCorsWebFilter extends CorsWebFilter implements Ordered {

        OrderedCorsWebFilter(UrlBasedCorsConfigurationSource source) {
            super(source);
        }

        @Override
        public int getOrder() {
            return ORDER;
        }
    }
}
