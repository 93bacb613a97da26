package com.bl1nk.task.llm.usage;

import com.bl1nk.common.stream.StreamPublisher;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds the usage publisher ({@code bl1nk:usage}) and the tokenizer that estimates what providers do not report. */
@Configuration(proxyBeanMethods = false)
class UsageConfiguration {

    @Bean
    @ConditionalOnMissingBean
    UsageEvents usageEvents(StreamPublisher publisher) {
        return new RedisUsageEvents(publisher);
    }

    @Bean
    TokenEstimator tokenEstimator() {
        return new TokenEstimator();
    }
}
