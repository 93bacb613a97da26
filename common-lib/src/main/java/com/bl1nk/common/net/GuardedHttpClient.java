package com.bl1nk.common.net;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An {@link HttpClient} that asks the {@link UrlGuard} before every request and every redirect hop: the JDK client
 * copies its proxy decision into redirects without asking again, so redirects are followed here instead, each hop
 * re-resolved and re-checked before anything is sent to it.
 */
final class GuardedHttpClient extends HttpClient {

    /** Hops followed before giving up, like browsers do. */
    static final int MAX_REDIRECTS = 5;

    /** The only request headers a redirect to another origin keeps. */
    static final Set<String> SAFE_ACROSS_ORIGINS = Set.of(
            "accept", "accept-language", "content-type", "content-length", "user-agent", "traceparent", "tracestate");

    private final HttpClient delegate;
    private final UrlGuard guard;
    private final Redirect redirect;

    GuardedHttpClient(HttpClient delegate, UrlGuard guard, Redirect redirect) {
        this.delegate = delegate;
        this.guard = guard;
        this.redirect = redirect;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        try {
            return sendAsync(request, handler).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException ce && ce.getCause() != null
                    ? ce.getCause()
                    : e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(cause);
        }
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return hop(request, handler, 0);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
            HttpRequest request,
            HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return hop(request, handler, 0);
    }

    private <T> CompletableFuture<HttpResponse<T>> hop(
            HttpRequest request, HttpResponse.BodyHandler<T> handler, int hops) {
        try {
            guard.checkUri(request.uri());
        } catch (UrlBlockedException e) {
            return CompletableFuture.failedFuture(e);
        }
        boolean follow = redirect != Redirect.NEVER;
        HttpResponse.BodyHandler<T> wrapped = follow
                ? info -> isRedirect(info.statusCode())
                                && info.headers().firstValue("Location").isPresent()
                        ? HttpResponse.BodySubscribers.replacing(null)
                        : handler.apply(info)
                : handler;
        return delegate.sendAsync(request, wrapped).thenCompose(response -> {
            Optional<String> location = response.headers().firstValue("Location");
            if (!follow || !isRedirect(response.statusCode()) || location.isEmpty()) {
                return CompletableFuture.completedFuture(response);
            }
            URI next;
            try {
                next = request.uri().resolve(location.get().strip());
            } catch (IllegalArgumentException e) {
                return CompletableFuture.failedFuture(
                        new IOException("Redirect to an invalid location: " + location.get()));
            }
            if (hops + 1 > MAX_REDIRECTS) {
                return CompletableFuture.failedFuture(new IOException("Too many redirects from " + request.uri()));
            }
            if (redirect == Redirect.NORMAL
                    && "https".equalsIgnoreCase(request.uri().getScheme())
                    && !"https".equalsIgnoreCase(next.getScheme())) {
                return CompletableFuture.completedFuture(response);
            }
            return hop(redirected(request, next, response.statusCode()), handler, hops + 1);
        });
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** 307/308 repeat the method and body; 301/302/303 turn a non-GET into a body-less GET, as browsers do. */
    private static HttpRequest redirected(HttpRequest original, URI next, int status) {
        boolean keepMethod = status == 307 || status == 308 || original.method().equals("GET");
        boolean crossOrigin = !sameOrigin(original.uri(), next);
        HttpRequest.Builder builder = HttpRequest.newBuilder(original, (name, value) -> {
                    String n = name.toLowerCase(Locale.ROOT);
                    // Another origin gets no header that could carry a credential: only the plainly safe ones pass
                    // (a provider's key may sit in any header: x-api-key, api-key, a tenant's own custom header).
                    if (crossOrigin && !SAFE_ACROSS_ORIGINS.contains(n)) {
                        return false;
                    }
                    return keepMethod || !(n.equals("content-type") || n.equals("content-length"));
                })
                .uri(next);
        if (!keepMethod) {
            builder.method("GET", HttpRequest.BodyPublishers.noBody());
        }
        return builder.build();
    }

    private static boolean sameOrigin(URI a, URI b) {
        return String.valueOf(a.getScheme()).equalsIgnoreCase(String.valueOf(b.getScheme()))
                && String.valueOf(a.getHost()).equalsIgnoreCase(String.valueOf(b.getHost()))
                && a.getPort() == b.getPort();
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return redirect;
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }

    @Override
    public void shutdownNow() {
        delegate.shutdownNow();
    }

    @Override
    public boolean awaitTermination(Duration duration) throws InterruptedException {
        return delegate.awaitTermination(duration);
    }

    @Override
    public boolean isTerminated() {
        return delegate.isTerminated();
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** Builds a {@link GuardedHttpClient}; the proxy is always the guard's, redirects are followed by the wrapper. */
    static final class Builder implements HttpClient.Builder {

        private final HttpClient.Builder inner = HttpClient.newBuilder();
        private final UrlGuard guard;
        private Redirect redirect = Redirect.NORMAL;

        Builder(UrlGuard guard) {
            this.guard = guard;
        }

        @Override
        public Builder cookieHandler(CookieHandler cookieHandler) {
            inner.cookieHandler(cookieHandler);
            return this;
        }

        @Override
        public Builder connectTimeout(Duration duration) {
            inner.connectTimeout(duration);
            return this;
        }

        @Override
        public Builder sslContext(SSLContext sslContext) {
            inner.sslContext(sslContext);
            return this;
        }

        @Override
        public Builder sslParameters(SSLParameters sslParameters) {
            inner.sslParameters(sslParameters);
            return this;
        }

        @Override
        public Builder executor(Executor executor) {
            inner.executor(executor);
            return this;
        }

        @Override
        public Builder followRedirects(Redirect policy) {
            this.redirect = policy;
            return this;
        }

        @Override
        public Builder version(Version version) {
            inner.version(version);
            return this;
        }

        @Override
        public Builder priority(int priority) {
            inner.priority(priority);
            return this;
        }

        @Override
        public Builder proxy(ProxySelector proxySelector) {
            // ignored on purpose: going through another proxy would hide the real destination from the guard
            return this;
        }

        @Override
        public Builder authenticator(Authenticator authenticator) {
            inner.authenticator(authenticator);
            return this;
        }

        @Override
        public HttpClient build() {
            HttpClient client = inner.proxy(guard.proxySelector())
                    .followRedirects(Redirect.NEVER)
                    .build();
            return new GuardedHttpClient(client, guard, redirect);
        }
    }
}
