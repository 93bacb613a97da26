package com.bl1nk.gateway.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.gateway.support.PeopleIntegrationTest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/**
 * Members of a tenant on the real Postgres: roles change only as the rules say (owners by owners, never above your own,
 * never the last owner), a removed member is out on the next request, and another tenant's admin sees and changes
 * nothing of this tenant's members, invitations or sessions.
 */
class MembersIT extends PeopleIntegrationTest {

    @Test
    void theLastOwnerCannotBeRemovedOrDemotedButOneOfTwoOwnersCan() {
        TestTenant tenant = newTenant("last-owner");
        Session owner = member(tenant.ownerKey(), "owner", "owner");

        as(owner, HttpMethod.PATCH, "/api/v1/members/" + owner.userId())
                .bodyValue(Map.of("role", "admin"))
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("last_owner");
        as(owner, HttpMethod.DELETE, "/api/v1/members/" + owner.userId())
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("last_owner");

        Session second = member(tenant.ownerKey(), "owner", "second-owner");
        as(second, HttpMethod.PATCH, "/api/v1/members/" + owner.userId())
                .bodyValue(Map.of("role", "developer"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.role")
                .isEqualTo("developer");
        as(second, HttpMethod.DELETE, "/api/v1/members/" + second.userId())
                .exchange()
                .expectStatus()
                .isEqualTo(409);
        assertThat(owners(tenant.id())).isEqualTo(1);
        awaitAudit(tenant.id(), "member.role_changed", owner.userId().toString());
    }

    @Test
    void anAdminCannotDemoteOrRemoveAnOwnerNorGrantOwner() {
        TestTenant tenant = newTenant("admin-vs-owner");
        Session owner = member(tenant.ownerKey(), "owner", "owner");
        Session admin = member(tenant.ownerKey(), "admin", "admin");
        Session viewer = member(tenant.ownerKey(), "viewer", "viewer");

        as(admin, HttpMethod.PATCH, "/api/v1/members/" + owner.userId())
                .bodyValue(Map.of("role", "viewer"))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("owner_member");
        as(admin, HttpMethod.DELETE, "/api/v1/members/" + owner.userId())
                .exchange()
                .expectStatus()
                .isForbidden();
        as(admin, HttpMethod.PATCH, "/api/v1/members/" + viewer.userId())
                .bodyValue(Map.of("role", "owner"))
                .exchange()
                .expectStatus()
                .isForbidden();
        as(admin, HttpMethod.PATCH, "/api/v1/members/" + viewer.userId())
                .bodyValue(Map.of("role", "developer"))
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(roleOf(tenant.id(), owner.userId())).isEqualTo("owner");
        assertThat(roleOf(tenant.id(), viewer.userId())).isEqualTo("developer");
    }

    @Test
    void aRemovedMemberLosesAccessOnTheNextRequestAndARoleChangeAppliesAtOnce() {
        TestTenant tenant = newTenant("removed");
        Session admin = member(tenant.ownerKey(), "admin", "admin");
        Session developer = member(tenant.ownerKey(), "developer", "dev");
        assertThat(meStatus(developer)).isEqualTo(200);

        as(admin, HttpMethod.PATCH, "/api/v1/members/" + developer.userId())
                .bodyValue(Map.of("role", "viewer"))
                .exchange()
                .expectStatus()
                .isOk();
        cookieOnly(developer, HttpMethod.GET, "/api/v1/me")
                .exchange()
                .expectBody()
                .jsonPath("$.roles[0]")
                .isEqualTo("viewer");

        as(admin, HttpMethod.DELETE, "/api/v1/members/" + developer.userId())
                .exchange()
                .expectStatus()
                .isNoContent();
        assertThat(meStatus(developer)).isEqualTo(401);
        awaitAudit(tenant.id(), "member.removed", developer.userId().toString());
    }

    @Test
    void anotherTenantsAdminCannotListOrChangeMembersInvitationsOrSessions() {
        TestTenant a = newTenant("iso-a");
        TestTenant b = newTenant("iso-b");
        Session memberOfA = member(a.ownerKey(), "developer", "a-dev");
        JsonNode invitationOfA = invite(a.ownerKey(), email("a-invitee"), "viewer");
        Session adminOfB = member(b.ownerKey(), "admin", "b-admin");

        String members = new String(cookieOnly(adminOfB, HttpMethod.GET, "/api/v1/members")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBodyContent());
        assertThat(members).contains(adminOfB.email()).doesNotContain(memberOfA.email());
        as(adminOfB, HttpMethod.PATCH, "/api/v1/members/" + memberOfA.userId())
                .bodyValue(Map.of("role", "viewer"))
                .exchange()
                .expectStatus()
                .isNotFound();
        as(adminOfB, HttpMethod.DELETE, "/api/v1/members/" + memberOfA.userId())
                .exchange()
                .expectStatus()
                .isNotFound();
        String invitations = new String(cookieOnly(adminOfB, HttpMethod.GET, "/api/v1/invitations")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBodyContent());
        assertThat(invitations)
                .doesNotContain(invitationOfA.path("invitation").path("id").asString());
        as(
                        adminOfB,
                        HttpMethod.DELETE,
                        "/api/v1/invitations/"
                                + invitationOfA.path("invitation").path("id").asString())
                .exchange()
                .expectStatus()
                .isNotFound();
        // sessions are the user's own: B's admin neither sees nor ends A's member's sessions
        String sessions = new String(cookieOnly(adminOfB, HttpMethod.GET, "/api/v1/auth/sessions")
                .exchange()
                .expectBody()
                .returnResult()
                .getResponseBodyContent());
        JsonNode memberSessions = JSON.readTree(cookieOnly(memberOfA, HttpMethod.GET, "/api/v1/auth/sessions")
                .exchange()
                .expectBody()
                .returnResult()
                .getResponseBodyContent());
        String handle = memberSessions.path("items").get(0).path("id").asString();
        assertThat(sessions).doesNotContain(handle);
        as(adminOfB, HttpMethod.DELETE, "/api/v1/auth/sessions/" + handle)
                .exchange()
                .expectStatus()
                .isNotFound();
        assertThat(meStatus(memberOfA)).isEqualTo(200);
        assertThat(roleOf(a.id(), memberOfA.userId())).isEqualTo("developer");
        // and B's owner key gets nothing of A either
        client().patch()
                .uri("/api/v1/members/{id}", memberOfA.userId())
                .header(HttpHeaders.AUTHORIZATION, bearer(b.ownerKey()))
                .bodyValue(Map.of("role", "viewer"))
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void aViewerCanListMembersButCannotInviteOrChangeRoles() {
        TestTenant tenant = newTenant("viewer-rights");
        Session viewer = member(tenant.ownerKey(), "viewer", "viewer");
        Session developer = member(tenant.ownerKey(), "developer", "dev");

        cookieOnly(viewer, HttpMethod.GET, "/api/v1/members")
                .exchange()
                .expectStatus()
                .isOk();
        as(viewer, HttpMethod.POST, "/api/v1/invitations")
                .bodyValue(Map.of("email", email("nope"), "role", "viewer"))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("missing_role");
        as(viewer, HttpMethod.PATCH, "/api/v1/members/" + developer.userId())
                .bodyValue(Map.of("role", "viewer"))
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void anUnknownRoleIsA400NamingTheFieldAndChangesNothing() {
        TestTenant tenant = newTenant("bad-role");
        Session developer = member(tenant.ownerKey(), "developer", "dev");

        client().patch()
                .uri("/api/v1/members/{id}", developer.userId())
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .bodyValue(Map.of("role", "superuser"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("role");
        assertThat(roleOf(tenant.id(), developer.userId())).isEqualTo("developer");
    }

    private int owners(UUID tenantId) {
        return jdbc.sql("select count(*) from identity.memberships where tenant_id = :t and role = 'owner'")
                .param("t", tenantId)
                .query(Integer.class)
                .single();
    }

    private String roleOf(UUID tenantId, UUID userId) {
        return jdbc.sql("select role from identity.memberships where tenant_id = :t and user_id = :u")
                .param("t", tenantId)
                .param("u", userId)
                .query(String.class)
                .single();
    }

    private void awaitAudit(UUID tenantId, String action, String resourceId) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(jdbc.sql("""
                                select count(*) from identity.audit_events
                                 where tenant_id = :tenant and action = :action and resource_id = :resource
                                   and details ->> 'ip' = '127.0.0.1'
                                """)
                                .param("tenant", tenantId)
                                .param("action", action)
                                .param("resource", resourceId)
                                .query(Integer.class)
                                .single())
                        .isPositive());
    }
}
