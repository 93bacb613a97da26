package com.bl1nk.task.github;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** How a real payload's author is associated with the repository, as routing reads it. */
class GithubEventTests {

    @Test
    void aCommentsAssociationIsTheCommentersNotTheIssueAuthors() throws Exception {
        ObjectNode payload = OctokitExamples.example("issue_comment", "created");
        ((ObjectNode) payload.path("issue")).put("author_association", "OWNER");
        ((ObjectNode) payload.path("comment")).put("author_association", "NONE");

        assertThat(GithubEvent.from("issue_comment", payload).authorAssociation())
                .isEqualTo("NONE");
    }

    @Test
    void anIssueOrPullRequestsAssociationIsItsAuthors() throws Exception {
        ObjectNode issue = OctokitExamples.example("issues", "opened");
        ((ObjectNode) issue.path("issue")).put("author_association", "CONTRIBUTOR");
        ObjectNode pr = OctokitExamples.example("pull_request", "synchronize");
        ((ObjectNode) pr.path("pull_request")).put("author_association", "FIRST_TIME_CONTRIBUTOR");

        assertThat(GithubEvent.from("issues", issue).authorAssociation()).isEqualTo("CONTRIBUTOR");
        assertThat(GithubEvent.from("pull_request", pr).authorAssociation()).isEqualTo("FIRST_TIME_CONTRIBUTOR");
    }

    @Test
    void aRuleAdmitsOnlyTheAssociationsItListsExceptForLabels() {
        RoutingRule command = rule("command");
        RoutingRule labeled = rule("labeled");

        assertThat(command.admits("MEMBER")).isTrue();
        assertThat(command.admits("CONTRIBUTOR")).isFalse();
        assertThat(command.admits(null)).isFalse();
        // only someone with triage access can label, whoever wrote the issue
        assertThat(labeled.admits("NONE")).isTrue();
    }

    private static RoutingRule rule(String trigger) {
        return new RoutingRule(
                java.util.UUID.randomUUID(),
                java.util.UUID.randomUUID(),
                1,
                null,
                trigger.equals("command") ? "issue_comment" : "issues",
                trigger,
                null,
                "triage",
                "{{request}}",
                true,
                RoutingRule.DEFAULT_ASSOCIATIONS,
                java.util.List.of(),
                java.time.Instant.now());
    }
}
