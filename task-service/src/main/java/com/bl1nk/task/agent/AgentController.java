package com.bl1nk.task.agent;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.common.web.Cursors;
import com.bl1nk.common.web.Page;
import com.bl1nk.common.web.PageRequests;
import jakarta.validation.Valid;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** REST API for agents; writes need owner, admin or developer. */
@RestController
@RequestMapping("/api/v1/agents")
class AgentController {

    private final AgentService agents;

    AgentController(AgentService agents) {
        this.agents = agents;
    }

    @Requires(Permission.AGENTS_WRITE)
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    AgentResponse create(Identity identity, @Valid @RequestBody AgentRequest request) {
        requireWriter(identity);
        return AgentResponse.of(agents.create(identity.tenantId(), identity.principal(), request));
    }

    @Requires(Permission.AGENTS_READ)
    @GetMapping
    Page<AgentResponse> list(
            Identity identity,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        int size = PageRequests.limit(limit);
        Page<AgentRepository.Listed> page = Page.of(
                agents.list(identity.tenantId(), Cursors.decode(cursor), size + 1),
                size,
                l -> Cursors.encode(l.sortAt(), l.agent().id()));
        return new Page<>(
                page.items().stream().map(l -> AgentResponse.of(l.agent())).toList(), page.nextCursor());
    }

    @Requires(Permission.AGENTS_READ)
    @GetMapping("/{id}")
    AgentResponse get(Identity identity, @PathVariable UUID id) {
        return AgentResponse.of(agents.current(identity.tenantId(), id));
    }

    @Requires(Permission.AGENTS_READ)
    @GetMapping("/{id}/versions/{version}")
    AgentResponse version(Identity identity, @PathVariable UUID id, @PathVariable int version) {
        return AgentResponse.of(agents.version(identity.tenantId(), id, version));
    }

    @Requires(Permission.AGENTS_WRITE)
    @PutMapping("/{id}")
    AgentResponse update(Identity identity, @PathVariable UUID id, @Valid @RequestBody AgentRequest request) {
        requireWriter(identity);
        return AgentResponse.of(agents.update(identity.tenantId(), identity.principal(), id, request));
    }

    @Requires(Permission.AGENTS_WRITE)
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Identity identity, @PathVariable UUID id) {
        requireWriter(identity);
        agents.delete(identity.tenantId(), identity.principal(), id);
    }

    static void requireWriter(Identity identity) {}
}
