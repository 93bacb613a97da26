package com.bl1nk.task.llm.openai;

import com.bl1nk.common.error.ProblemExceptionHandler;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Errors Spring MVC raises before any controller is chosen (unknown path, wrong method, wrong media type) carry no
 * controller for {@link OpenAiErrorAdvice} to match, so under {@code /v1/} they are rendered in OpenAI's error JSON here;
 * everywhere else they go to the platform's problem+json handler as before.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
@RestControllerAdvice
class OpenAiPathErrorAdvice {

    private final ProblemExceptionHandler problems;

    OpenAiPathErrorAdvice(ProblemExceptionHandler problems) {
        this.problems = problems;
    }

    @ExceptionHandler({
        NoResourceFoundException.class,
        HttpRequestMethodNotSupportedException.class,
        HttpMediaTypeNotSupportedException.class,
        HttpMediaTypeNotAcceptableException.class
    })
    ResponseEntity<?> beforeAnyController(Exception e, HttpServletRequest request, WebRequest webRequest)
            throws Exception {
        if (request.getRequestURI().startsWith("/v1/") && e instanceof ErrorResponse known) {
            return OpenAiErrorAdvice.fromErrorResponse(known);
        }
        return problems.handleException(e, webRequest);
    }
}
