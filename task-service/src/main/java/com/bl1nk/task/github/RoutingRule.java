package com.bl1nk.task.github;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Which agent answers which GitHub event, and with what prompt; and who may set it off.
 *
 * @param allowedAssociations the GitHub {@code author_association} values that may trigger the rule: of the comment
 *     for a command, of the issue or pull request for opened and synchronize. Not checked for labeled, which only
 *     someone with triage access to the repository can do.
 * @param allowedAgents for command rules, the agent names or ids a commenter may name besides {@link #agentName()};
 *     {@value #ANY_AGENT} for any agent of the tenant; empty for the rule's own agent only
 */
record RoutingRule(
        UUID id,
        UUID tenantId,
        long installationId,
        String repository,
        String event,
        String trigger,
        String label,
        String agentName,
        String promptTemplate,
        boolean enabled,
        List<String> allowedAssociations,
        List<String> allowedAgents,
        Instant createdAt) {

    /** Every {@code author_association} GitHub sends, in decreasing closeness to the repository. */
    static final List<String> AUTHOR_ASSOCIATIONS = List.of(
            "OWNER",
            "MEMBER",
            "COLLABORATOR",
            "CONTRIBUTOR",
            "FIRST_TIME_CONTRIBUTOR",
            "FIRST_TIMER",
            "MANNEQUIN",
            "NONE");

    /** The people with a stake in the repository: its owner, the organisation's members and collaborators. */
    static final List<String> DEFAULT_ASSOCIATIONS = List.of("OWNER", "MEMBER", "COLLABORATOR");

    static final String ANY_AGENT = "*";

    RoutingRule {
        allowedAssociations = List.copyOf(allowedAssociations);
        allowedAgents = List.copyOf(allowedAgents);
    }

    /** Whether who wrote the comment, issue or pull request may trigger this rule. */
    boolean admits(String authorAssociation) {
        return trigger.equals("labeled")
                || (authorAssociation != null && allowedAssociations.contains(authorAssociation));
    }
}
