package com.bl1nk.mcp.registry;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Keeps cached tool lists fresh so changed tools are caught (and blocked) without anyone asking. */
@Component
class BackgroundRefresh {

    private static final int BATCH = 20;

    private final RegistryService registry;

    BackgroundRefresh(RegistryService registry) {
        this.registry = registry;
    }

    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1M")
    void run() {
        registry.refreshDue(BATCH);
    }
}
