package com.bl1nk.common.autoconfigure;

import com.bl1nk.common.sse.SseProperties;
import com.bl1nk.common.sse.SseStreams;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** {@link SseStreams} with one shared heartbeat scheduler, for servlet web apps. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "org.springframework.web.servlet.mvc.method.annotation.SseEmitter")
@EnableConfigurationProperties(SseProperties.class)
public class SseAutoConfiguration {

    @Bean(destroyMethod = "shutdownNow")
    @ConditionalOnMissingBean(name = "bl1nkSseScheduler")
    ScheduledExecutorService bl1nkSseScheduler() {
        return Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("sse-heartbeat").daemon(true).factory());
    }

    @Bean
    @ConditionalOnMissingBean
    SseStreams sseStreams(ScheduledExecutorService bl1nkSseScheduler, SseProperties properties) {
        return new SseStreams(bl1nkSseScheduler, properties.heartbeat());
    }
}
