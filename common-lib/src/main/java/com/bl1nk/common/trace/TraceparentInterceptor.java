package com.bl1nk.common.trace;

import java.io.IOException;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/** Adds a child {@code traceparent} to outgoing RestClient calls so the downstream service joins the same trace. */
public class TraceparentInterceptor implements ClientHttpRequestInterceptor {

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        if (!request.getHeaders().containsHeader(Traceparent.HEADER)) {
            request.getHeaders().set(Traceparent.HEADER, TraceContext.outgoing().format());
        }
        return execution.execute(request, body);
    }
}
