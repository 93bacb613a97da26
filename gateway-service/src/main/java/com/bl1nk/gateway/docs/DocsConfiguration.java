package com.bl1nk.gateway.docs;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import com.bl1nk.common.identity.Identity;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The human entry points: {@code /admin} (a static status page until the real dashboard exists) and the merged API
 * docs at {@code /docs}, which list the gateway's own spec and every service's spec proxied at
 * {@code /v3/api-docs/<service>} (see application.yml {@code springdoc.swagger-ui.urls}).
 */
@Configuration(proxyBeanMethods = false)
class DocsConfiguration {

    static {
        // Controllers receive the caller's Identity from the authentication filter, not from the request.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Identity.class);
    }

    private static final Resource ADMIN_PAGE = new ClassPathResource("static/admin/index.html");

    @Bean
    RouterFunction<ServerResponse> adminPage() {
        return RouterFunctions.route(
                GET("/admin").or(GET("/admin/")),
                request -> ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue(ADMIN_PAGE));
    }
}
