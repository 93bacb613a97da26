package com.bl1nk.task.github;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The parts of a webhook payload routing needs, read once: event, action, repository, issue or pull request, the
 * comment that may carry a {@code /bl1nk <agent> <request>} command, and how its author is associated with the
 * repository ({@code author_association} of the comment, else of the issue or pull request).
 */
record GithubEvent(
        String event,
        String action,
        Long installationId,
        String repository,
        Long issueNumber,
        boolean pullRequest,
        Long commentId,
        String commentBody,
        boolean fromBot,
        String label,
        String authorAssociation) {

    static final String REPLY_MARKER_PREFIX = "<!-- bl1nk-task:";
    private static final Pattern COMMAND =
            Pattern.compile("(?s)^\\s*/bl1nk\\s+([A-Za-z0-9][A-Za-z0-9_.-]{0,99})\\s*(.*)$");

    static GithubEvent from(String event, JsonNode payload) {
        JsonNode issue = payload.path("issue");
        JsonNode pr = payload.path("pull_request");
        JsonNode comment = payload.path("comment");
        Long number = issue.has("number")
                ? Long.valueOf(issue.path("number").asLong())
                : pr.has("number") ? Long.valueOf(pr.path("number").asLong()) : null;
        boolean isPr = "pull_request".equals(event) || issue.has("pull_request");
        JsonNode authored = !comment.isMissingNode() ? comment : pr.isObject() ? pr : issue;
        String userType = comment.isMissingNode()
                ? payload.path("sender").path("type").asString("")
                : comment.path("user").path("type").asString("");
        return new GithubEvent(
                event,
                payload.path("action").asString(null),
                payload.path("installation").has("id")
                        ? payload.path("installation").path("id").asLong()
                        : null,
                payload.path("repository").path("full_name").asString(null),
                number,
                isPr,
                comment.has("id") ? comment.path("id").asLong() : null,
                comment.path("body").asString(null),
                "Bot".equalsIgnoreCase(userType),
                payload.path("label").path("name").asString(null),
                authored.path("author_association").asString(null));
    }

    /** The trigger this event is, if any: command, opened, labeled or synchronize. */
    Optional<String> trigger() {
        return switch (event) {
            case "issue_comment" ->
                "created".equals(action) && command().isPresent() ? Optional.of("command") : Optional.empty();
            case "issues" ->
                "opened".equals(action) || "labeled".equals(action) ? Optional.of(action) : Optional.empty();
            case "pull_request" ->
                "opened".equals(action) || "synchronize".equals(action) ? Optional.of(action) : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** {@code /bl1nk <agent> <request>} at the start of a comment that is not ours. */
    Optional<Command> command() {
        if (commentBody == null || fromBot || commentBody.contains(REPLY_MARKER_PREFIX)) {
            return Optional.empty();
        }
        Matcher m = COMMAND.matcher(commentBody);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Command(m.group(1), m.group(2).strip()));
    }

    /** An agent named in a comment, and what it was asked. */
    record Command(String agent, String request) {}
}
