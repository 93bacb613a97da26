package com.bl1nk.gateway.edge;

import com.bl1nk.common.error.ReactiveProblemWriter;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
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

    static final String DETAIL = "The request path contains a dot-segment, a ';' path parameter or an encoded separator"
            + " ('%2e', '%2f' or '%5c'); send the normalised path";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (isUnsafe(exchange.getRequest().getURI().getRawPath())) {
            return ReactiveProblemWriter.write(exchange, HttpStatus.BAD_REQUEST, "invalid_path", DETAIL);
        }
        return chain.filter(exchange);
    }

    /** Whether the raw (still percent-encoded) path has a dot-segment, a {@code ;} or an encoded dot or slash. */
    static boolean isUnsafe(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return false;
        }
        if (rawPath.indexOf(';') >= 0) {
            return true;
        }
        String lower = rawPath.toLowerCase(Locale.ROOT);
        if (lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c")) {
            return true;
        }
        for (String segment : rawPath.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
