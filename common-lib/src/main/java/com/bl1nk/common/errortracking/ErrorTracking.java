package com.bl1nk.common.errortracking;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.sentry.Sentry;
import io.sentry.SentryOptions;
import io.sentry.logback.SentryAppender;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Starts the Sentry client with the {@link EventScrubber} and hangs an appender on the root logger that reports
 * ERROR log events with their exception: the problem handlers log every unexpected error that way, so each one becomes
 * one event. Uncaught exceptions of any thread are reported too. Closed (flushing what is queued) on shutdown.
 */
public final class ErrorTracking implements InitializingBean, DisposableBean {

    /** Name of the appender this installs on the root logger. */
    public static final String APPENDER_NAME = "bl1nk-sentry";

    private static final org.slf4j.Logger log = LoggerFactory.getLogger(ErrorTracking.class);

    private final ErrorTrackingProperties properties;
    private final String service;
    private final String version;
    private SentryAppender appender;

    public ErrorTracking(ErrorTrackingProperties properties, String service, String version) {
        this.properties = properties;
        this.service = service;
        this.version = version;
    }

    @Override
    public void afterPropertiesSet() {
        SentryOptions options = new SentryOptions();
        options.setDsn(properties.dsn().strip());
        options.setEnvironment(properties.environment());
        String release = properties.release().isBlank() ? version : properties.release();
        if (release != null && !release.isBlank()) {
            options.setRelease(service + "@" + release);
        }
        options.setTag("service", service);
        options.setSendDefaultPii(false);
        options.setMaxBreadcrumbs(0);
        options.setEnableExternalConfiguration(false);
        options.setAttachServerName(false);
        options.setBeforeSend(new EventScrubber());
        options.setShutdownTimeoutMillis(2000);
        options.setFlushTimeoutMillis(2000);
        Sentry.init(options);
        attachAppender();
        log.info(
                "Error tracking on: unexpected errors of {} are reported (environment {})",
                service,
                properties.environment());
    }

    private void attachAppender() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            log.warn("Error tracking reports uncaught exceptions only: logging is not Logback");
            return;
        }
        SentryAppender sentry = new SentryAppender();
        sentry.setName(APPENDER_NAME);
        sentry.setContext(context);
        sentry.setMinimumEventLevel(Level.ERROR);
        sentry.setMinimumBreadcrumbLevel(Level.OFF);
        sentry.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAppender(APPENDER_NAME);
        root.addAppender(sentry);
        this.appender = sentry;
    }

    @Override
    public void destroy() {
        if (appender != null) {
            ILoggerFactory factory = LoggerFactory.getILoggerFactory();
            if (factory instanceof LoggerContext context) {
                context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
            }
            appender.stop();
            appender = null;
        }
        Sentry.close();
    }
}
