-- Who may set a routing rule off, and which agents a /bl1nk command may name.
--
-- allowed_associations: the GitHub author_association values (of the comment for a command, of the issue or pull
-- request for opened/synchronize) that may trigger the rule; by default only people with a stake in the repository.
-- allowed_agents: for command rules, the agent names or ids a commenter may name besides the rule's own agent_name;
-- '*' means any agent of the tenant. Empty means only agent_name.

alter table task.github_routing_rules
    add column allowed_associations text[] not null default '{OWNER,MEMBER,COLLABORATOR}',
    add column allowed_agents text[] not null default '{}';

alter table task.github_routing_rules
    add constraint github_routing_rules_associations_known check (
        cardinality(allowed_associations) > 0
        and allowed_associations <@ '{OWNER,MEMBER,COLLABORATOR,CONTRIBUTOR,FIRST_TIME_CONTRIBUTOR,FIRST_TIMER,MANNEQUIN,NONE}'::text[]),
    add constraint github_routing_rules_agents_only_for_commands check (
        trigger = 'command' or cardinality(allowed_agents) = 0);

-- A command rule created before this migration without an agent let a commenter name any agent: it keeps doing so
-- (now only for OWNER, MEMBER and COLLABORATOR commenters); one that named an agent keeps allowing just that agent.
update task.github_routing_rules set allowed_agents = '{*}' where trigger = 'command' and agent_name is null;
