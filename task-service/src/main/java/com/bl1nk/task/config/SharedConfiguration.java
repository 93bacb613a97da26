package com.bl1nk.task.config;

import com.bl1nk.common.crypto.SecretBox;
import com.bl1nk.task.loop.ModelGatewayProperties;
import com.bl1nk.task.tasks.DefaultAgentModel;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The secret box several features share (the clock and the URL guard come from common-lib); the model layer wires
 * itself inside {@code llm}, each client inside its {@code client.<downstream>} package.
 */
@Configuration(proxyBeanMethods = false)
class SharedConfiguration {

    /**
     * The secret box from {@code BL1NK_MASTER_KEY} (what {@code ./bl1nk up} exports); without it, common-lib's
     * {@code bl1nk.crypto.master-key} applies, and without either, tenant provider credentials are refused with 503.
     */
    @Bean
    @ConditionalOnProperty("BL1NK_MASTER_KEY")
    @ConditionalOnMissingBean
    SecretBox environmentSecretBox(Environment environment) {
        return SecretBox.fromBase64("k1", environment.getProperty("BL1NK_MASTER_KEY"), Map.of());
    }

    /** The loop's default model, for task creation's model allowlist check. */
    @Bean
    DefaultAgentModel defaultAgentModel(ModelGatewayProperties loopModel) {
        return new DefaultAgentModel(loopModel.defaultModel());
    }
}
