import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityTokenCodec;
import com.bl1nk.common.identity.TrustedKeys;
import com.bl1nk.common.identity.WorkloadKey;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tool-call overhead of mcp-service: the same MCP tool ({@code echo} of the reference server over Streamable HTTP)
 * called (a) directly with the MCP Java SDK client and (b) through {@code POST /api/v1/mcp/tools/{id}/call}
 * (identity check, registry lookup, approval, JSON Schema validation, pooled session, output cap, audit row).
 * Sequential calls after warm-up; prints p50/p90/p99 of both and the difference.
 *
 * <p>The identity token is ES256, minted as the gateway would for mcp-service: signed with the gateway's key (the
 * {@code gateway.pem} bench/keys.sh writes), {@code aud} mcp.
 *
 * <p>Args: mcpServiceUrl referenceServerUrl gatewayKeyFile [calls]
 */
public class McpOverheadBench {

    public static void main(String[] args) throws Exception {
        String service = args[0];
        String reference = args[1];
        Path gatewayKey = Path.of(args[2]);
        int calls = args.length > 3 ? Integer.parseInt(args[3]) : 2000;
        int warmup = Math.max(200, calls / 5);

        UUID tenant = UUID.randomUUID();
        IdentityTokenCodec gateway = new IdentityTokenCodec(
                "gateway", WorkloadKey.read("gateway", gatewayKey), TrustedKeys.of(List.of()), Duration.ofHours(1),
                Clock.systemUTC());
        String token = gateway.mint(new Identity(tenant, "user:bench", Set.of(Identity.OWNER), Set.of(), null), "mcp");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        // register the reference server for a fresh tenant and find its echo tool
        String body = "{\"name\":\"bench-" + tenant.toString().substring(0, 8)
                + "\",\"transport\":\"streamable_http\",\"url\":\"" + reference + "\"}";
        HttpResponse<String> registered = http.send(
                HttpRequest.newBuilder(URI.create(service + "/api/v1/mcp/servers"))
                        .header("X-Bl1nk-Identity", token)
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (registered.statusCode() != 201) {
            throw new IllegalStateException("registration failed: " + registered.statusCode() + " " + registered.body());
        }
        Matcher m = Pattern.compile("\\{\"id\":\"([0-9a-f-]{36})\",\"serverId\":\"[0-9a-f-]{36}\",\"serverName\":\"[^\"]*\",\"name\":\"echo\"")
                .matcher(registered.body());
        if (!m.find()) {
            throw new IllegalStateException("no echo tool in " + registered.body());
        }
        String toolId = m.group(1);
        HttpRequest viaService = HttpRequest.newBuilder(URI.create(service + "/api/v1/mcp/tools/" + toolId + "/call"))
                .header("X-Bl1nk-Identity", token)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"arguments\":{\"message\":\"hello bench\"}}"))
                .build();

        HttpRequest readTool = HttpRequest.newBuilder(URI.create(service + "/api/v1/mcp/tools/" + toolId))
                .header("X-Bl1nk-Identity", token)
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();

        URI ref = URI.create(reference);
        McpSyncClient direct = McpClient.sync(HttpClientStreamableHttpTransport.builder(
                                ref.getScheme() + "://" + ref.getRawAuthority())
                        .endpoint(ref.getRawPath())
                        .build())
                .requestTimeout(Duration.ofSeconds(30))
                .build();
        direct.initialize();
        McpSchema.CallToolRequest echo = new McpSchema.CallToolRequest("echo", Map.of("message", "hello bench"), null);

        for (int i = 0; i < warmup; i++) {
            direct.callTool(echo);
            send(http, viaService);
            http.send(readTool, HttpResponse.BodyHandlers.ofString());
        }
        long[] directNanos = new long[calls];
        long[] serviceNanos = new long[calls];
        long[] readNanos = new long[calls];
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            direct.callTool(echo);
            long t1 = System.nanoTime();
            send(http, viaService);
            long t2 = System.nanoTime();
            http.send(readTool, HttpResponse.BodyHandlers.ofString());
            long t3 = System.nanoTime();
            directNanos[i] = t1 - t0;
            serviceNanos[i] = t2 - t1;
            readNanos[i] = t3 - t2;
        }
        direct.closeGracefully();

        System.out.printf("calls=%d (after %d warm-up), sequential, echo over Streamable HTTP%n", calls, warmup);
        report("direct (MCP Java SDK client -> server)", directNanos);
        report("via mcp-service (HTTP API -> pooled SDK session -> server)", serviceNanos);
        report("reference: GET /api/v1/mcp/tools/{id} (HTTP hop + identity + 1 query)", readNanos);
        System.out.printf(
                "overhead: p50 %+.2f ms, p90 %+.2f ms, p99 %+.2f ms%n",
                ms(pct(serviceNanos, 50)) - ms(pct(directNanos, 50)),
                ms(pct(serviceNanos, 90)) - ms(pct(directNanos, 90)),
                ms(pct(serviceNanos, 99)) - ms(pct(directNanos, 99)));
    }

    private static void send(HttpClient http, HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.body().contains("Echo: hello bench")) {
            throw new IllegalStateException("call failed: " + response.statusCode() + " " + response.body());
        }
    }

    private static void report(String label, long[] nanos) {
        System.out.printf(
                "%-60s p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  mean %.2f ms%n",
                label, ms(pct(nanos, 50)), ms(pct(nanos, 90)), ms(pct(nanos, 99)),
                ms((long) Arrays.stream(nanos).average().orElse(0)));
    }

    private static long pct(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }
}
