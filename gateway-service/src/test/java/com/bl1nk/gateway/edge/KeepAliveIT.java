package com.bl1nk.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.gateway.support.GatewayIntegrationTest;
import com.bl1nk.gateway.support.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A keep-alive connection keeps being served when the client sends its next request before the server has finished
 * the previous exchange (HTTP/1.1 pipelining, and the race any pooled client hits when an answer completes on a worker
 * thread). An HTTP server that stops reading such a connection leaves the client's next request hanging until its
 * timeout, which is how this was found.
 */
class KeepAliveIT extends GatewayIntegrationTest {

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 (\\d{3}) ");

    @Test
    void answersEveryRequestSentBeforeThePreviousExchangeEnded() throws IOException {
        TestTenant tenant = newTenant("keepalive");
        // first: answered from a worker thread (database read); then answers that complete on the event loop
        String slow = "GET /api/v1/tenants/" + tenant.id() + " HTTP/1.1\r\nHost: gw\r\nAuthorization: "
                + bearer(tenant.ownerKey()) + "\r\n\r\n";
        String fast = "GET /api/v1/tenants HTTP/1.1\r\nHost: gw\r\n\r\n";
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            for (int round = 0; round < 3; round++) {
                out.write((slow + fast + fast).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(readStatuses(socket.getInputStream(), 3))
                        .as("round %d", round)
                        .containsExactly(200, 401, 401);
            }
        }
    }

    /** Reads {@code count} complete responses (each with a Content-Length) and returns their status codes. */
    private static int[] readStatuses(InputStream in, int count) throws IOException {
        int[] statuses = new int[count];
        for (int i = 0; i < count; i++) {
            String head;
            try {
                head = RawHttp.readHead(in);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("response " + (i + 1) + " of " + count + " never came", e);
            }
            Matcher status = STATUS_LINE.matcher(head);
            assertThat(status.find()).as(head).isTrue();
            statuses[i] = Integer.parseInt(status.group(1));
            Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
            assertThat(length.find()).as("content-length in " + head).isTrue();
            in.readNBytes(Integer.parseInt(length.group(1)));
        }
        return statuses;
    }
}
