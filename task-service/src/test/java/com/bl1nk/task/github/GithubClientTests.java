package com.bl1nk.task.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class GithubClientTests {

    private FakeGithub github;
    private GithubClient client;

    @BeforeEach
    void start() throws Exception {
        github = new FakeGithub();
        client = new GithubClient(
                properties(github), Clock.systemUTC(), JsonMapper.builder().build());
    }

    @AfterEach
    void stop() {
        github.close();
    }

    static GithubProperties properties(FakeGithub github) {
        return new GithubProperties(
                List.of("webhook-secret"),
                FakeGithub.APP_ID,
                github.privateKeyPem(),
                github.baseUrl(),
                1_000_000,
                Duration.ofSeconds(2),
                1000,
                5,
                Duration.ofMillis(200),
                4);
    }

    @Test
    void anUnreachableGithubIsNamedWithTheCauseNotNull() throws Exception {
        int deadPort;
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = socket.getLocalPort();
        }
        GithubProperties live = properties(github);
        GithubProperties unreachable = new GithubProperties(
                live.webhookSecrets(),
                live.appId(),
                live.privateKey(),
                java.net.URI.create("http://127.0.0.1:" + deadPort),
                live.maxPayloadBytes(),
                live.requestTimeout(),
                live.maxDiffBytes(),
                live.recentComments(),
                live.pollInterval(),
                live.maxReplyAttempts());
        GithubClient offline = new GithubClient(
                unreachable, Clock.systemUTC(), JsonMapper.builder().build());

        assertThatThrownBy(() -> offline.createIssueComment(7, "octo/repo", 1, "hello"))
                .isInstanceOf(GithubApiException.class)
                .hasMessageStartingWith("GitHub (127.0.0.1:" + deadPort + ") could not be reached: could not connect")
                .hasMessageContaining("BL1NK_GITHUB_API_URL")
                .hasMessageNotContaining("null");
    }

    @Test
    void exchangesAnAppJwtForAnInstallationTokenOnceAndReusesIt() {
        client.createIssueComment(7, "octo/repo", 1, "first");
        client.createIssueComment(7, "octo/repo", 1, "second");

        assertThat(github.tokenRequests()).isEqualTo(1);
        assertThat(github.unauthorized).isEmpty();
        assertThat(github.commentsOn("octo/repo", 1))
                .extracting(FakeGithub.Posted::body)
                .containsExactly("first", "second");
    }

    @Test
    void signsWithWhicheverAppIsCurrentAndDoesNotReuseAnotherAppsToken() {
        GithubAppSettings.App stored = new GithubAppSettings.App(
                GithubAppSettings.Source.DATABASE,
                FakeGithub.APP_ID,
                GithubAppKeys.parsePem(github.privateKeyPem()),
                List.of("s"),
                null);
        AtomicReference<GithubAppSettings.App> current = new AtomicReference<>(stored);
        GithubClient switching = new GithubClient(
                properties(github),
                current::get,
                Clock.systemUTC(),
                JsonMapper.builder().build());

        switching.installationToken(7);
        switching.installationToken(7);
        assertThat(github.tokenRequests()).isEqualTo(1);

        // the operator replaces the App: the cached token belongs to the old one, and GitHub refuses the new id
        current.set(new GithubAppSettings.App(
                GithubAppSettings.Source.DATABASE, FakeGithub.APP_ID + 1, stored.privateKey(), List.of("s"), null));
        assertThatThrownBy(() -> switching.installationToken(7))
                .isInstanceOfSatisfying(
                        GithubApiException.class, e -> assertThat(e.status()).isEqualTo(401));
        assertThat(github.tokenRequests()).isEqualTo(1);
        assertThat(github.unauthorized).containsExactly("/app/installations/7/access_tokens");

        current.set(new GithubAppSettings.App(GithubAppSettings.Source.NONE, null, null, List.of(), null));
        assertThat(switching.configured()).isFalse();
        assertThatThrownBy(() -> switching.installationToken(8)).isInstanceOf(GithubApiException.class);
    }

    @Test
    void findsAnEarlierReplyByItsMarker() {
        github.addComment("octo/repo", 3, "unrelated");
        github.addComment("octo/repo", 3, "answer\n\n<!-- bl1nk-task:abc -->");

        assertThat(client.findByMarker(7, "octo/repo", 3, false, "<!-- bl1nk-task:abc -->"))
                .isPresent();
        assertThat(client.findByMarker(7, "octo/repo", 3, false, "<!-- bl1nk-task:other -->"))
                .isEmpty();
    }

    @Test
    void reportsPrimaryRateLimitsWithTheResetTime() {
        github.rateLimitNext(1);

        assertThatThrownBy(() -> client.installationToken(7)).isInstanceOfSatisfying(GithubApiException.class, e -> {
            assertThat(e.status()).isEqualTo(403);
            assertThat(e.rateLimited()).isTrue();
            assertThat(e.retryAt()).isPresent();
        });
    }

    @Test
    void cutsLongDiffs() {
        github.diff = "x".repeat(5000);

        String diff = client.pullRequestDiff(7, "octo/repo", 9, 1000);

        assertThat(diff).startsWith("x".repeat(1000)).endsWith("[diff cut at 1000 bytes]");
    }

    @Test
    void refusesRepositoryNamesThatCouldEscapeThePath() {
        assertThatThrownBy(() -> client.issue(7, "../../admin", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
