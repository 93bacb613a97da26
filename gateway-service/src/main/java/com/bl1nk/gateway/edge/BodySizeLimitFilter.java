package com.bl1nk.gateway.edge;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.error.CommonErrorCode;
import com.bl1nk.common.error.ReactiveProblemWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Refuses request bodies above {@code bl1nk.gateway.max-body-size} with 413: at once when {@code Content-Length}
 * says so, and while streaming for chunked bodies (the count fails the body stream, the error handler answers 413).
 */
@Component
class BodySizeLimitFilter implements WebFilter, Ordered {

    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

    private final long maxBytes;

    BodySizeLimitFilter(EdgeProperties properties) {
        this.maxBytes = properties.maxBodySize().toBytes();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        long declared = request.getHeaders().getContentLength();
        if (declared > maxBytes) {
            return ReactiveProblemWriter.write(exchange, CommonErrorCode.PAYLOAD_TOO_LARGE, tooLarge(declared));
        }
        if (declared >= 0) {
            // The server cannot deliver more than the declared length, so no counting is needed.
            return chain.filter(exchange);
        }
        ServerHttpRequest counted = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                return Flux.defer(() -> {
                    AtomicLong seen = new AtomicLong();
                    return super.getBody().handle((buffer, sink) -> {
                        if (seen.addAndGet(buffer.readableByteCount()) > maxBytes) {
                            DataBufferUtils.release(buffer);
                            sink.error(ApiException.payloadTooLarge(tooLarge(-1)));
                        } else {
                            sink.next(buffer);
                        }
                    });
                });
            }
        };
        return chain.filter(exchange.mutate().request(counted).build());
    }

    private String tooLarge(long declared) {
        return declared >= 0
                ? "Request body of %d bytes exceeds the limit of %d bytes".formatted(declared, maxBytes)
                : "Request body exceeds the limit of %d bytes".formatted(maxBytes);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
