package com.bl1nk.common.autoconfigure;

import com.bl1nk.common.error.ProblemErrorController;
import com.bl1nk.common.error.ProblemExceptionHandler;
import com.bl1nk.common.error.ReactiveProblemHandler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the problem+json exception handlers (and the servlet {@code /error} endpoint) for MVC and WebFlux apps. */
@AutoConfiguration(
        beforeName = {
            "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration",
            "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration",
            "org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration",
            "org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration"
        })
public class ErrorHandlingAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
    static class Servlet {

        @Bean
        @ConditionalOnMissingBean(ProblemExceptionHandler.class)
        ProblemExceptionHandler bl1nkProblemExceptionHandler() {
            return new ProblemExceptionHandler();
        }

        @Bean
        @ConditionalOnMissingBean(type = "org.springframework.boot.webmvc.error.ErrorController")
        ProblemErrorController bl1nkProblemErrorController() {
            return new ProblemErrorController();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(name = "org.springframework.boot.webflux.error.ErrorWebExceptionHandler")
    static class Reactive {

        @Bean
        @ConditionalOnMissingBean(ReactiveProblemHandler.class)
        ReactiveProblemHandler bl1nkReactiveProblemHandler() {
            return new ReactiveProblemHandler();
        }
    }
}
