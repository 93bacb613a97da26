package com.bl1nk.common.identity;

import java.io.IOException;
import java.time.Duration;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Gives every call of one RestClient this workload's own token for the callee ({@code aud}), acting for the identity
 * bound to the thread ({@link IdentityHolder}): the caller's token is never forwarded, so a callee can tell, and limit,
 * which workload is calling. A call with no bound identity goes without a token (the callee answers 401).
 */
public class ServiceTokenInterceptor implements ClientHttpRequestInterceptor {

    private final IdentityTokenCodec codec;
    private final String audience;
    private final Duration ttl;

    public ServiceTokenInterceptor(IdentityTokenCodec codec, String audience, Duration ttl) {
        this.codec = codec;
        this.audience = audience;
        this.ttl = ttl;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        IdentityHolder.find()
                .ifPresent(identity ->
                        request.getHeaders().set(IdentityHeaders.IDENTITY, codec.mint(identity, audience, ttl)));
        return execution.execute(request, body);
    }
}
