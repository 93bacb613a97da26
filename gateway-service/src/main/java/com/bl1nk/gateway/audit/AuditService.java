package com.bl1nk.gateway.audit;

import com.bl1nk.common.identity.Authorization;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.web.Cursors;
import com.bl1nk.common.web.Page;
import com.bl1nk.common.web.PageRequests;
import java.util.List;
import org.springframework.stereotype.Service;

/** Reads a tenant's audit log for its owners and admins. Blocking: call it off the event loop. */
@Service
class AuditService {

    private final AuditRepository repository;

    AuditService(AuditRepository repository) {
        this.repository = repository;
    }

    Page<AuditEventView> list(Identity caller, String action, String resourceType, Integer limit, String cursor) {
        Authorization.check(Permission.AUDIT_READ, caller);
        int size = PageRequests.limit(limit);
        Cursors.Cursor after = Cursors.decode(cursor);
        List<AuditEventView> rows = repository.list(
                caller.tenantId(),
                blankToNull(action),
                blankToNull(resourceType),
                after == null ? null : after.createdAt(),
                after == null ? null : after.id(),
                size + 1);
        return Page.of(rows, size, event -> Cursors.encode(event.occurredAt(), event.id()));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
