package com.bl1nk.common.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Enforces {@link Requires} on servlet handlers before their arguments (and so the request body) are read: 401 without
 * an identity, 403 {@code missing_role}, {@code missing_scope}, {@code platform_admin_required} or
 * {@code caller_not_allowed} otherwise.
 */
public class PermissionInterceptor implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        Requires requires = method.getMethodAnnotation(Requires.class);
        if (requires == null) {
            return true;
        }
        Identity identity = (Identity) request.getAttribute(IdentityFilter.ATTRIBUTE);
        String issuer = (String) request.getAttribute(IdentityFilter.ISSUER_ATTRIBUTE);
        Authorization.check(requires.value(), identity, issuer);
        return true;
    }
}
