package com.bl1nk.common.identity;

import com.bl1nk.common.error.ProblemWriter;
import com.bl1nk.common.web.SafePaths;
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

    /** Request attribute holding the workload that signed the token ({@code gateway} for a caller's own identity). */
    public static final String ISSUER_ATTRIBUTE = ATTRIBUTE + ".issuer";

    private final IdentityTokenCodec codec;
    private final CallerPolicy callers;
    private final List<String> openPaths;
    private final AntPathMatcher matcher = new AntPathMatcher();

    public IdentityFilter(IdentityTokenCodec codec, CallerPolicy callers, List<String> openPaths) {
        this.codec = codec;
        this.callers = callers;
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
        if (SafePaths.isUnsafe(request.getRequestURI())) {
            // the caller policy matches this raw path; the handler mapping might resolve it elsewhere
            ProblemWriter.write(request, response, HttpStatus.BAD_REQUEST, "invalid_path", SafePaths.DETAIL);
            return;
        }
        String token = request.getHeader(IdentityHeaders.IDENTITY);
        IdentityTokenCodec.Verified verified;
        try {
            verified = codec.verify(token);
        } catch (InvalidIdentityTokenException e) {
            log.debug("Rejected {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
            String detail = token == null || token.isBlank()
                    ? "This service only accepts requests that came through the bl1nk gateway"
                    : "The identity token is invalid or expired";
            ProblemWriter.write(request, response, HttpStatus.UNAUTHORIZED, "unauthenticated", detail);
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!callers.allows(verified.issuer(), request.getMethod(), path)) {
            log.warn("Refused {} {} to a token of {}", request.getMethod(), path, verified.issuer());
            String detail = verified.fromGateway()
                    ? "This operation is internal to bl1nk and not callable through the gateway"
                    : "Workload " + verified.issuer() + " may not call " + request.getMethod() + " " + path;
            ProblemWriter.write(request, response, HttpStatus.FORBIDDEN, "caller_not_allowed", detail);
            return;
        }
        Identity identity = verified.identity();
        request.setAttribute(ATTRIBUTE, identity);
        request.setAttribute(ISSUER_ATTRIBUTE, verified.issuer());
        try (IdentityHolder.Scope ignored = IdentityHolder.bind(identity, token.strip())) {
            chain.doFilter(request, response);
        }
    }
}
