package com.bl1nk.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UrlGuardTests {

    private static final Map<String, String> FAKE_DNS = Map.of(
            "example.com", "93.184.216.34",
            "localhost", "127.0.0.1",
            "metadata.google.internal", "169.254.169.254",
            "intranet.corp", "10.1.2.3",
            "six.example", "2606:4700::1111",
            "ula.example", "fd12:3456::1");

    private static InetAddress[] fakeResolve(String host) throws UnknownHostException {
        String ip = FAKE_DNS.get(host);
        if (ip == null) {
            throw new UnknownHostException(host);
        }
        return new InetAddress[] {InetAddress.getByName(ip)};
    }

    private final UrlGuard strict = new UrlGuard(new NetGuardProperties(List.of(), false), UrlGuardTests::fakeResolve);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://169.254.169.254/latest/meta-data/",
                "http://127.0.0.1/",
                "http://127.0.0.1:8083/mcp",
                "http://[::1]/",
                "http://0x7f000001/",
                "http://2130706433/",
                "http://017700000001/",
                "http://[::ffff:127.0.0.1]/",
                "http://[::ffff:7f00:1]/",
                "http://[::ffff:169.254.169.254]/",
                "http://127.1/",
                "http://0177.0.0.1/",
                "http://0x7f.0.0.1/",
                "http://10.0.0.1/",
                "http://172.16.5.4/",
                "http://192.168.1.1/",
                "http://100.64.0.1/",
                "http://0.0.0.0/",
                "http://[::]/",
                "http://[fd00::1]/",
                "http://[fe80::1]/",
                "http://224.0.0.1/",
                "http://255.255.255.255/",
                "http://[::127.0.0.1]/",
                "http://[64:ff9b::a9fe:a9fe]/",
                "http://[2002:7f00:1::]/",
                "http://[ff02::1]/",
                "http://localhost/",
                "http://LOCALHOST./",
                "http://metadata.google.internal/",
                "http://intranet.corp/",
                "http://ula.example/",
                "http://user@example.com/",
                "file:///etc/passwd",
                "gopher://example.com/",
                "http://does-not-resolve.example/",
                "http://exa mple.com/",
                "",
            })
    void refusesInternalEncodedAndMalformedUrls(String url) {
        assertThatThrownBy(() -> strict.check(url))
                .isInstanceOf(UrlBlockedException.class)
                .satisfies(e -> {
                    UrlBlockedException blocked = (UrlBlockedException) e;
                    assertThat(blocked.code()).isEqualTo("url_not_allowed");
                    assertThat(blocked.getStatusCode().value()).isEqualTo(400);
                    assertThat(blocked.detail()).startsWith("Refused to connect to");
                });
    }

    @Test
    void explainsEncodedFormsWithTheAddressTheyMean() {
        assertThatThrownBy(() -> strict.check("http://0x7f000001/"))
                .hasMessageContaining("encoded IPv4 form (of 127.0.0.1)");
        assertThatThrownBy(() -> strict.check("http://017700000001/"))
                .hasMessageContaining("encoded IPv4 form (of 127.0.0.1)");
        assertThatThrownBy(() -> strict.check("http://169.254.169.254/")).hasMessageContaining("link-local");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://example.com/mcp",
                "http://93.184.216.34:8080/sse",
                "https://[2606:4700::1111]/",
                "https://six.example/",
                "http://8.8.8.8/"
            })
    void acceptsPublicAddresses(String url) {
        assertThat(strict.check(url)).isEqualTo(URI.create(url));
    }

    @Test
    void operatorAllowlistOpensOnlyWhatItNames() {
        UrlGuard guard = new UrlGuard(
                new NetGuardProperties(List.of("127.0.0.5", "10.1.0.0/16", "metadata.google.internal"), false),
                UrlGuardTests::fakeResolve);
        assertThat(guard.check("http://127.0.0.5:9000/mcp")).isNotNull();
        assertThat(guard.check("http://intranet.corp/")).isNotNull();
        assertThat(guard.check("http://metadata.google.internal/")).isNotNull();
        assertThatThrownBy(() -> guard.check("http://127.0.0.1/")).isInstanceOf(UrlBlockedException.class);
        assertThatThrownBy(() -> guard.check("http://10.2.0.1/")).isInstanceOf(UrlBlockedException.class);
        assertThatThrownBy(() -> guard.check("http://169.254.169.254/")).isInstanceOf(UrlBlockedException.class);
        // an allowlisted address spelled in an encoded form is still refused
        assertThatThrownBy(() -> guard.check("http://0x7f000005/")).isInstanceOf(UrlBlockedException.class);
    }

    @Test
    void allowLoopbackOpensLoopbackButNothingElse() {
        UrlGuard guard = new UrlGuard(new NetGuardProperties(List.of(), true), UrlGuardTests::fakeResolve);
        assertThat(guard.check("http://127.0.0.1:1234/")).isNotNull();
        assertThat(guard.check("http://[::1]:1234/")).isNotNull();
        assertThat(guard.check("http://localhost/")).isNotNull();
        assertThatThrownBy(() -> guard.check("http://169.254.169.254/")).isInstanceOf(UrlBlockedException.class);
        assertThatThrownBy(() -> guard.check("http://192.168.0.1/")).isInstanceOf(UrlBlockedException.class);
    }

    @Test
    void rechecksTheNameAtConnectTimeSoDnsRebindingIsCaught() {
        AtomicInteger lookups = new AtomicInteger();
        UrlGuard guard = new UrlGuard(new NetGuardProperties(List.of(), false), host -> {
            String ip = lookups.getAndIncrement() == 0 ? "93.184.216.34" : "127.0.0.1";
            return new InetAddress[] {InetAddress.getByName(ip)};
        });
        URI uri = guard.check("http://rebind.example/mcp");

        assertThatThrownBy(() -> guard.proxySelector().select(uri))
                .isInstanceOf(UrlBlockedException.class)
                .hasMessageContaining("127.0.0.1");
        assertThat(lookups).hasValue(2);
    }

    @Test
    void guardedClientReResolvesAtSendTimeSoARebindingNameIsRefused() {
        AtomicInteger lookups = new AtomicInteger();
        UrlGuard guard = new UrlGuard(new NetGuardProperties(List.of(), false), host -> {
            String ip = lookups.getAndIncrement() == 0 ? "93.184.216.34" : "169.254.169.254";
            return new InetAddress[] {InetAddress.getByName(ip)};
        });
        URI uri = guard.check("http://rebind.example/latest/meta-data/");

        try (HttpClient client = guard.httpClientBuilder(Duration.ofSeconds(1)).build()) {
            HttpRequest request =
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build();
            assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.discarding()))
                    .isInstanceOf(UrlBlockedException.class)
                    .hasMessageContaining("169.254.169.254");
        }
        assertThat(lookups).hasValue(2);
    }

    @Test
    void refusesARedirectToANonAllowlistedInternalAddressWithoutFetchingIt() throws Exception {
        AtomicInteger internalHits = new AtomicInteger();
        HttpServer internal = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.6"), 0), 0);
        internal.createContext("/", exchange -> {
            internalHits.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        HttpServer allowed = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.5"), 0), 0);
        String target = "http://127.0.0.6:" + internal.getAddress().getPort() + "/secret";
        allowed.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Location", target);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        internal.start();
        allowed.start();
        try {
            UrlGuard guard = new UrlGuard(new NetGuardProperties(List.of("127.0.0.5"), false));
            String start = "http://127.0.0.5:" + allowed.getAddress().getPort() + "/mcp";
            URI uri = guard.check(start);
            try (HttpClient client =
                    guard.httpClientBuilder(Duration.ofSeconds(2)).build()) {
                HttpRequest request = HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(5))
                        .GET()
                        .build();
                assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.discarding()))
                        .satisfies(e -> {
                            UrlBlockedException blocked = UrlBlockedException.findIn(e);
                            assertThat(blocked).isNotNull();
                            assertThat(blocked.url()).isEqualTo(target);
                        });
            }
            assertThat(internalHits).hasValue(0);
        } finally {
            allowed.stop(0);
            internal.stop(0);
        }
    }

    @Test
    void aRedirectToAnotherOriginCarriesNoCredentialHeaderOfAnyName() throws Exception {
        java.util.Map<String, java.util.List<String>> seen = new java.util.concurrent.ConcurrentHashMap<>();
        HttpServer target = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.7"), 0), 0);
        target.createContext("/", exchange -> {
            exchange.getRequestHeaders().forEach((k, v) -> seen.put(k.toLowerCase(java.util.Locale.ROOT), v));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        HttpServer first = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.5"), 0), 0);
        first.createContext("/", exchange -> {
            exchange.getResponseHeaders()
                    .add("Location", "http://127.0.0.7:" + target.getAddress().getPort() + "/elsewhere");
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
        });
        target.start();
        first.start();
        try {
            UrlGuard guard = new UrlGuard(new NetGuardProperties(List.of("127.0.0.5", "127.0.0.7"), false));
            try (HttpClient client =
                    guard.httpClientBuilder(Duration.ofSeconds(2)).build()) {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://127.0.0.5:" + first.getAddress().getPort() + "/"))
                                .timeout(Duration.ofSeconds(5))
                                .header("Authorization", "Bearer sk-secret")
                                .header("x-api-key", "sk-anthropic-style")
                                .header("api-key", "azure-style")
                                .header("X-Tenant-Secret", "a tenant's custom header")
                                .header("Cookie", "session=1")
                                .header("Accept", "application/json")
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
            }
            assertThat(seen)
                    .doesNotContainKeys("authorization", "x-api-key", "api-key", "x-tenant-secret", "cookie")
                    .containsKeys("accept", "content-type");
        } finally {
            first.stop(0);
            target.stop(0);
        }
    }

    @Test
    void followsARedirectBetweenAllowedHostsCheckingEachHop() throws Exception {
        HttpServer target = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.7"), 0), 0);
        target.createContext("/", exchange -> {
            byte[] body = "landed".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        HttpServer first = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.5"), 0), 0);
        first.createContext("/", exchange -> {
            exchange.getResponseHeaders()
                    .add("Location", "http://127.0.0.7:" + target.getAddress().getPort() + "/final");
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
        });
        target.start();
        first.start();
        try {
            UrlGuard guard = new UrlGuard(new NetGuardProperties(List.of("127.0.0.5", "127.0.0.7"), false));
            try (HttpClient client =
                    guard.httpClientBuilder(Duration.ofSeconds(2)).build()) {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://127.0.0.5:" + first.getAddress().getPort() + "/"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("landed");
                assertThat(response.uri().getHost()).isEqualTo("127.0.0.7");
            }
        } finally {
            first.stop(0);
            target.stop(0);
        }
    }

    @Test
    void parsesInetAtonForms() throws IOException {
        assertThat(InetAddress.getByAddress(UrlGuard.parseLooseIpv4("2130706433"))
                        .getHostAddress())
                .isEqualTo("127.0.0.1");
        assertThat(InetAddress.getByAddress(UrlGuard.parseLooseIpv4("0x7f.1")).getHostAddress())
                .isEqualTo("127.0.0.1");
        assertThat(InetAddress.getByAddress(UrlGuard.parseLooseIpv4("10.1.258")).getHostAddress())
                .isEqualTo("10.1.1.2");
        assertThat(UrlGuard.parseLooseIpv4("256.1.1.1")).isNull();
        assertThat(UrlGuard.parseLooseIpv4("1.2.3.4.5")).isNull();
        assertThat(UrlGuard.isCanonicalIpv4("127.0.0.1")).isTrue();
        assertThat(UrlGuard.isCanonicalIpv4("127.0.0.01")).isFalse();
    }

    @Test
    void aHostJavaCannotParseIsRefusedRatherThanCheckedOnTheDefaultPort() {
        UrlGuard guard =
                new UrlGuard(new NetGuardProperties(List.of("example.com:443"), false), UrlGuardTests::fakeResolve);

        assertThatThrownBy(() -> guard.check("http://a_b.example.com:6379/"))
                .isInstanceOf(UrlBlockedException.class)
                .hasMessageContaining("not a valid host name");
    }

    @Test
    void anEntryWithAPortOpensThatPortOnlyAndTheRefusalNamesTheSetting() {
        UrlGuard guard = new UrlGuard(
                new NetGuardProperties(List.of("10.1.2.3:8080", "intranet.corp:9000", "[fd12:3456::1]:443"), false),
                UrlGuardTests::fakeResolve);

        assertThat(guard.check("http://10.1.2.3:8080/v1").getPort()).isEqualTo(8080);
        assertThat(guard.check("http://intranet.corp:9000/").getHost()).isEqualTo("intranet.corp");
        assertThat(guard.check("https://ula.example/").getHost()).isEqualTo("ula.example");

        for (String other : List.of(
                "http://10.1.2.3/", "http://10.1.2.3:22/", "http://intranet.corp:22/", "http://[fd12:3456::1]:80/")) {
            assertThatThrownBy(() -> guard.check(other))
                    .as(other)
                    .isInstanceOf(UrlBlockedException.class)
                    .hasMessageContaining("bl1nk.net.allowed-hosts")
                    .hasMessageContaining("BL1NK_NET_ALLOWEDHOSTS")
                    .hasMessageNotContaining("9000");
        }
        // a name resolving to an address allowed on the asked port gets through by its address
        assertThat(guard.check("http://intranet.corp:8080/").getPort()).isEqualTo(8080);
        assertThat(guard.isAllowed(addr("10.1.2.3"))).isFalse();
    }

    @Test
    void anEntryWithoutAPortStillOpensEveryPortAndABlockCanCarryAPort() {
        UrlGuard guard = new UrlGuard(
                new NetGuardProperties(List.of("10.1.2.3", "172.16.0.0/12:443"), false), UrlGuardTests::fakeResolve);

        assertThat(guard.check("http://10.1.2.3:22/").getPort()).isEqualTo(22);
        assertThat(guard.isAllowed(addr("10.1.2.3"))).isTrue();
        assertThat(guard.check("https://172.16.5.4/").getHost()).isEqualTo("172.16.5.4");
        assertThatThrownBy(() -> guard.check("http://172.16.5.4/")).isInstanceOf(UrlBlockedException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.1.2.3:0", "10.1.2.3:70000", "host:http", "[fd00::1", "[fd00::1]x", ":8080", "bad host"})
    void aMalformedEntryStopsStartUpNamingTheEntryAndTheSetting(String entry) {
        assertThatThrownBy(() -> new UrlGuard(new NetGuardProperties(List.of(entry), false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "'" + entry.toLowerCase(java.util.Locale.ROOT).strip() + "'")
                .hasMessageContaining("bl1nk.net.allowed-hosts");
    }

    private static InetAddress addr(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
