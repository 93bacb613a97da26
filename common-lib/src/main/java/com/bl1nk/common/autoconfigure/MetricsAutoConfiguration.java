package com.bl1nk.common.autoconfigure;

import com.bl1nk.common.identity.IdentityProperties;
import com.bl1nk.common.metrics.MetricsProperties;
import com.bl1nk.common.metrics.SigningKeyExpiryMetrics;
import com.bl1nk.common.metrics.StreamMetrics;
import com.bl1nk.common.stream.StreamKeys;
import com.bl1nk.common.stream.StreamWorker;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The operational metrics every service shares (see docs/metrics.md): stream depth, pending, lag and dead letters of
 * the streams this service consumes, and the signing key's time to rotation.
 */
@AutoConfiguration(after = {StreamAutoConfiguration.class, IdentityAutoConfiguration.class})
@ConditionalOnClass(MeterRegistry.class)
@EnableConfigurationProperties(MetricsProperties.class)
public class MetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(IdentityProperties.class)
    SigningKeyExpiryMetrics signingKeyExpiryMetrics(
            IdentityProperties identity, MetricsProperties properties, ObjectProvider<Clock> clock) {
        return identity.signingKeyPath()
                .map(file -> new SigningKeyExpiryMetrics(
                        file, properties.signingKeyMaxAge(), clock.getIfAvailable(Clock::systemUTC)))
                .orElse(null);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(StringRedisTemplate.class)
    static class Streams {

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBean({StringRedisTemplate.class, StreamKeys.class})
        StreamMetrics streamMetrics(
                StringRedisTemplate redis,
                StreamKeys keys,
                ObjectProvider<StreamWorker> workers,
                MetricsProperties properties) {
            return new StreamMetrics(
                    redis,
                    keys,
                    () -> workers.orderedStream().map(StreamWorker::spec).toList(),
                    properties.sampleInterval());
        }
    }
}
