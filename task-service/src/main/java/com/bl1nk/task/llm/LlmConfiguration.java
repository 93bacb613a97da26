package com.bl1nk.task.llm;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Binds {@link LlmProperties}; each subpackage wires its own beans in its own configuration, so the model layer's
 * internals stay package-private and only this package is its API.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LlmProperties.class)
class LlmConfiguration {}
