package com.bl1nk.common.autoconfigure;

import com.bl1nk.common.trace.ReactiveTraceFilter;
import com.bl1nk.common.trace.TraceFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Registers the trace filters (first in the chain) for servlet and reactive web apps. */
@AutoConfiguration
public class TraceAutoConfiguration {

    /** Order of the servlet trace filter: before everything, so even rejected requests carry a trace id. */
    public static final int TRACE_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE;

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "jakarta.servlet.Filter")
    static class Servlet {

        @Bean
        @ConditionalOnMissingBean(name = "bl1nkTraceFilter")
        FilterRegistrationBean<TraceFilter> bl1nkTraceFilter() {
            FilterRegistrationBean<TraceFilter> registration = new FilterRegistrationBean<>(new TraceFilter());
            registration.setName("bl1nkTraceFilter");
            registration.setOrder(TRACE_FILTER_ORDER);
            return registration;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    static class Reactive {

        @Bean
        @ConditionalOnMissingBean(ReactiveTraceFilter.class)
        ReactiveTraceFilter bl1nkReactiveTraceFilter() {
            return new ReactiveTraceFilter();
        }
    }
}
