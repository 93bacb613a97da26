package com.bl1nk.gateway.routing;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where each downstream service listens, so deployments move services without code changes
 * ({@code BL1NK_GATEWAY_ROUTES_TASK} and friends override them).
 *
 * @param task base URI of task-service
 * @param rag base URI of rag-service
 * @param mcp base URI of mcp-service
 * @param billing base URI of billing-service
 */
@Validated
@ConfigurationProperties("bl1nk.gateway.routes")
public record RoutesProperties(
        @NotNull @DefaultValue("http://127.0.0.1:8081") URI task,
        @NotNull @DefaultValue("http://127.0.0.1:8082") URI rag,
        @NotNull @DefaultValue("http://127.0.0.1:8083") URI mcp,
        @NotNull @DefaultValue("http://127.0.0.1:8084") URI billing) {}
