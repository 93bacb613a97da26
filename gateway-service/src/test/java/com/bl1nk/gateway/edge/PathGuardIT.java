package com.bl1nk.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.gateway.support.GatewayIntegrationTest;
import com.bl1nk.gateway.support.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Paths with dot-segments, {@code ;} or encoded separators are refused at the edge (review I-4), before
 * authentication and routing, so they never reach a service. Sent over a raw socket because HTTP clients normalise
 * such paths before sending.
 */
class PathGuardIT extends GatewayIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void dotSegmentsMatrixParametersAndEncodedSeparatorsAre400AndNeverForwarded() throws IOException {
        TestTenant tenant = newTenant("pathguard");
        String marker = UUID.randomUUID().toString();
        List<String> paths = List.of(
                "/api/v1/budgets/../../internal/v1/prices",
                "/api/v1/budgets/%2e%2e/x",
                "/api/v1/budgets/%2E%2E/%2E%2E/internal/v1/prices",
                "/api/v1/budgets/..;/x",
                "/api/v1/budgets/x;jsessionid=1",
                "/api/v1/budgets/..%2f..%2finternal",
                "/api/v1/budgets/a%2fb",
                "/api/v1/budgets/a%2Fb",
                "/api/v1/budgets/a%5cb",
                "/api/v1/budgets/a%5C..%5Cb",
                "/api/v1/budgets/./x",
                "/api/v1/budgets/x/.",
                "/api/v1/budgets/..");
        for (String path : paths) {
            RawResponse response = send(path + "?probe=" + marker, tenant.ownerKey());
            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(response.header("content-type")).as(path).startsWith("application/problem+json");
            assertThat(response.header("x-trace-id")).as(path).matches("[0-9a-f]{32}");
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.get("code").asString()).as(path).isEqualTo("invalid_path");
            assertThat(problem.get("status").asInt()).as(path).isEqualTo(400);
            assertThat(problem.get("detail").asString()).as(path).contains("dot-segment");
            assertThat(problem.get("traceId").asString()).as(path).isEqualTo(response.header("x-trace-id"));
        }
        // refused before authentication: no key still gets the 400, not a 401
        assertThat(send("/api/v1/budgets/../../internal/v1/prices?probe=" + marker, null)
                        .status())
                .isEqualTo(400);
        assertThat(BILLING.receivedTargetContaining(marker)).isFalse();
    }

    @Test
    void dotsInsideASegmentStillRoute() throws IOException {
        TestTenant tenant = newTenant("pathguard-ok");
        String path = "/api/v1/budgets/" + UUID.randomUUID() + "/file.v1..tar";
        RawResponse response = send(path, tenant.ownerKey());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("path").asString()).isEqualTo(path);
        assertThat(BILLING.awaitRequest(path).getTarget()).isEqualTo(path);
    }

    private record RawResponse(int status, String head, String body) {

        String header(String name) {
            Matcher m = Pattern.compile("(?im)^" + Pattern.quote(name) + ": *([^\r\n]*)")
                    .matcher(head);
            return m.find() ? m.group(1) : null;
        }
    }

    /** Sends {@code GET target} exactly as given and reads one response with a Content-Length. */
    private RawResponse send(String target, String key) throws IOException {
        StringBuilder request =
                new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n");
        if (key != null) {
            request.append("Authorization: ").append(bearer(key)).append("\r\n");
        }
        request.append("\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            String head = RawHttp.readHead(in);
            Matcher status = Pattern.compile("^HTTP/1\\.1 (\\d{3}) ").matcher(head);
            assertThat(status.find()).as(head).isTrue();
            RawResponse withoutBody = new RawResponse(Integer.parseInt(status.group(1)), head, "");
            String length = withoutBody.header("content-length");
            // Connection: close, so without a length the body is the rest of the stream
            byte[] body = length != null ? in.readNBytes(Integer.parseInt(length.strip())) : in.readAllBytes();
            return new RawResponse(withoutBody.status(), head, new String(body, StandardCharsets.UTF_8));
        }
    }
}
