package com.bl1nk.gateway.auth;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Authorization;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityTokenCodec;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
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
                    .<Object>map(authenticated -> {
                        // the endpoint's declared permission, checked as the identity is handed to it (before the body
                        // is read: the Identity parameter comes first in every controller method, see the coverage)
                        Requires requires = parameter.getMethodAnnotation(Requires.class);
                        if (requires != null) {
                            Authorization.check(requires.value(), authenticated.identity(), IdentityTokenCodec.GATEWAY);
                        }
                        return authenticated.identity();
                    })
                    .switchIfEmpty(
                            Mono.error(() -> ApiException.unauthorized("No API key authenticated this request")));
        }
    }

    /**
     * The gateway's own endpoints must each declare a permission and take the caller's {@link Identity} as their first
     * parameter (where it is checked), or the gateway does not start; open endpoints ({@code Permission.Kind.OPEN})
     * have no caller to take.
     */
    @Bean
    SmartInitializingSingleton bl1nkGatewayPermissionCoverage(ObjectProvider<RequestMappingHandlerMapping> mappings) {
        return () -> mappings.orderedStream().forEach(mapping -> {
            List<String> missing = new ArrayList<>();
            mapping.getHandlerMethods().forEach((info, handler) -> {
                Method method = handler.getMethod();
                if (!method.getDeclaringClass().getName().startsWith("com.bl1nk.")) {
                    return;
                }
                Requires requires = method.getAnnotation(Requires.class);
                boolean declared = requires != null;
                boolean identityFirst =
                        method.getParameterCount() > 0 && Identity.class.equals(method.getParameterTypes()[0]);
                // open endpoints (sign-in, SSO steps, invitation links) have no caller yet, so no identity to take
                boolean open = declared && requires.value().kind() == Permission.Kind.OPEN;
                if (open && identityFirst) {
                    missing.add(info + " -> " + method.getDeclaringClass().getSimpleName() + "." + method.getName()
                            + " (an open endpoint cannot take an Identity)");
                    return;
                }
                if (!declared || (!identityFirst && !open)) {
                    missing.add(info + " -> " + method.getDeclaringClass().getSimpleName() + "." + method.getName());
                }
            });
            if (!missing.isEmpty()) {
                throw new IllegalStateException("Gateway endpoints without @Requires or without Identity as their first"
                        + " parameter: " + String.join("; ", missing));
            }
        });
    }
}
