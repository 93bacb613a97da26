package com.bl1nk.gateway.people;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Authorization;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.web.Cursors;
import com.bl1nk.common.web.Page;
import com.bl1nk.common.web.PageRequests;
import com.bl1nk.contracts.audit.AuditRecorded;
import com.bl1nk.gateway.audit.AuditPublisher;
import com.bl1nk.gateway.error.GatewayErrorCode;
import com.bl1nk.gateway.tenant.TenantService;
import com.bl1nk.gateway.web.FieldErrors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Users and the members of a tenant, with the rules that keep a tenant governable: only owners make, demote or remove
 * owners, nobody grants a role above their own, and a tenant always keeps at least one owner (checked under the
 * tenant's lock, so two concurrent demotions cannot both pass). Another tenant's member is a 404. Blocking.
 */
@Service
public class PeopleService {

    /** The principal prefix of a signed-in user. */
    public static final String USER_PRINCIPAL = "user:";

    private final UserRepository users;
    private final TransactionTemplate transactions;
    private final AuditPublisher audit;

    PeopleService(UserRepository users, TransactionTemplate transactions, AuditPublisher audit) {
        this.users = users;
        this.transactions = transactions;
        this.audit = audit;
    }

    /** The user with this e-mail (compared lower-cased). */
    public Optional<UserAccount> findByEmail(String email) {
        return email == null ? Optional.empty() : users.findByEmail(normalizeEmail(email));
    }

    public Optional<UserAccount> findById(UUID id) {
        return users.findById(id);
    }

    /** Whether any user exists yet. */
    public boolean anyUserExists() {
        return users.anyExists();
    }

    /** What a session of {@code userId} in {@code tenantId} may do now. */
    public SessionAccess access(UUID userId, UUID tenantId) {
        return users.access(userId, tenantId);
    }

    /** The tenants of a user, oldest membership first. */
    public List<TenantMembership> tenantsOf(UUID userId) {
        return users.tenantsOf(userId);
    }

    /** The user id of a {@code user:<id>} principal. */
    public static Optional<UUID> userIdOf(Identity identity) {
        if (identity == null || !identity.principal().startsWith(USER_PRINCIPAL)) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(identity.principal().substring(USER_PRINCIPAL.length())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The caller, with their user and tenants when they are a signed-in person. */
    public MeView me(Identity caller) {
        Authorization.check(Permission.ACCOUNT, caller);
        Optional<UserAccount> user = userIdOf(caller).flatMap(users::findById);
        return new MeView(
                caller.principal(),
                caller.tenantId(),
                caller.roles(),
                user.map(u -> new MeView.User(u.id(), u.email(), u.displayName(), u.platformAdmin()))
                        .orElse(null),
                user.map(u -> users.tenantsOf(u.id())).orElse(List.of()));
    }

    /** One page of the caller's tenant's members, oldest first. */
    public Page<MemberView> members(Identity caller, Integer limit, String cursor) {
        Authorization.check(Permission.MEMBERS_READ, caller);
        int size = PageRequests.limit(limit);
        Cursors.Cursor after = Cursors.decode(cursor);
        List<MemberView> rows = users.listMembers(
                caller.tenantId(),
                after == null ? null : after.createdAt(),
                after == null ? null : after.id(),
                size + 1);
        return Page.of(rows, size, member -> Cursors.encode(member.joinedAt(), member.userId()));
    }

    /** Changes a member's role; 404 for someone not in the caller's tenant. */
    public MemberView changeRole(Identity caller, UUID userId, ChangeRoleRequest request, String clientIp) {
        Authorization.check(Permission.MEMBERS_ADMIN, caller);
        String role = request == null || request.role() == null
                ? null
                : request.role().strip();
        if (!Roles.known(role)) {
            new FieldErrors()
                    .add("role", "must be one of owner, admin, developer, viewer")
                    .throwIfAny();
        }
        UUID tenantId = caller.tenantId();
        MemberView[] before = new MemberView[1];
        MemberView changed = transactions.execute(status -> {
            users.lockMembers(tenantId);
            MemberView member =
                    users.findMember(tenantId, userId).orElseThrow(() -> ApiException.notFound("member", userId));
            before[0] = member;
            if (member.role().equals(role)) {
                return member;
            }
            boolean touchesOwner = Identity.OWNER.equals(member.role()) || Identity.OWNER.equals(role);
            if (touchesOwner && !actsAsOwner(caller)) {
                throw ApiException.of(
                        GatewayErrorCode.OWNER_MEMBER, "Only an owner can make, demote or remove an owner");
            }
            if (Roles.rank(role) > Roles.highest(caller.roles()) && !actsAsOwner(caller)) {
                throw ApiException.of(
                        GatewayErrorCode.ROLE_NOT_GRANTABLE, "You cannot grant role " + role + ", above your own");
            }
            if (Identity.OWNER.equals(member.role()) && users.countOwners(tenantId) <= 1) {
                throw lastOwner();
            }
            users.updateRole(tenantId, userId, role);
            return users.findMember(tenantId, userId).orElseThrow();
        });
        if (!before[0].role().equals(changed.role())) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("from", before[0].role());
            details.put("to", changed.role());
            details.put("ip", clientIp);
            audit.publish(AuditRecorded.success(
                    tenantId, caller.principal(), "member.role_changed", "user", userId.toString(), details));
        }
        return changed;
    }

    /** Removes a member from the caller's tenant; their sessions there stop working on the next request. */
    public void remove(Identity caller, UUID userId, String clientIp) {
        Authorization.check(Permission.MEMBERS_ADMIN, caller);
        UUID tenantId = caller.tenantId();
        MemberView removed = transactions.execute(status -> {
            users.lockMembers(tenantId);
            MemberView member =
                    users.findMember(tenantId, userId).orElseThrow(() -> ApiException.notFound("member", userId));
            if (Identity.OWNER.equals(member.role())) {
                if (!actsAsOwner(caller)) {
                    throw ApiException.of(GatewayErrorCode.OWNER_MEMBER, "Only an owner can remove an owner");
                }
                if (users.countOwners(tenantId) <= 1) {
                    throw lastOwner();
                }
            }
            users.deleteMembership(tenantId, userId);
            return member;
        });
        audit.publish(AuditRecorded.success(
                tenantId,
                caller.principal(),
                "member.removed",
                "user",
                userId.toString(),
                Map.of("role", removed.role(), "ip", clientIp)));
    }

    /**
     * Adds a membership inside the caller's transaction (invitation, first user); 409 when already a member. Publishes
     * nothing.
     */
    void addMember(UUID tenantId, UUID userId, String role, String createdBy) {
        users.lockMembers(tenantId);
        if (users.findMember(tenantId, userId).isPresent()) {
            throw ApiException.of(GatewayErrorCode.ALREADY_MEMBER, "You already belong to this tenant");
        }
        users.insertMembership(tenantId, userId, role, createdBy);
    }

    /** Inserts a user inside the caller's transaction; 409 when the e-mail is taken. Publishes nothing. */
    UUID createUser(String email, String displayName, String passwordHash, boolean platformAdmin) {
        if (users.findByEmail(email).isPresent()) {
            throw ApiException.of(
                    GatewayErrorCode.EMAIL_TAKEN, "A user with this e-mail already exists; sign in first");
        }
        UUID id = UUID.randomUUID();
        try {
            users.insert(id, email, displayName, passwordHash, platformAdmin);
        } catch (org.springframework.dao.DuplicateKeyException e) {
            throw ApiException.of(
                    GatewayErrorCode.EMAIL_TAKEN, "A user with this e-mail already exists; sign in first");
        }
        return id;
    }

    /** Whether someone with this e-mail already belongs to the tenant. */
    boolean isMember(UUID tenantId, String email) {
        return users.isMemberByEmail(tenantId, email);
    }

    /** An owner of the tenant, or the platform operator, acts with an owner's rights. */
    static boolean actsAsOwner(Identity caller) {
        return caller.hasRole(Identity.OWNER) || caller.hasScope(TenantService.PLATFORM_ADMIN);
    }

    /** Trims and lower-cases an e-mail for storage and lookup. */
    public static String normalizeEmail(String email) {
        return email == null ? null : email.strip().toLowerCase(Locale.ROOT);
    }

    /** Adds field errors for a malformed e-mail. */
    static void checkEmail(String email, String field, FieldErrors errors) {
        if (email == null || email.isEmpty()) {
            errors.add(field, "must not be blank");
        } else if (email.length() > 320 || !email.matches("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$")) {
            errors.add(field, "must be an e-mail address like name@example.com");
        }
    }

    /** Adds field errors for a malformed display name. */
    static void checkDisplayName(String name, String field, FieldErrors errors) {
        if (name == null || name.isBlank()) {
            errors.add(field, "must not be blank");
        } else if (name.strip().length() > 200) {
            errors.add(field, "must be at most 200 characters");
        }
    }

    private static ApiException lastOwner() {
        return ApiException.of(
                GatewayErrorCode.LAST_OWNER, "This is the tenant's last owner: make someone else owner first");
    }
}
