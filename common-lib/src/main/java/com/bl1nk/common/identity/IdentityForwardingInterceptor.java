package com.bl1nk.common.identity;

import java.io.IOException;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Forwards the current identity token ({@link IdentityHolder}) on outgoing RestClient calls, so a downstream service
 * sees the same tenant and principal; an explicitly set {@code X-Bl1nk-Identity} header is left alone.
 */
public class IdentityForwardingInterceptor implements ClientHttpRequestInterceptor {

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        if (!request.getHeaders().containsHeader(IdentityHeaders.IDENTITY)) {
            IdentityHolder.currentToken().ifPresent(t -> request.getHeaders().set(IdentityHeaders.IDENTITY, t));
        }
        return execution.execute(request, body);
    }
}
