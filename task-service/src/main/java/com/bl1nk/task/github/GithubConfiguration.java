package com.bl1nk.task.github;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Wires the GitHub client and the background loop that moves deliveries forward. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GithubProperties.class)
class GithubConfiguration {

    @Bean
    GithubClient githubClient(GithubProperties properties, GithubAppSettings settings, JsonMapper json) {
        return new GithubClient(properties, settings::current, Clock.systemUTC(), json);
    }

    @Bean
    GithubDeliveryProcessor githubDeliveryProcessor(
            GithubStore store, GithubClient client, AgentTasks tasks, GithubProperties properties, JsonMapper json) {
        return new GithubDeliveryProcessor(store, client, tasks, properties, json, Clock.systemUTC());
    }

    @Bean
    GithubPoller githubPoller(GithubDeliveryProcessor processor, GithubProperties properties) {
        return new GithubPoller(processor, properties);
    }

    /** Runs the processor every poll interval on one virtual thread; any replica may run it (work is leased). */
    static final class GithubPoller implements SmartLifecycle {

        private static final Logger log = LoggerFactory.getLogger(GithubPoller.class);

        private final GithubDeliveryProcessor processor;
        private final GithubProperties properties;
        private volatile ScheduledExecutorService executor;

        GithubPoller(GithubDeliveryProcessor processor, GithubProperties properties) {
            this.processor = processor;
            this.properties = properties;
        }

        @Override
        public void start() {
            executor = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofVirtual().name("github-deliveries").factory());
            long periodMillis = properties.pollInterval().toMillis();
            executor.scheduleWithFixedDelay(this::tick, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        }

        private void tick() {
            try {
                processor.runOnce();
            } catch (RuntimeException e) {
                log.warn("GitHub delivery pass failed: {}", e.toString());
            }
        }

        @Override
        public void stop() {
            ScheduledExecutorService current = executor;
            if (current != null) {
                current.shutdownNow();
                try {
                    // a pass in flight finishes its current delivery (its state is committed step by step)
                    if (!current.awaitTermination(10, TimeUnit.SECONDS)) {
                        log.warn("GitHub delivery pass still running after 10 s; leaving it to its lease");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                executor = null;
            }
        }

        @Override
        public boolean isRunning() {
            return executor != null;
        }
    }
}
