package com.bl1nk.gateway.auth;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Identity;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Lets the gateway's own reactive controllers declare an {@code Identity identity} parameter, filled from the API-key
 * authentication of the exchange (common-lib's resolver is for Spring MVC).
 */
@Configuration(proxyBeanMethods = false)
class IdentityResolverConfiguration implements WebFluxConfigurer {

    @Override
    public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
        configurer.addCustomResolver(new ReactiveIdentityResolver());
    }

    /** Resolves {@link Identity} parameters; 401 if authentication did not run (an open path by mistake). */
    static final class ReactiveIdentityResolver implements HandlerMethodArgumentResolver {

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return Identity.class.equals(parameter.getParameterType());
        }

        @Override
        public Mono<Object> resolveArgument(
                MethodParameter parameter, BindingContext bindingContext, ServerWebExchange exchange) {
            return Mono.justOrEmpty(Authenticated.of(exchange))
                    .<Object>map(Authenticated::identity)
                    .switchIfEmpty(
                            Mono.error(() -> ApiException.unauthorized("No API key authenticated this request")));
        }
    }
}
