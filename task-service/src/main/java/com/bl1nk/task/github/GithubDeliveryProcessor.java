package com.bl1nk.task.github;

import com.bl1nk.common.retry.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns queued deliveries into tasks and finished tasks into exactly one reply. Work is leased from Postgres, so any
 * replica can pick up what a crashed one left; a reply is marked "posting" before it is sent, and a retry of a
 * "posting" reply first looks on GitHub for the marker the reply carries.
 */
class GithubDeliveryProcessor {

    /**
     * Reschedule delays of a failed delivery: 1 s doubling per attempt up to 256 s, without jitter (one processor
     * lease per delivery, so there is no herd to spread); see ADR 0009 for why the schedule lives in Postgres.
     */
    private static final Backoff RETRY = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(256));

    private static final Logger log = LoggerFactory.getLogger(GithubDeliveryProcessor.class);
    private static final int BATCH = 20;
    private static final int MAX_REPLY_CHARS = 60_000;

    private final GithubStore store;
    private final GithubClient github;
    private final AgentTasks tasks;
    private final GithubProperties properties;
    private final JsonMapper json;
    private final Clock clock;

    GithubDeliveryProcessor(
            GithubStore store,
            GithubClient github,
            AgentTasks tasks,
            GithubProperties properties,
            JsonMapper json,
            Clock clock) {
        this.store = store;
        this.github = github;
        this.tasks = tasks;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /** One pass over due work; returns how many deliveries were looked at. */
    int runOnce() {
        int seen = 0;
        for (GithubStore.Delivery d : store.leaseDue("queued", BATCH)) {
            seen++;
            guarded(d, () -> startTask(d));
        }
        for (GithubStore.Delivery d : store.leaseDue("task_created", BATCH)) {
            seen++;
            guarded(d, () -> replyIfFinished(d));
        }
        return seen;
    }

    private void guarded(GithubStore.Delivery d, Runnable work) {
        try {
            work.run();
        } catch (GithubApiException e) {
            if (e.rateLimited()) {
                store.retryAt(d.deliveryId(), e.retryAt().orElseThrow(), "rate limited by GitHub", false);
            } else {
                retryOrFail(d, e.getMessage());
            }
        } catch (RuntimeException e) {
            log.warn("GitHub delivery {} failed: {}", d.deliveryId(), e.toString());
            retryOrFail(d, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void retryOrFail(GithubStore.Delivery d, String reason) {
        if (d.attempts() >= properties.maxReplyAttempts()) {
            store.failed(d.deliveryId(), reason);
        } else {
            store.retryAt(d.deliveryId(), clock.instant().plus(RETRY.ceiling(d.attempts() + 1)), reason, true);
        }
    }

    private void startTask(GithubStore.Delivery d) {
        Optional<UUID> agent = tasks.agentIdByName(d.tenantId(), d.agentName());
        if (agent.isEmpty()) {
            store.failed(d.deliveryId(), "no agent named '" + d.agentName() + "' in this tenant");
            return;
        }
        JsonNode payload = json.readTree(store.payload(d.deliveryId()));
        RoutingRuleContext context = context(d, payload);
        String input = PromptTemplates.render(template(d), context.values());
        Map<String, String> metadata = Map.of(
                "source", "github",
                "deliveryId", d.deliveryId(),
                "repository", d.repository(),
                "number", String.valueOf(d.issueNumber()));
        UUID taskId = tasks.createTask(d.tenantId(), agent.get(), input, "github:" + d.deliveryId(), metadata);
        store.taskCreated(d.deliveryId(), taskId);
        try {
            github.react(d.installationId(), d.repository(), d.issueNumber(), d.commentId(), "eyes");
        } catch (RuntimeException e) {
            log.info("could not add the working-on-it reaction for {}: {}", d.deliveryId(), e.getMessage());
        }
    }

    private String template(GithubStore.Delivery d) {
        // the rule may have been deleted since the delivery was routed: fall back to a plain prompt
        return store.promptTemplate(d.tenantId(), d.ruleId()).orElse("{{request}}\n\n{{title}}\n\n{{body}}");
    }

    private record RoutingRuleContext(Map<String, String> values) {}

    private RoutingRuleContext context(GithubStore.Delivery d, JsonNode payload) {
        JsonNode subject = payload.has("pull_request") ? payload.path("pull_request") : payload.path("issue");
        Map<String, String> values = new HashMap<>();
        values.put("repository", d.repository());
        values.put("number", String.valueOf(d.issueNumber()));
        values.put("title", subject.path("title").asString(""));
        values.put("body", subject.path("body").asString(""));
        values.put("author", subject.path("user").path("login").asString(""));
        values.put("request", d.request() == null ? "" : d.request());
        values.put("label", payload.path("label").path("name").asString(""));
        StringBuilder comments = new StringBuilder();
        List<JsonNode> recent =
                github.recentComments(d.installationId(), d.repository(), d.issueNumber(), properties.recentComments());
        for (JsonNode c : recent) {
            comments.append("@")
                    .append(c.path("user").path("login").asString("?"))
                    .append(": ")
                    .append(c.path("body").asString(""))
                    .append("\n");
        }
        values.put("comments", comments.toString());
        boolean pr = payload.has("pull_request") || payload.path("issue").has("pull_request");
        values.put(
                "diff",
                pr
                        ? github.pullRequestDiff(
                                d.installationId(), d.repository(), d.issueNumber(), properties.maxDiffBytes())
                        : "");
        return new RoutingRuleContext(values);
    }

    private void replyIfFinished(GithubStore.Delivery d) {
        Optional<AgentTasks.FinishedTask> finished = tasks.finished(d.tenantId(), d.taskId());
        if (finished.isEmpty()) {
            // not done yet: look again soon without spending an attempt
            store.retryAt(d.deliveryId(), clock.instant().plus(properties.pollInterval()), null, false);
            return;
        }
        String marker = marker(d.taskId());
        boolean review = "review".equals(d.replyKind());
        if ("posting".equals(d.replyState())) {
            Optional<Long> existing =
                    github.findByMarker(d.installationId(), d.repository(), d.issueNumber(), review, marker);
            if (existing.isPresent()) {
                store.replied(d.deliveryId(), existing.get());
                return;
            }
        }
        store.replyPosting(d.deliveryId());
        String body = replyBody(finished.get(), marker);
        JsonNode posted = review
                ? github.createPullRequestReview(d.installationId(), d.repository(), d.issueNumber(), body)
                : github.createIssueComment(d.installationId(), d.repository(), d.issueNumber(), body);
        store.replied(d.deliveryId(), posted.path("id").asLong());
    }

    static String marker(UUID taskId) {
        return GithubEvent.REPLY_MARKER_PREFIX + taskId + " -->";
    }

    private static String replyBody(AgentTasks.FinishedTask task, String marker) {
        String text = task.succeeded()
                ? task.output()
                : "I could not finish this task: " + (task.reason() == null ? "unknown reason" : task.reason());
        if (text == null || text.isBlank()) {
            text = "(the agent returned no answer)";
        }
        if (text.length() > MAX_REPLY_CHARS) {
            text = text.substring(0, MAX_REPLY_CHARS) + "\n\n[cut: the full answer is in bl1nk]";
        }
        return text + "\n\n" + marker;
    }
}
