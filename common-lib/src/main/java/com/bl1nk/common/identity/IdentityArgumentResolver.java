package com.bl1nk.common.identity;

import com.bl1nk.common.error.ApiException;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Lets controller methods declare an {@code Identity identity} parameter instead of reading headers themselves. */
public class IdentityArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return Identity.class.equals(parameter.getParameterType());
    }

    @Override
    public Object resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest,
            WebDataBinderFactory binderFactory) {
        Object identity = webRequest.getAttribute(IdentityFilter.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (identity instanceof Identity id) {
            return id;
        }
        return IdentityHolder.find().orElseThrow(() -> ApiException.unauthorized("No identity on this request"));
    }
}
