package com.bl1nk.common.identity;

import com.bl1nk.common.error.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Rejects every request without a valid identity token with 401 problem+json (except the open paths), so a service
 * reached around the gateway serves nothing; binds the verified identity for the request.
 */
public class IdentityFilter extends OncePerRequestFilter {

    /** Request attribute holding the verified {@link Identity}. */
    public static final String ATTRIBUTE = Identity.class.getName();

    private static final Logger log = LoggerFactory.getLogger(IdentityFilter.class);

    private final IdentityTokenCodec codec;
    private final List<String> openPaths;
    private final AntPathMatcher matcher = new AntPathMatcher();

    public IdentityFilter(IdentityTokenCodec codec, List<String> openPaths) {
        this.codec = codec;
        this.openPaths = List.copyOf(openPaths);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        for (String pattern : openPaths) {
            if (matcher.match(pattern, path)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = request.getHeader(IdentityHeaders.IDENTITY);
        Identity identity;
        try {
            identity = codec.verify(token);
        } catch (InvalidIdentityTokenException e) {
            log.debug("Rejected {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
            String detail = token == null || token.isBlank()
                    ? "This service only accepts requests that came through the bl1nk gateway"
                    : "The identity token is invalid or expired";
            ProblemWriter.write(request, response, HttpStatus.UNAUTHORIZED, "unauthenticated", detail);
            return;
        }
        request.setAttribute(ATTRIBUTE, identity);
        try (IdentityHolder.Scope ignored = IdentityHolder.bind(identity, token.strip())) {
            chain.doFilter(request, response);
        }
    }
}
