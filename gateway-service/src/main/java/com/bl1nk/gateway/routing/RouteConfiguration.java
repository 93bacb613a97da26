package com.bl1nk.gateway.routing;

import java.net.URI;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.Buildable;
import org.springframework.cloud.gateway.route.builder.PredicateSpec;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The public path table of CONTRACTS.md in code: which path prefix goes to which service, plus each service's
 * OpenAPI document under {@code /v3/api-docs/<service>} for the merged docs page.
 */
@Configuration(proxyBeanMethods = false)
class RouteConfiguration {

    @Bean
    RouteLocator bl1nkRoutes(RouteLocatorBuilder builder, RoutesProperties routes) {
        return builder.routes()
                .route(
                        "task",
                        r -> r.path(
                                        "/api/v1/agents/**",
                                        "/api/v1/tasks/**",
                                        "/api/v1/providers/**",
                                        "/api/v1/models/**",
                                        "/api/v1/webhooks/github",
                                        "/api/v1/github/**",
                                        "/v1/chat/completions",
                                        "/v1/models",
                                        "/v1/models/**")
                                .uri(routes.task()))
                .route(
                        "rag",
                        r -> r.path("/api/v1/knowledge-bases/**", "/v1/embeddings")
                                .uri(routes.rag()))
                .route("mcp", r -> r.path("/api/v1/mcp/**", "/mcp", "/mcp/**").uri(routes.mcp()))
                .route(
                        "billing",
                        r -> r.path(
                                        "/api/v1/budgets/**",
                                        "/api/v1/usage/**",
                                        "/api/v1/prices/**",
                                        "/api/v1/reservations/**")
                                .uri(routes.billing()))
                .route("task-docs", r -> apiDocs(r, "task", routes.task()))
                .route("rag-docs", r -> apiDocs(r, "rag", routes.rag()))
                .route("mcp-docs", r -> apiDocs(r, "mcp", routes.mcp()))
                .route("billing-docs", r -> apiDocs(r, "billing", routes.billing()))
                .build();
    }

    private static Buildable<Route> apiDocs(PredicateSpec r, String service, URI uri) {
        return r.path("/v3/api-docs/" + service)
                .filters(f -> f.setPath("/v3/api-docs"))
                .uri(uri);
    }
}
