package com.bl1nk.common.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * SSRF guard for every URL a tenant can make bl1nk fetch: refuses internal, special-purpose and ambiguously encoded
 * addresses (and names resolving to them) unless the operator allowlisted them, both up front ({@link #check}) and on
 * every request, redirect hop and reconnect of an {@link HttpClient} built by {@link #httpClientBuilder}.
 */
public final class UrlGuard {

    /** Resolves a host name to all of its addresses; replaceable in tests to play DNS rebinding. */
    @FunctionalInterface
    public interface HostResolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private static final Pattern HOST_NAME = Pattern.compile(
            "^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$");
    private static final Pattern LOOSE_IPV4 = Pattern.compile("^[0-9a-fx.]+$", Pattern.CASE_INSENSITIVE);

    private static final List<Cidr> BLOCKED = List.of(
            Cidr.parse("0.0.0.0/8", "the unspecified / this-network range"),
            Cidr.parse("10.0.0.0/8", "a private address"),
            Cidr.parse("100.64.0.0/10", "a carrier-grade NAT address"),
            Cidr.parse("127.0.0.0/8", "a loopback address"),
            Cidr.parse("169.254.0.0/16", "a link-local address (cloud metadata lives here)"),
            Cidr.parse("172.16.0.0/12", "a private address"),
            Cidr.parse("192.0.0.0/24", "an IETF protocol assignment"),
            Cidr.parse("192.0.2.0/24", "a documentation address"),
            Cidr.parse("192.88.99.0/24", "a 6to4 relay address"),
            Cidr.parse("192.168.0.0/16", "a private address"),
            Cidr.parse("198.18.0.0/15", "a benchmarking address"),
            Cidr.parse("198.51.100.0/24", "a documentation address"),
            Cidr.parse("203.0.113.0/24", "a documentation address"),
            Cidr.parse("224.0.0.0/4", "a multicast address"),
            Cidr.parse("240.0.0.0/4", "a reserved or broadcast address"),
            Cidr.parse("::/128", "the unspecified address"),
            Cidr.parse("::1/128", "a loopback address"),
            Cidr.parse("100::/64", "a discard-only address"),
            Cidr.parse("2001::/32", "a Teredo tunnel address"),
            Cidr.parse("2001:db8::/32", "a documentation address"),
            Cidr.parse("fc00::/7", "a unique-local address"),
            Cidr.parse("fe80::/10", "a link-local address"),
            Cidr.parse("fec0::/10", "a site-local address"),
            Cidr.parse("ff00::/8", "a multicast address"));

    /** Where the operator names what may be reached although internal; said in refusals so a person can act. */
    static final String SETTING = "bl1nk.net.allowed-hosts (environment: BL1NK_NET_ALLOWEDHOSTS, comma-separated)";

    /** A port not known to the caller: only an entry without a port covers it. */
    private static final int ANY_PORT = -1;

    private final List<Allowance> allowances = new ArrayList<>();
    private final boolean allowLoopback;
    private final HostResolver resolver;

    public UrlGuard(NetGuardProperties properties) {
        this(properties, InetAddress::getAllByName);
    }

    public UrlGuard(NetGuardProperties properties, HostResolver resolver) {
        this.allowLoopback = properties.allowLoopback();
        this.resolver = resolver;
        for (String entry : properties.allowedHosts()) {
            String e = entry.strip().toLowerCase(Locale.ROOT);
            if (!e.isEmpty()) {
                allowances.add(Allowance.parse(e));
            }
        }
    }

    /**
     * Checks an http(s) URL: syntax, no user info, host not an encoded IP form, and every address it resolves to
     * public or allowlisted. Returns the parsed URI.
     *
     * @throws UrlBlockedException with a reason a person understands
     */
    public URI check(String url) {
        if (url == null || url.isBlank()) {
            throw new UrlBlockedException(String.valueOf(url), "the URL is empty");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new UrlBlockedException(url, "it is not a valid URL");
        }
        checkUri(uri);
        return uri;
    }

    /** Like {@link #check(String)} for a parsed URI; returns the addresses the host resolved to. */
    public List<InetAddress> checkUri(URI uri) {
        String shown = uri.toString();
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new UrlBlockedException(shown, "only http and https URLs are allowed");
        }
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isBlank()) {
            throw new UrlBlockedException(shown, "the URL has no host");
        }
        if (authority.contains("@")) {
            throw new UrlBlockedException(shown, "URLs with user info are not allowed; put credentials in headers");
        }
        if (uri.getHost() == null) {
            // e.g. an underscore in the name: Java cannot parse the host, so it reports no port either, and a client
            // that parses more loosely could connect to a port the allowlist check never saw
            throw new UrlBlockedException(
                    shown, "its host is not a valid host name (letters, digits, '-' and '.'), IP address or [IPv6]");
        }
        String host = uri.getHost();
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return checkHost(shown, host, port);
    }

    /**
     * Checks one host (name, IPv4 or bracketed/bare IPv6 literal) for an unknown port, so only allowlist entries without
     * a port let an internal host through; returns the addresses it resolves to.
     */
    public List<InetAddress> checkHost(String host) {
        return checkHost(host, host, ANY_PORT);
    }

    private List<InetAddress> checkHost(String shown, String rawHost, int port) {
        if (rawHost == null || rawHost.isBlank()) {
            throw new UrlBlockedException(shown, "the URL has no host");
        }
        String host = rawHost.strip().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.contains(":")) {
            if (host.contains("%")) {
                throw new UrlBlockedException(shown, "IPv6 zone ids are not allowed");
            }
            InetAddress literal = literal(shown, host);
            requireAllowed(shown, literal, port);
            return List.of(literal);
        }
        host = stripDot(host);
        if (LOOSE_IPV4.matcher(host).matches() && !host.isEmpty() && looksNumeric(host)) {
            byte[] decoded = parseLooseIpv4(host);
            if (decoded == null) {
                throw new UrlBlockedException(shown, "the host is neither a valid name nor a valid IPv4 address");
            }
            InetAddress address = byAddress(decoded);
            if (!isCanonicalIpv4(host)) {
                throw new UrlBlockedException(
                        shown,
                        "the host is an encoded IPv4 form (of " + address.getHostAddress()
                                + "); write addresses as dotted decimal");
            }
            requireAllowed(shown, address, port);
            return List.of(address);
        }
        if (!HOST_NAME.matcher(host).matches()) {
            throw new UrlBlockedException(shown, "the host is not a valid DNS name");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new UrlBlockedException(shown, "the host name " + host + " does not resolve");
        }
        if (addresses == null || addresses.length == 0) {
            throw new UrlBlockedException(shown, "the host name " + host + " does not resolve");
        }
        for (Allowance allowance : allowances) {
            if (allowance.coversName(host, port)) {
                return List.of(addresses);
            }
        }
        for (InetAddress address : addresses) {
            requireAllowed(shown, address, port);
        }
        return List.of(addresses);
    }

    /** Whether an address may be reached on any port: public, or allowlisted by the operator without a port. */
    public boolean isAllowed(InetAddress address) {
        return blockedReason(address, ANY_PORT) == null;
    }

    private void requireAllowed(String shown, InetAddress address, int port) {
        String reason = blockedReason(address, port);
        if (reason != null) {
            // The hint names the setting, never what it holds: tenants read these refusals.
            throw new UrlBlockedException(
                    shown,
                    "it points to " + address.getHostAddress() + ", " + reason + ". If it is meant to be reachable, "
                            + "the platform operator adds it (as host:port, or host for every port) to " + SETTING);
        }
    }

    private String blockedReason(InetAddress address, int port) {
        byte[] bytes = address.getAddress();
        for (Allowance allowance : allowances) {
            if (allowance.coversAddress(bytes, port)) {
                return null;
            }
        }
        byte[] embedded = embeddedIpv4(bytes);
        if (embedded != null) {
            String inner = blockedReason(byAddress(embedded), port);
            return inner == null
                    ? null
                    : "which embeds an IPv4 address that is " + inner.replaceFirst("^which is ", "");
        }
        if (allowLoopback && address.isLoopbackAddress()) {
            return null;
        }
        for (Cidr blocked : BLOCKED) {
            if (blocked.contains(bytes)) {
                return "which is " + blocked.description;
            }
        }
        return null;
    }

    /**
     * A proxy selector that re-checks every request URI (each redirect hop, each new connection) against this guard
     * and refuses it with {@link UrlBlockedException} before any connection is made.
     */
    public ProxySelector proxySelector() {
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                checkUri(uri);
                return List.of(Proxy.NO_PROXY);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
                // nothing to remember: every request is re-checked anyway
            }
        };
    }

    /**
     * An HttpClient builder whose clients go direct (no system proxy), check every request with this guard, and follow
     * redirects (policy NORMAL unless changed) themselves so each hop is re-resolved and re-checked before it is sent;
     * callers add request timeouts. Hand it to clients that take a builder (the MCP SDK transports do).
     */
    public HttpClient.Builder httpClientBuilder(Duration connectTimeout) {
        return new GuardedHttpClient.Builder(this).connectTimeout(connectTimeout);
    }

    // --- parsing helpers -------------------------------------------------------------------------------------

    private static String stripDot(String host) {
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    /** True when every dot-separated part starts with a digit, i.e. the resolver would read it as a number. */
    private static boolean looksNumeric(String host) {
        for (String part : host.split("\\.", -1)) {
            if (part.isEmpty() || !Character.isDigit(part.charAt(0))) {
                return false;
            }
        }
        return true;
    }

    static boolean isCanonicalIpv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
                return false;
            }
            for (int i = 0; i < p.length(); i++) {
                if (!Character.isDigit(p.charAt(i))) {
                    return false;
                }
            }
            if (Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /** inet_aton semantics: 1 to 4 parts, each decimal, 0-prefixed octal or 0x-prefixed hex; null when invalid. */
    static byte[] parseLooseIpv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length < 1 || parts.length > 4) {
            return null;
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Long v = parseNumber(parts[i]);
            if (v == null) {
                return null;
            }
            values[i] = v;
        }
        long result = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i] > 255) {
                return null;
            }
            result |= values[i] << (24 - 8 * i);
        }
        long last = values[parts.length - 1];
        int remainingBits = 8 * (5 - parts.length);
        if (last >= (1L << remainingBits)) {
            return null;
        }
        result |= last;
        return new byte[] {(byte) (result >>> 24), (byte) (result >>> 16), (byte) (result >>> 8), (byte) result};
    }

    private static Long parseNumber(String part) {
        if (part.isEmpty() || part.length() > 34) {
            return null;
        }
        try {
            String p = part.toLowerCase(Locale.ROOT);
            long v;
            if (p.startsWith("0x")) {
                v = p.length() == 2 ? 0 : Long.parseLong(p.substring(2), 16);
            } else if (p.length() > 1 && p.startsWith("0")) {
                v = Long.parseLong(p.substring(1), 8);
            } else {
                v = Long.parseLong(p, 10);
            }
            return v < 0 || v > 0xFFFFFFFFL ? null : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static InetAddress literal(String shown, String ipv6) {
        try {
            // an IPv6 literal (it contains ':'), so no DNS lookup happens here
            return InetAddress.getByName(ipv6);
        } catch (UnknownHostException e) {
            throw new UrlBlockedException(shown, "the host is not a valid IPv6 address");
        }
    }

    private static InetAddress byAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes expected", e);
        }
    }

    /** The IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 or 6to4 IPv6 address; null for anything else. */
    private static byte[] embeddedIpv4(byte[] b) {
        if (b.length != 16) {
            return null;
        }
        boolean first10Zero = true;
        for (int i = 0; i < 10; i++) {
            first10Zero &= b[i] == 0;
        }
        if (first10Zero && b[10] == (byte) 0xff && b[11] == (byte) 0xff) {
            return new byte[] {b[12], b[13], b[14], b[15]}; // ::ffff:a.b.c.d
        }
        if (first10Zero && b[10] == 0 && b[11] == 0) {
            boolean high = b[12] != 0 || b[13] != 0 || b[14] != 0 || (b[15] & 0xff) > 1;
            return high ? new byte[] {b[12], b[13], b[14], b[15]} : null; // ::a.b.c.d (not :: or ::1)
        }
        if (b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b) {
            return new byte[] {b[12], b[13], b[14], b[15]}; // 64:ff9b::/96 and 64:ff9b:1::/48
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return new byte[] {b[2], b[3], b[4], b[5]}; // 2002::/16 6to4
        }
        return null;
    }

    /** An address block. */
    /**
     * One operator allowlist entry: a host name or an address block, on one port or (without a port) on every port.
     * Forms: {@code name}, {@code name:8080}, {@code 10.0.0.5}, {@code 10.0.0.5:8080}, {@code 10.1.0.0/16},
     * {@code 10.1.0.0/16:443}, {@code fd00::1}, {@code [fd00::1]:8080}, {@code [fd00::/8]:443}.
     */
    private record Allowance(String name, Cidr range, int port) {

        static Allowance parse(String entry) {
            String host = entry;
            int port = ANY_PORT;
            if (entry.startsWith("[")) {
                int close = entry.indexOf(']');
                if (close < 0) {
                    throw invalid(entry, "a '[' without its ']'");
                }
                host = entry.substring(1, close);
                String rest = entry.substring(close + 1);
                if (!rest.isEmpty()) {
                    if (!rest.startsWith(":")) {
                        throw invalid(entry, "only ':port' may follow ']'");
                    }
                    port = port(entry, rest.substring(1));
                }
            } else if (entry.indexOf(':') >= 0 && entry.indexOf(':') == entry.lastIndexOf(':')) {
                int colon = entry.indexOf(':');
                host = entry.substring(0, colon);
                port = port(entry, entry.substring(colon + 1));
            }
            if (host.isEmpty()) {
                throw invalid(entry, "no host");
            }
            try {
                if (host.contains("/") || host.contains(":") || isCanonicalIpv4(host)) {
                    String block = host.contains("/") ? host : host + (host.contains(":") ? "/128" : "/32");
                    return new Allowance(null, Cidr.parse(block, "allowed"), port);
                }
            } catch (IllegalArgumentException e) {
                throw invalid(entry, e.getMessage());
            }
            String name = stripDot(host);
            if (!HOST_NAME.matcher(name).matches()) {
                throw invalid(entry, "not a host name, an IP address or a CIDR block");
            }
            return new Allowance(name, null, port);
        }

        boolean coversName(String host, int requested) {
            return name != null && name.equals(host) && (port == ANY_PORT || port == requested);
        }

        boolean coversAddress(byte[] address, int requested) {
            return range != null && range.contains(address) && (port == ANY_PORT || port == requested);
        }

        private static int port(String entry, String text) {
            try {
                int port = Integer.parseInt(text);
                if (port >= 1 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw invalid(entry, "the port must be a number from 1 to 65535");
        }

        private static IllegalArgumentException invalid(String entry, String why) {
            return new IllegalArgumentException("Invalid entry '" + entry + "' in " + SETTING + ": " + why);
        }
    }

    private record Cidr(byte[] network, int prefix, String description) {

        static Cidr parse(String cidr, String description) {
            int slash = cidr.indexOf('/');
            String ip = cidr.substring(0, slash);
            int prefix = Integer.parseInt(cidr.substring(slash + 1));
            if (!ip.contains(":") && !isCanonicalIpv4(ip)) {
                throw new IllegalArgumentException("Not an IPv4 or IPv6 block: " + cidr);
            }
            try {
                byte[] bytes = InetAddress.getByName(ip).getAddress();
                if (prefix < 0 || prefix > bytes.length * 8) {
                    throw new IllegalArgumentException("Bad prefix length in " + cidr);
                }
                return new Cidr(bytes, prefix, description);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("Not an IPv4 or IPv6 block: " + cidr, e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
