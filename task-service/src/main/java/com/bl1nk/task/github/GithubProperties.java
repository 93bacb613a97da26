package com.bl1nk.task.github;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * GitHub App settings. Also settable through {@code PUT /api/v1/github/app}, which wins (see {@link GithubAppSettings}).
 *
 * @param webhookSecrets accepted webhook secrets (several while rotating); env BL1NK_GITHUB_WEBHOOK_SECRETS (comma-separated)
 * @param appId the GitHub App id; env BL1NK_GITHUB_APP_ID
 * @param privateKey the App's private key in PEM; env BL1NK_GITHUB_PRIVATE_KEY
 * @param apiBaseUrl GitHub's REST API (GitHub Enterprise Server: https://host/api/v3)
 * @param maxPayloadBytes webhook bodies above this are refused with 413 (GitHub caps deliveries at 25 MB)
 * @param requestTimeout timeout of every call to GitHub
 * @param maxDiffBytes pull request diffs are cut to this size before they reach the agent
 * @param recentComments how many recent comments of the issue or pull request the agent sees
 * @param pollInterval how often queued deliveries and finished tasks are looked at
 * @param maxReplyAttempts attempts to post a reply before the delivery is marked failed
 */
@Validated
@ConfigurationProperties("bl1nk.task.github")
public record GithubProperties(
        @DefaultValue List<String> webhookSecrets,
        Long appId,
        String privateKey,
        @NotNull @DefaultValue("https://api.github.com") URI apiBaseUrl,
        @Min(1024) @DefaultValue("26214400") int maxPayloadBytes,
        @NotNull @DefaultValue("10s") Duration requestTimeout,
        @Min(1000) @DefaultValue("60000") int maxDiffBytes,
        @Min(0) @DefaultValue("10") int recentComments,
        @NotNull @DefaultValue("1s") Duration pollInterval,
        @Min(1) @DefaultValue("8") int maxReplyAttempts) {

    List<String> usableSecrets() {
        return webhookSecrets.stream().filter(s -> s != null && !s.isBlank()).toList();
    }
}
