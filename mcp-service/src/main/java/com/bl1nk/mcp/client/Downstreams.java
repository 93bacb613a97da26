package com.bl1nk.mcp.client;

import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/** Builds a RestClient for one downstream with explicit connect and read timeouts. */
public final class Downstreams {

    private Downstreams() {}

    public static RestClient restClient(RestClient.Builder builder, ClientsProperties.Downstream downstream) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(downstream.timeout());
        return builder.clone()
                .baseUrl(downstream.baseUrl().toString())
                .requestFactory(factory)
                .build();
    }
}
