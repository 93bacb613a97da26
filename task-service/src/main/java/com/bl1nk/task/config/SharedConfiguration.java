package com.bl1nk.task.config;

import com.bl1nk.task.loop.ModelGatewayProperties;
import com.bl1nk.task.tasks.DefaultAgentModel;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wiring between features that may not depend on each other (the secret box, the clock and the URL guard come from
 * common-lib); the model layer wires itself inside {@code llm}, each client inside its {@code client.<downstream>}
 * package.
 */
@Configuration(proxyBeanMethods = false)
class SharedConfiguration {

    /** The loop's default model, for task creation's model allowlist check. */
    @Bean
    DefaultAgentModel defaultAgentModel(ModelGatewayProperties loopModel) {
        return new DefaultAgentModel(loopModel.defaultModel());
    }
}
