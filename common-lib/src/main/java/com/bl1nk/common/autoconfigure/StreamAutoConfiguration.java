package com.bl1nk.common.autoconfigure;

import com.bl1nk.common.stream.StreamKeys;
import com.bl1nk.common.stream.StreamProperties;
import com.bl1nk.common.stream.StreamPublisher;
import com.bl1nk.common.stream.StreamWorkers;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Stream keys, publisher and worker factory for apps with Spring Data Redis. */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass(StringRedisTemplate.class)
@EnableConfigurationProperties(StreamProperties.class)
public class StreamAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    StreamKeys streamKeys(StreamProperties properties) {
        return new StreamKeys(properties.keyPrefix());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(StringRedisTemplate.class)
    StreamPublisher streamPublisher(StringRedisTemplate redis, StreamKeys keys, ObjectProvider<Clock> clock) {
        return new StreamPublisher(redis, keys, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean({RedisConnectionFactory.class, StringRedisTemplate.class})
    StreamWorkers streamWorkers(
            RedisConnectionFactory connectionFactory,
            StringRedisTemplate redis,
            StreamKeys keys,
            ObjectProvider<Clock> clock) {
        return new StreamWorkers(connectionFactory, redis, keys, clock.getIfAvailable(Clock::systemUTC));
    }
}
