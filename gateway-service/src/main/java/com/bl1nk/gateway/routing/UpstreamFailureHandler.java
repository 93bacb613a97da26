package com.bl1nk.gateway.routing;

import com.bl1nk.common.error.CommonErrorCode;
import com.bl1nk.common.error.ReactiveProblemWriter;
import java.io.IOException;
import java.net.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * A routed service that hangs up or breaks the connection mid-answer is the service's fault, not ours: answer 502
 * {@code bad_gateway} instead of the generic 500 the common handler gives unknown exceptions. Everything else passes on
 * to common-lib's problem handler.
 */
@Component
class UpstreamFailureHandler implements WebExceptionHandler, Ordered {

    private static final Logger log = LoggerFactory.getLogger(UpstreamFailureHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        boolean routed = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR) != null;
        if (!routed || exchange.getResponse().isCommitted() || !isConnectionFailure(ex)) {
            return Mono.error(ex);
        }
        log.warn("Upstream failed on {}: {}", exchange.getRequest().getPath(), ex.toString());
        return ReactiveProblemWriter.write(
                exchange,
                CommonErrorCode.BAD_GATEWAY,
                "The service behind this path closed the connection without a complete answer");
    }

    private static boolean isConnectionFailure(Throwable ex) {
        for (Throwable t = ex; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return false; // not reachable at all: common-lib answers 503
            }
            if (t instanceof IOException
                    || t.getClass().getName().equals("reactor.netty.http.client.PrematureCloseException")) {
                return true;
            }
        }
        return false;
    }

    /** Just before common-lib's problem handler (order -2). */
    @Override
    public int getOrder() {
        return -3;
    }
}
