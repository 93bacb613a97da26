package com.bl1nk.gateway.edge;

import com.bl1nk.common.error.ReactiveProblemWriter;
import com.bl1nk.common.web.SafePaths;
import com.bl1nk.gateway.error.GatewayErrorCode;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Answers 400 {@code invalid_path} to paths with a {@code .}/{@code ..} segment, a {@code ;} or an encoded
 * {@code .}, {@code /} or {@code \}: routes match the raw path and forward it as is, so such a path could step out of
 * the prefix it was authorised for if a service resolved it differently.
 */
@Component
class PathGuardFilter implements WebFilter, Ordered {

    /** After trace and CORS (so the refusal carries both), before body limit and authentication. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 15;

    static final String DETAIL = SafePaths.DETAIL;

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (isUnsafe(exchange.getRequest().getURI().getRawPath())) {
            return ReactiveProblemWriter.write(exchange, GatewayErrorCode.INVALID_PATH, DETAIL);
        }
        return chain.filter(exchange);
    }

    /** Whether the raw (still percent-encoded) path is refused ({@link SafePaths}). */
    static boolean isUnsafe(String rawPath) {
        return SafePaths.isUnsafe(rawPath);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
