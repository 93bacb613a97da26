package com.bl1nk.common.autoconfigure;

import com.bl1nk.common.errortracking.ErrorTracking;
import com.bl1nk.common.errortracking.ErrorTrackingProperties;
import io.sentry.Sentry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** Error tracking, on only when {@code bl1nk.sentry.dsn} ({@code BL1NK_SENTRY_DSN}) is set and not blank. */
@AutoConfiguration
@ConditionalOnClass({Sentry.class, ch.qos.logback.classic.LoggerContext.class})
@ConditionalOnExpression("!'${bl1nk.sentry.dsn:}'.isBlank()")
@EnableConfigurationProperties(ErrorTrackingProperties.class)
public class ErrorTrackingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ErrorTracking bl1nkErrorTracking(
            ErrorTrackingProperties properties, Environment environment, ObjectProvider<BuildProperties> build) {
        String service = environment.getProperty("spring.application.name", "bl1nk");
        BuildProperties info = build.getIfAvailable();
        String version = info != null
                ? info.getVersion()
                : ErrorTracking.class.getPackage().getImplementationVersion();
        return new ErrorTracking(properties, service, version);
    }
}
