package com.bl1nk.task.github;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** SQL over the task schema's github tables; every tenant-facing query filters on tenant_id. */
@Repository
class GithubStore {

    private static final int LEASE_SECONDS = 120;

    private final JdbcClient jdbc;

    private final WebhookMetrics metrics;

    GithubStore(JdbcClient jdbc, WebhookMetrics metrics) {
        this.metrics = metrics;
        this.jdbc = jdbc;
    }

    // ---- installations

    Optional<UUID> tenantOfInstallation(long installationId) {
        return jdbc.sql("select tenant_id from task.github_installations where installation_id = ?")
                .param(installationId)
                .query(UUID.class)
                .optional();
    }

    /** Maps an installation to a tenant; false when another tenant already holds it. */
    boolean claimInstallation(UUID tenantId, long installationId, String accountLogin) {
        int inserted =
                jdbc.sql("""
                        insert into task.github_installations (installation_id, tenant_id, account_login)
                        values (?, ?, ?) on conflict (installation_id) do nothing""").params(installationId, tenantId, accountLogin).update();
        return inserted == 1
                || tenantOfInstallation(installationId).map(tenantId::equals).orElse(false);
    }

    List<Installation> installations(UUID tenantId) {
        return jdbc.sql("""
                        select installation_id, account_login, created_at from task.github_installations
                        where tenant_id = ? order by created_at, installation_id""")
                .param(tenantId)
                .query((rs, n) -> new Installation(
                        rs.getLong("installation_id"), rs.getString("account_login"), instant(rs, "created_at")))
                .list();
    }

    record Installation(long installationId, String accountLogin, Instant createdAt) {}

    // ---- routing rules

    void insertRule(RoutingRule rule) {
        jdbc.sql("""
                        insert into task.github_routing_rules
                          (id, tenant_id, installation_id, repository, event, trigger, label, agent_name,
                           prompt_template, enabled, allowed_associations, allowed_agents, created_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as text[]), cast(? as text[]), ?)""")
                .params(
                        rule.id(),
                        rule.tenantId(),
                        rule.installationId(),
                        rule.repository(),
                        rule.event(),
                        rule.trigger(),
                        rule.label(),
                        rule.agentName(),
                        rule.promptTemplate(),
                        rule.enabled(),
                        rule.allowedAssociations().toArray(String[]::new),
                        rule.allowedAgents().toArray(String[]::new),
                        Timestamp.from(rule.createdAt()))
                .update();
    }

    List<RoutingRule> rules(UUID tenantId, Instant beforeCreatedAt, UUID beforeId, int limit) {
        return jdbc.sql("""
                        select * from task.github_routing_rules where tenant_id = :tenant
                          and (cast(:at as timestamptz) is null or (created_at, id) < (cast(:at as timestamptz), cast(:id as uuid)))
                        order by created_at desc, id desc limit :limit""")
                .param("tenant", tenantId)
                .param("at", beforeCreatedAt == null ? null : Timestamp.from(beforeCreatedAt))
                .param("id", beforeId)
                .param("limit", limit)
                .query(GithubStore::rule)
                .list();
    }

    Optional<RoutingRule> rule(UUID tenantId, UUID id) {
        return jdbc.sql("select * from task.github_routing_rules where tenant_id = ? and id = ?")
                .params(tenantId, id)
                .query(GithubStore::rule)
                .optional();
    }

    boolean deleteRule(UUID tenantId, UUID id) {
        return jdbc.sql("delete from task.github_routing_rules where tenant_id = ? and id = ?")
                        .params(tenantId, id)
                        .update()
                == 1;
    }

    List<RoutingRule> enabledRules(UUID tenantId, long installationId, String event) {
        return jdbc.sql("""
                        select * from task.github_routing_rules
                        where tenant_id = ? and installation_id = ? and event = ? and enabled
                        order by created_at, id""")
                .params(tenantId, installationId, event)
                .query(GithubStore::rule)
                .list();
    }

    Optional<String> promptTemplate(UUID tenantId, UUID ruleId) {
        return jdbc.sql("select prompt_template from task.github_routing_rules where tenant_id = ? and id = ?")
                .params(tenantId, ruleId)
                .query(String.class)
                .optional();
    }

    private static RoutingRule rule(ResultSet rs, int n) throws SQLException {
        return new RoutingRule(
                rs.getObject("id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                rs.getLong("installation_id"),
                rs.getString("repository"),
                rs.getString("event"),
                rs.getString("trigger"),
                rs.getString("label"),
                rs.getString("agent_name"),
                rs.getString("prompt_template"),
                rs.getBoolean("enabled"),
                strings(rs, "allowed_associations"),
                strings(rs, "allowed_agents"),
                instant(rs, "created_at"));
    }

    // ---- deliveries

    /** Records a delivery once; false when GitHub sent this delivery id before. */
    boolean insertDelivery(Delivery d, String payloadJson) {
        return jdbc.sql("""
                        insert into task.github_deliveries
                          (delivery_id, tenant_id, installation_id, event, action, repository, issue_number,
                           comment_id, payload, status, reason, rule_id, agent_name, request, reply_kind)
                        values (?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?, ?, ?, ?)
                        on conflict (delivery_id) do nothing""")
                        .params(
                                d.deliveryId(),
                                d.tenantId(),
                                d.installationId(),
                                d.event(),
                                d.action(),
                                d.repository(),
                                d.issueNumber(),
                                d.commentId(),
                                payloadJson,
                                d.status(),
                                d.reason(),
                                d.ruleId(),
                                d.agentName(),
                                d.request(),
                                d.replyKind())
                        .update()
                == 1;
    }

    /**
     * Leases due deliveries in one of the given states to this instance for two minutes (a crashed instance's lease
     * simply runs out) and counts the attempt before any work is done.
     */
    @Transactional
    List<Delivery> leaseDue(String status, int limit) {
        return jdbc.sql("""
                        update task.github_deliveries set attempts = attempts + 1,
                          next_attempt_at = now() + make_interval(secs => :lease), updated_at = now()
                        where delivery_id in (
                          select delivery_id from task.github_deliveries
                          where status = :status and next_attempt_at <= now()
                          order by next_attempt_at limit :limit for update skip locked)
                        returning *""")
                .param("lease", LEASE_SECONDS)
                .param("status", status)
                .param("limit", limit)
                .query(GithubStore::delivery)
                .list();
    }

    String payload(String deliveryId) {
        return jdbc.sql("select payload::text from task.github_deliveries where delivery_id = ?")
                .param(deliveryId)
                .query(String.class)
                .single();
    }

    void taskCreated(String deliveryId, UUID taskId) {
        jdbc.sql("""
                        update task.github_deliveries set status = 'task_created', task_id = ?, reply_state = 'pending',
                          attempts = 0, next_attempt_at = now(), reason = null, updated_at = now()
                        where delivery_id = ? and status = 'queued'""").params(taskId, deliveryId).update();
    }

    /** Recorded before the reply is posted, so a retry knows to look on GitHub for a reply that may already exist. */
    void replyPosting(String deliveryId) {
        jdbc.sql("update task.github_deliveries set reply_state = 'posting', updated_at = now() where delivery_id = ?")
                .param(deliveryId)
                .update();
    }

    void replied(String deliveryId, long githubId) {
        jdbc.sql("""
                        update task.github_deliveries set status = 'replied', reply_state = 'posted',
                          reply_github_id = ?, reason = null, updated_at = now() where delivery_id = ?""").params(githubId, deliveryId).update();
        metrics.replied();
    }

    void retryAt(String deliveryId, Instant at, String reason, boolean countAttempt) {
        jdbc.sql("""
                        update task.github_deliveries set next_attempt_at = ?, reason = ?,
                          attempts = attempts - case when ? then 0 else 1 end, updated_at = now()
                        where delivery_id = ?""")
                .params(Timestamp.from(at), reason, countAttempt, deliveryId)
                .update();
    }

    void failed(String deliveryId, String reason) {
        jdbc.sql(
                        "update task.github_deliveries set status = 'failed', reason = ?, updated_at = now() where delivery_id = ?")
                .params(reason, deliveryId)
                .update();
        metrics.failed();
    }

    List<Delivery> deliveries(UUID tenantId, Instant beforeReceivedAt, UUID beforeId, int limit) {
        return jdbc.sql("""
                        select * from task.github_deliveries where tenant_id = :tenant
                          and (cast(:at as timestamptz) is null or (received_at, id) < (cast(:at as timestamptz), cast(:id as uuid)))
                        order by received_at desc, id desc limit :limit""")
                .param("tenant", tenantId)
                .param("at", beforeReceivedAt == null ? null : Timestamp.from(beforeReceivedAt))
                .param("id", beforeId)
                .param("limit", limit)
                .query(GithubStore::delivery)
                .list();
    }

    /** Puts a failed delivery back in the queue; false when the tenant has no such failed delivery. */
    boolean redeliver(UUID tenantId, UUID id) {
        return jdbc.sql("""
                        update task.github_deliveries set status = case when task_id is null then 'queued'
                            else 'task_created' end,
                          attempts = 0, next_attempt_at = now(), reason = null, updated_at = now()
                        where tenant_id = ? and id = ? and status = 'failed'""").params(tenantId, id).update() == 1;
    }

    Optional<Delivery> delivery(UUID tenantId, UUID id) {
        return jdbc.sql("select * from task.github_deliveries where tenant_id = ? and id = ?")
                .params(tenantId, id)
                .query(GithubStore::delivery)
                .optional();
    }

    private static Delivery delivery(ResultSet rs, int n) throws SQLException {
        return new Delivery(
                rs.getObject("id", UUID.class),
                rs.getString("delivery_id"),
                rs.getObject("tenant_id", UUID.class),
                (Long) rs.getObject("installation_id"),
                rs.getString("event"),
                rs.getString("action"),
                rs.getString("repository"),
                (Long) rs.getObject("issue_number"),
                (Long) rs.getObject("comment_id"),
                rs.getString("status"),
                rs.getString("reason"),
                rs.getObject("rule_id", UUID.class),
                rs.getString("agent_name"),
                rs.getString("request"),
                rs.getObject("task_id", UUID.class),
                rs.getString("reply_kind"),
                rs.getString("reply_state"),
                (Long) rs.getObject("reply_github_id"),
                rs.getInt("attempts"),
                instant(rs, "received_at"));
    }

    private static List<String> strings(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        try {
            return array == null ? List.of() : List.of((String[]) array.getArray());
        } finally {
            if (array != null) {
                array.free();
            }
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    /** One webhook delivery and where it stands. */
    record Delivery(
            UUID id,
            String deliveryId,
            UUID tenantId,
            Long installationId,
            String event,
            String action,
            String repository,
            Long issueNumber,
            Long commentId,
            String status,
            String reason,
            UUID ruleId,
            String agentName,
            String request,
            UUID taskId,
            String replyKind,
            String replyState,
            Long replyGithubId,
            int attempts,
            Instant receivedAt) {}
}
